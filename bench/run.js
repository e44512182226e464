/**
 * `npm run bench`: how fast the shipped code is, measured against the simulator on
 * loopback. Speed lives here, never in a timed test. Runs the built package (dist/),
 * so it measures what users install. Bounded: fixed counts, one simulator, no retries.
 */
const { performance } = require('perf_hooks');
const { startSimulator, DEFAULTS } = require('../test/simulator');
const { runNode } = require('../test/helpers/n8nContext');
const { Bitel } = require('../dist/nodes/Bitel/Bitel.node');
const { BitelApi } = require('../dist/credentials/BitelApi.credentials');
const { normalizeIranianPhoneNumber } = require('../dist/nodes/shared/phone');

const rows = [];
function record(name, count, unit, ms, extra = '') {
	rows.push({
		benchmark: name,
		count,
		unit,
		'per second': Math.round((count / ms) * 1000),
		'total ms': Math.round(ms),
		notes: extra,
	});
}

function phoneNumbers(count) {
	const forms = [
		(n) => `0912${n}`,
		(n) => `+98 912 ${n.slice(0, 3)} ${n.slice(3)}`,
		(n) => `0098912${n}`,
		(n) => `912-${n}`,
	];
	return Array.from({ length: count }, (_, index) =>
		forms[index % forms.length](String(index).padStart(7, '0')),
	);
}

async function main() {
	// 1. Pure phone-number normalisation.
	const inputs = phoneNumbers(200_000);
	let started = performance.now();
	let valid = 0;
	for (const input of inputs) if (normalizeIranianPhoneNumber(input)) valid++;
	record(
		'phone normalisation',
		inputs.length,
		'numbers',
		performance.now() - started,
		`${valid} valid`,
	);

	const sim = await startSimulator({ port: 0, seed: 3, bitel: { finalAfterMs: 300 } });
	const credentials = { bitelApi: { apiToken: DEFAULTS.bitel.token, baseUrl: sim.url } };
	const credentialTypes = { bitelApi: new BitelApi() };
	try {
		// 2. A large batch: 10,000 numbers over 50 items.
		const numbers = phoneNumbers(10_000).map((n) => normalizeIranianPhoneNumber(n));
		const parameters = Array.from({ length: 50 }, (_, item) => ({
			operation: 'batch',
			voiceId: DEFAULTS.bitel.voiceId,
			phoneNumbers: numbers.slice(item * 200, item * 200 + 200).join('\n'),
		}));
		started = performance.now();
		const batch = await runNode(Bitel, { parameters, credentials, credentialTypes });
		const batchMs = performance.now() - started;
		if (batch.error) throw batch.error;
		record(
			'batch call, 10,000 numbers / 50 items',
			batch.items.length,
			'numbers',
			batchMs,
			`${sim.requests({ provider: 'bitel' }).length} requests`,
		);

		// 3. Status of 500 calls, waiting for the final status, polled together.
		sim.clearLog();
		const ids = batch.items.slice(0, 500).map((item) => item.json.id);
		started = performance.now();
		const status = await runNode(Bitel, {
			parameters: ids.map((callId) => ({
				operation: 'status',
				callId,
				options: { waitForFinal: true, pollInterval: 1, timeout: 60 },
			})),
			credentials,
			credentialTypes,
		});
		if (status.error) throw status.error;
		const finals = status.items.filter((item) => item.json.final).length;
		record(
			'status with wait for final, 500 calls',
			ids.length,
			'calls',
			performance.now() - started,
			`${finals} final, ${sim.requests({ provider: 'bitel' }).length} status requests`,
		);

		// 4. One OTP call per item, 200 items.
		sim.clearLog();
		started = performance.now();
		const otp = await runNode(Bitel, {
			parameters: numbers
				.slice(0, 200)
				.map((phoneNumber, index) => ({
					operation: 'otp',
					phoneNumber,
					code: String(1000 + index),
				})),
			credentials,
			credentialTypes,
		});
		if (otp.error) throw otp.error;
		record(
			'OTP call, 200 items',
			otp.items.length,
			'calls',
			performance.now() - started,
			`${sim.requests({ provider: 'bitel' }).length} requests`,
		);
	} finally {
		await sim.close();
	}
	console.table(rows);
}

main().catch((error) => {
	console.error(error);
	process.exitCode = 1;
});
