/**
 * Issue 12, point 4 (Bitel): the node against a simulator that answers the ways Bitel may
 * really answer (bitel-dialect.js): PascalCase fields, `error` as an object, ASP.NET
 * validation bodies, batch records in another order and number form, a 429 or 5xx while
 * waiting for a final status, and a Call Status that does not know a new call yet.
 */
const { NodeApiError } = require('n8n-workflow');
const { startSimulator, DEFAULTS } = require('../../tools/simulator');
const { runNode } = require('../../tools/n8n-context');
const { Bitel } = require('../../nodes/Bitel/Bitel.node');
const { BitelApi } = require('../../credentials/BitelApi.credentials');

const VOICE = DEFAULTS.bitel.voiceId;
const sims = [];

async function simulator(bitel) {
	const sim = await startSimulator({ port: 0, seed: 12, bitel: { finalAfterMs: 300, ...bitel } });
	sims.push(sim);
	return sim;
}
afterAll(async () => {
	await Promise.all(sims.map((sim) => sim.close()));
});

function bitel(sim, parameters, extra = {}) {
	return runNode(Bitel, {
		parameters,
		items: extra.items,
		credentials: { bitelApi: { apiToken: DEFAULTS.bitel.token, baseUrl: sim.url } },
		credentialTypes: { bitelApi: new BitelApi() },
		continueOnFail: extra.continueOnFail,
	});
}

/** A call to a server ID Bitel does not know (InvalidServer, HTTP 400), with Continue On Fail. */
const withUnknownServer = (sim, parameters) =>
	bitel(
		sim,
		{ voiceId: VOICE, options: { serverId: 'nope' }, ...parameters },
		{ continueOnFail: true },
	);

/** Places one call and returns its id. */
async function placeOne(sim, phoneNumber) {
	const placed = await bitel(sim, { operation: 'single', phoneNumber, voiceId: VOICE });
	return placed.items[0].json.id;
}

const failStatus = (sim, callId, status, times) =>
	sim.injectFault({ path: `/api/v2/voice/status/${callId}`, type: 'status', status, times });

const callIdOf = (sim, national) =>
	[...sim.bitel.calls.values()].filter((call) => call.phoneNumber === national).map((c) => c.id);

describe('Bitel answers in PascalCase', () => {
	let sim;
	beforeAll(async () => {
		sim = await simulator({ fieldCase: 'pascal', statusEnvelope: 'enveloped' });
	});

	test('the simulator really answers in PascalCase', async () => {
		const response = await fetch(`${sim.url}/api/v2/voice/single`, {
			method: 'POST',
			headers: {
				authorization: `Bearer ${DEFAULTS.bitel.token}`,
				'content-type': 'application/json',
			},
			body: JSON.stringify({ phoneNumber: '09121234560', voiceId: VOICE }),
		});
		const body = await response.json();
		expect(Object.keys(body).sort()).toEqual(['Error', 'Result']);
		expect(body.Result).toMatchObject({ PhoneNumber: '09121234560', StatusCode: 0 });
	});

	test('a single call outputs the documented camelCase record', async () => {
		const run = await bitel(sim, {
			operation: 'single',
			phoneNumber: '09121234561',
			voiceId: VOICE,
		});
		expect(run.error).toBeUndefined();
		expect(run.items[0].json).toMatchObject({
			id: callIdOf(sim, '09121234561')[0],
			phoneNumber: '09121234561',
			status: 'WAITING',
			statusCode: 0,
		});
	});

	test('a batch pairs each number with its own record', async () => {
		const numbers = ['09121234562', '09121234567', '09121234568'];
		const run = await bitel(sim, {
			operation: 'batch',
			phoneNumbers: numbers.join(','),
			voiceId: VOICE,
		});
		expect(run.error).toBeUndefined();
		expect(run.items.map((item) => [item.json.inputPhoneNumber, item.json.id])).toEqual(
			numbers.map((n) => [n, callIdOf(sim, n)[0]]),
		);
	});

	test('waiting for a final status reads StatusCode and ends', async () => {
		const run = await bitel(sim, {
			operation: 'status',
			callId: await placeOne(sim, '09121234567'),
			options: { waitForFinal: true, pollInterval: 1, timeout: 20 },
		});
		expect(run.error).toBeUndefined();
		expect(run.items[0].json).toMatchObject({
			status: 'NO_ANSWER',
			statusCode: 2,
			final: true,
			answered: false,
			timedOut: false,
		});
	});

	test('a PascalCase error is an error, with its code', async () => {
		const run = await bitel(sim, {
			operation: 'single',
			phoneNumber: '09121234561',
			voiceId: VOICE,
			options: { serverId: 'nope' },
		});
		expect(run.error).toBeInstanceOf(NodeApiError);
		expect(run.error.message).toBe('Bitel does not know this server ID');
		expect(run.error.context).toMatchObject({ providerCode: 'InvalidServer', outcome: 'rejected' });
	});
});

describe('Bitel errors as objects and as ASP.NET validation bodies', () => {
	test("error {code, message}: the code and Bitel's message are in the error", async () => {
		const sim = await simulator({ errorShape: 'object' });
		const run = await withUnknownServer(sim, { operation: 'single', phoneNumber: '09121234561' });
		expect(run.items[0].json).toMatchObject({
			error: 'Bitel does not know this server ID',
			code: 'InvalidServer',
			httpCode: '400',
			outcome: 'rejected',
		});
		expect(run.items[0].json.description).toContain('Bitel said: "The server ID is not valid."');
		expect(sim.bitel.calls.size).toBe(0);
	});

	test('an ASP.NET validation body on 400 is a rejection that quotes the fields, never a success', async () => {
		const sim = await simulator({ errorShape: 'aspnet' });
		const run = await withUnknownServer(sim, {
			operation: 'batch',
			phoneNumbers: '09121234561,09121234562',
		});
		expect(run.items).toHaveLength(2);
		for (const item of run.items) {
			expect(item.json).toMatchObject({
				error: 'Bitel rejected the request as invalid',
				code: 'ValidationProblem',
				httpCode: '400',
				outcome: 'rejected',
			});
			expect(item.json.description).toContain('One or more validation errors occurred.');
			expect(item.json.description).toContain('Request: InvalidServer');
			expect(item.json.id).toBeUndefined();
		}
	});

	test('an ASP.NET validation body answered with HTTP 200 is not a success either', async () => {
		const sim = await simulator({});
		sim.injectFault({
			path: '/api/v2/voice/single',
			type: 'status',
			status: 200,
			body: {
				type: 'about:blank',
				title: 'One or more validation errors occurred.',
				status: 400,
				errors: { PhoneNumber: ['Required'] },
			},
		});
		const run = await bitel(
			sim,
			{ operation: 'single', phoneNumber: '09121234561', voiceId: VOICE },
			{ continueOnFail: true },
		);
		expect(run.items[0].json).toMatchObject({ code: 'ValidationProblem', outcome: 'rejected' });
		expect(run.items[0].json.description).toContain('PhoneNumber: Required');
	});
});

describe('batch records in another order and in another number form', () => {
	test('each number gets the record with its number, whatever the order and the form', async () => {
		const sim = await simulator({ batchNumbers: 'international', batchOrder: 'reversed' });
		const numbers = ['09121234560', '09121234567', '09121234568', '09121234569'];
		const run = await bitel(sim, {
			operation: 'batch',
			phoneNumbers: numbers.map((n) => `+98 ${n.slice(1)}`).join('\n'),
			voiceId: VOICE,
		});
		expect(run.error).toBeUndefined();
		expect(run.items.map((item) => item.json.phoneNumber)).toEqual(
			numbers.map((n) => `+98${n.slice(1)}`),
		);
		expect(run.items.map((item) => item.json.id)).toEqual(numbers.map((n) => callIdOf(sim, n)[0]));
		// One record per number, never one record for two.
		expect(new Set(run.items.map((item) => item.json.id)).size).toBe(numbers.length);
	});

	test('with Remove Duplicates off, a number sent twice gets its two records', async () => {
		const sim = await simulator({ batchNumbers: 'international', batchOrder: 'reversed' });
		const run = await bitel(sim, {
			operation: 'batch',
			phoneNumbers: '09121234560,09121234561,09121234560',
			voiceId: VOICE,
			options: { dedupe: false },
		});
		expect(run.error).toBeUndefined();
		const ids = run.items.map((item) => item.json.id);
		expect(new Set(ids).size).toBe(3);
		expect([ids[0], ids[2]].sort()).toEqual(callIdOf(sim, '09121234560').sort());
		expect(ids[1]).toBe(callIdOf(sim, '09121234561')[0]);
	});
});

describe('waiting for a final status through passing failures', () => {
	test('a 429 and a 503 while waiting keep it waiting until the call is final', async () => {
		const sim = await simulator({ finalAfterMs: 2500 });
		const callId = await placeOne(sim, '09121234560');
		sim.clearLog();
		const statusPath = `/api/v2/voice/status/${callId}`;
		sim.injectFault({ path: statusPath, type: 'status', status: 503, times: 1 });
		sim.injectFault({ path: statusPath, type: 'status', status: 429, retryAfter: 60, times: 1 });
		sim.injectFault({ path: statusPath, type: 'status', status: 500, times: 1 });
		const run = await bitel(sim, {
			operation: 'status',
			callId,
			options: { waitForFinal: true, pollInterval: 1, timeout: 30 },
		});
		expect(run.error).toBeUndefined();
		expect(run.items[0].json).toMatchObject({
			id: callId,
			status: 'NORMAL',
			final: true,
			timedOut: false,
		});
		const statuses = sim.requests({ provider: 'bitel' }).map((entry) => entry.responseStatus);
		expect(statuses.slice(0, 3)).toEqual([503, 429, 500]);
		expect(statuses[statuses.length - 1]).toBe(200);
	});

	test('bounded by Timeout: a provider that keeps failing ends as an error item, not a hang', async () => {
		const sim = await simulator({});
		const callId = await placeOne(sim, '09121234560');
		failStatus(sim, callId, 502, Infinity);
		const started = Date.now();
		const run = await bitel(
			sim,
			{ operation: 'status', callId, options: { waitForFinal: true, pollInterval: 1, timeout: 3 } },
			{ continueOnFail: true },
		);
		expect(Date.now() - started).toBeLessThan(15_000);
		expect(run.items[0].json).toMatchObject({ callId, httpCode: '502', outcome: 'unknown' });
	});

	test('without Wait for Final Status, a 503 is the answer at once', async () => {
		const sim = await simulator({});
		const callId = await placeOne(sim, '09121234560');
		sim.clearLog();
		failStatus(sim, callId, 503, 1);
		const run = await bitel(sim, { operation: 'status', callId }, { continueOnFail: true });
		expect(run.items[0].json).toMatchObject({ httpCode: '503' });
		expect(sim.requests({ provider: 'bitel' })).toHaveLength(1);
	});

	test('a NotFound right after the call was made is checked again; the call is then found', async () => {
		const sim = await simulator({ statusNotFoundForMs: 2500, finalAfterMs: 3000 });
		const placed = await bitel(sim, {
			operation: 'single',
			phoneNumber: '09121234561',
			voiceId: VOICE,
		});
		sim.clearLog();
		// Make → Get Status: the input item is the record Make returned (with requestDate).
		const run = await bitel(
			sim,
			{
				operation: 'status',
				callId: placed.items[0].json.id,
				options: { waitForFinal: true, pollInterval: 1, timeout: 30 },
			},
			{ items: placed.items.map((item) => ({ json: item.json })) },
		);
		expect(run.error).toBeUndefined();
		expect(run.items[0].json).toMatchObject({ status: 'NORMAL', final: true });
		expect(sim.requests({ provider: 'bitel' })[0].responseStatus).toBe(404);
	});

	test('a NotFound for a call made long ago is final at once', async () => {
		const sim = await simulator({});
		sim.clearLog();
		const run = await bitel(
			sim,
			{
				operation: 'status',
				callId: 'ffffffffffffffffffffffffffffffff',
				options: { waitForFinal: true, pollInterval: 1, timeout: 30 },
			},
			{
				items: [{ json: { requestDate: Math.floor(Date.now() / 1000) - 3600 } }],
				continueOnFail: true,
			},
		);
		expect(run.items[0].json).toMatchObject({ code: 'NotFound', httpCode: '404' });
		expect(sim.requests({ provider: 'bitel' })).toHaveLength(1);
	});
});

describe('a call status as the number alone or as a .NET name (issue 23, point 2)', () => {
	test('a numeric status alone is the code: Wait for Final Status ends, with both name and code', async () => {
		const sim = await simulator({ callStatus: 'numeric' });
		const placed = await bitel(sim, {
			operation: 'single',
			phoneNumber: '09121234567',
			voiceId: VOICE,
		});
		expect(placed.items[0].json).toMatchObject({ status: 'WAITING', statusCode: 0 });
		sim.clearLog();
		const run = await bitel(sim, {
			operation: 'status',
			callId: placed.items[0].json.id,
			options: { waitForFinal: true, pollInterval: 1, timeout: 8 },
		});
		expect(run.error).toBeUndefined();
		expect(run.items[0].json).toMatchObject({
			status: 'NO_ANSWER',
			statusCode: 2,
			final: true,
			answered: false,
			timedOut: false,
			statusDescription: 'Not answered: the callee did not pick up',
		});
		// Ended when the call did, not at the Timeout.
		expect(sim.requests({ provider: 'bitel' }).length).toBeLessThanOrEqual(3);
	});

	test('a .NET name (NoAnswer) is output as the docs write it (NO_ANSWER), with the code', async () => {
		const sim = await simulator({ callStatus: 'name' });
		const callId = await placeOne(sim, '09121234567');
		await sim.bitel.settleAll();
		const run = await bitel(sim, { operation: 'status', callId });
		expect(run.items[0].json).toMatchObject({
			status: 'NO_ANSWER',
			statusCode: 2,
			final: true,
		});
	});
});

describe('records that name their id requestId (issue 23, point 4)', () => {
	test('a call and an SMS get id = requestId, and Get Status chains on it', async () => {
		const sim = await simulator({ recordId: 'requestId', finalAfterMs: 0 });
		const placed = await bitel(sim, { operation: 'otp', phoneNumber: '09121234560', code: '4821' });
		const call = placed.items[0].json;
		expect(call.id).toBe(callIdOf(sim, '09121234560')[0]);
		expect(call.requestId).toBe(call.id);
		const checked = await bitel(sim, { operation: 'status', callId: call.id });
		expect(checked.error).toBeUndefined();
		expect(checked.items[0].json).toMatchObject({ id: call.id, status: 'NORMAL', final: true });

		const sent = await bitel(sim, {
			resource: 'sms',
			operation: 'send',
			phoneNumber: '09121234560',
			message: 'x',
		});
		const smsId = sent.items[0].json.id;
		expect(smsId).toMatch(/^[0-9a-f]{32}$/);
		const smsChecked = await bitel(sim, { resource: 'sms', operation: 'status', smsId });
		expect(smsChecked.items[0].json).toMatchObject({ id: smsId, status: 'DELIVERED' });
	});

	test('a batch pairs and names each record by requestId', async () => {
		const sim = await simulator({ recordId: 'requestId', batchOrder: 'reversed' });
		const numbers = ['09121234560', '09121234561'];
		const run = await bitel(sim, { operation: 'batch', phoneNumbers: numbers, voiceId: VOICE });
		expect(run.items.map((item) => item.json.id)).toEqual(numbers.map((n) => callIdOf(sim, n)[0]));
	});
});

describe('a 3xx answer that carries Bitel’s error code (issue 23, point 7)', () => {
	test('is a rejection with that code, nothing placed, not an unknown outcome', async () => {
		const sim = await simulator({ rejectionStatus: 300 });
		const run = await withUnknownServer(sim, { operation: 'single', phoneNumber: '09121234560' });
		expect(run.items[0].json).toMatchObject({
			error: 'Bitel does not know this server ID',
			code: 'InvalidServer',
			httpCode: '300',
			outcome: 'rejected',
		});
		expect(sim.bitel.calls.size).toBe(0);
		expect(sim.requests({ provider: 'bitel' })).toHaveLength(1);
	});

	test('a 3xx without Bitel’s error code stays unknown, never sent again', async () => {
		const sim = await simulator({});
		sim.injectFault({ path: '/api/v2/voice/single', type: 'status-after', status: 302, body: '' });
		const run = await bitel(
			sim,
			{ operation: 'single', phoneNumber: '09121234560', voiceId: VOICE },
			{ continueOnFail: true },
		);
		expect(run.items[0].json.outcome).toBe('unknown');
		expect(sim.requests({ provider: 'bitel' })).toHaveLength(1);
	});
});
