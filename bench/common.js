'use strict';
/**
 * What every scenario shares: the rig it runs on (the n8n runtime, the simulator), inputs,
 * logging, and the simulator helpers. The rig is required here only, so a move of the rig
 * touches one file.
 */
const rt = require('../tools/n8n-runtime');
const { startSimulator, DEFAULTS } = require('../tools/simulator');
const wf = require('./workflows');
const m = require('./measure');

const HOUR_MS = 3600 * 1000;
const MAX_NUMBERS_PER_REQUEST = 100; // Bitel's batch limit

/** N distinct national mobile numbers. */
const phones = (count, prefix = '0912') =>
	Array.from({ length: count }, (_, i) => `${prefix}${String(i).padStart(7, '0')}`);

const log = (...args) => process.stderr.write(`[bench] ${args.join(' ')}\n`);
const secs = (ms) => `${(ms / 1000).toFixed(2)} s`;

/** Whether an output item carries a Bitel call id: ours bare, HTTP Request's in Bitel's envelope. */
const hasCallId = (item) =>
	Boolean(item.json && (item.json.id || (item.json.result && item.json.result.id)));

/** A figure measured in several runs: the runs and their median. */
function figure(runs) {
	return { median: m.median(runs), runs };
}

/** Empties the simulator's log and stored calls/notifications, so every run starts alike. */
function resetSimulator(sim) {
	sim.clearLog();
	Map.prototype.clear.call(sim.bitel.calls);
	Map.prototype.clear.call(sim.bitel.messages);
	Map.prototype.clear.call(sim.bes.notifications);
}

/**
 * Creates `count` Bitel calls directly at the simulator; their records as Make Batch
 * outputs them (id and requestDate, the fields Get Status reads).
 */
async function createCalls(sim, count) {
	const records = [];
	const numbers = phones(count, '0935');
	for (let start = 0; start < count; start += MAX_NUMBERS_PER_REQUEST) {
		const res = await rt.httpRequest('POST', `${sim.url}/api/v2/voice/batch`, {
			headers: { authorization: `Bearer ${DEFAULTS.bitel.token}` },
			body: {
				voiceId: wf.VOICE_ID,
				phoneNumbers: numbers.slice(start, start + MAX_NUMBERS_PER_REQUEST),
			},
		});
		if (res.status !== 200) throw new Error(`creating calls: HTTP ${res.status} ${res.text}`);
		records.push(
			...JSON.parse(res.text).result.map(({ id, requestDate }) => ({ id, requestDate })),
		);
	}
	return records;
}

module.exports = {
	rt,
	startSimulator,
	DEFAULTS,
	HOUR_MS,
	MAX_NUMBERS_PER_REQUEST,
	phones,
	log,
	secs,
	hasCallId,
	figure,
	resetSimulator,
	createCalls,
};
