'use strict';
/**
 * The Bitel node's SMS resource in a real n8n, 2.41.1 or (test:e2e:n8n1) 1.123.81: every SMS
 * operation started through its production webhook against the simulator, with what Bitel would
 * have received (method, path, headers, body), what the node returned, Bitel's error codes,
 * Continue On Fail with pairedItem, and the pooling of batch and personalized batch SMS.
 */
const {
	startE2E,
	requirePackageNodes,
	pairedIndex,
	BITEL_HOOK_TOKEN,
	SETUP_TIMEOUT_MS,
} = require('../../tools/harness');

jest.setTimeout(120000);

requirePackageNodes();

const TOKEN = 'sim-bitel-token';
const GATEWAY = '30001234';
const HEX32 = /^[0-9a-f]{32}$/;
const WORKFLOWS = [
	'e2eBitelSmsOtp01',
	'e2eBitelSmsTmpl1',
	'e2eBitelSmsSend1',
	'e2eBitelSmsBatch',
	'e2eBitelSmsP2p01',
	'e2eBitelSmsStat1',
	'e2eBitelSmsCof01',
	'e2eBitelTrigger1',
];

/** `count` distinct mobile numbers 0912…, last digit 0–5 (the simulator delivers those). */
function mobiles(count, start = 2000000) {
	return Array.from({ length: count }, (_, i) => `0912${String(start + i * 10).padStart(7, '0')}`);
}

/** The status fields Get SMS Status, the send operations and the Bitel Trigger all give. */
const STATUS_FIELDS = ['status', 'statusCode', 'delivered', 'final', 'statusDescription'];
const statusFieldsOf = (json) => Object.fromEntries(STATUS_FIELDS.map((k) => [k, json[k]]));

const WAITING = {
	status: 'WAITING',
	statusCode: 0,
	delivered: false,
	final: false,
	statusDescription: 'Waiting: the SMS is being sent',
};

describe('Bitel SMS in a real n8n', () => {
	let e2e;

	beforeAll(async () => {
		e2e = await startE2E({
			name: 'sms',
			workflows: WORKFLOWS,
			activate: WORKFLOWS,
			simulator: { bitel: { finalAfterMs: 1500, gateways: [GATEWAY] } },
		});
	}, SETUP_TIMEOUT_MS);

	afterAll(async () => {
		if (e2e) await e2e.close();
	});

	beforeEach(() => {
		if (e2e) {
			e2e.sim.clearLog();
			e2e.sim.clearFaults();
		}
	});

	const requests = (path) => e2e.sim.requests({ provider: 'bitel', ...(path ? { path } : {}) });

	function expectSentAsBitelDocuments(request, path) {
		expect(request.method).toBe('POST');
		expect(request.path).toBe(path);
		expect(request.headers.authorization).toBe(`Bearer ${TOKEN}`);
		expect(String(request.headers['content-type'] || '')).toMatch(/application\/json/);
	}

	async function runOk(workflowId, items, opts) {
		const run = await e2e.run(workflowId, items, opts);
		expect({ status: run.status, error: run.error && run.error.message }).toEqual({
			status: 'success',
			error: undefined,
		});
		return run;
	}

	test('Send OTP SMS: one request per item with appName and code; a generated code is in the output', async () => {
		const run = await runOk('e2eBitelSmsOtp01', [
			{ phoneNumber: '+98 912 300 0001', appName: 'My Shop', code: '۴۸۲۱۹۳' },
			{ phoneNumber: '09123000002', appName: 'My Shop', generateCode: true },
		]);
		const items = run.items('Bitel');
		expect(items.map(pairedIndex)).toEqual([0, 1]);
		const sent = requests('/api/v2/sms/otp');
		expect(sent).toHaveLength(2);
		sent.forEach((r) => expectSentAsBitelDocuments(r, '/api/v2/sms/otp'));
		const bodies = sent
			.map((r) => r.body)
			.sort((a, b) => a.phoneNumber.localeCompare(b.phoneNumber));
		expect(bodies[0]).toEqual({ phoneNumber: '09123000001', appName: 'My Shop', code: '482193' });
		expect(bodies[1]).toEqual({
			phoneNumber: '09123000002',
			appName: 'My Shop',
			code: expect.stringMatching(/^\d{6}$/),
		});
		expect(items[0].json).toMatchObject({ phoneNumber: '09123000001', code: '482193', ...WAITING });
		// The generated code is the one Bitel received: a later node compares what the user types.
		expect(items[1].json.code).toBe(bodies[1].code);
		for (const { json } of items) {
			expect(json.id).toMatch(HEX32);
			expect(json.message).toContain(json.code);
		}
	});

	test('Send Template SMS: templateId as a number, params as an array, from text or from an array', async () => {
		const run = await runOk('e2eBitelSmsTmpl1', [
			{ phoneNumber: '09123000011', templateId: '1024', templateParams: 'Sara, 1403/05/12' },
			{ phoneNumber: '09123000012', templateId: 77, templateParams: ['Ali', '3, Main gate'] },
		]);
		expect(run.items('Bitel').map(pairedIndex)).toEqual([0, 1]);
		const sent = requests('/api/v2/sms/template');
		expect(sent).toHaveLength(2);
		sent.forEach((r) => expectSentAsBitelDocuments(r, '/api/v2/sms/template'));
		expect(sent.map((r) => r.body).sort((a, b) => a.templateId - b.templateId)).toEqual([
			{ phoneNumber: '09123000012', templateId: 77, params: ['Ali', '3, Main gate'] },
			{ phoneNumber: '09123000011', templateId: 1024, params: ['Sara', '1403/05/12'] },
		]);
		expect(run.json('Bitel')[0]).toMatchObject({ phoneNumber: '09123000011', ...WAITING });
	});

	test('Send SMS: message, national number and gateway number; output with parts, Bitel’s and ours', async () => {
		const long = 'سلام '.repeat(20).trim();
		const run = await runOk('e2eBitelSmsSend1', [
			{ phoneNumber: '0912 300 0021', message: 'Your order has shipped', gatewayNumber: GATEWAY },
			{ phoneNumber: '09123000022', message: long },
		]);
		const sent = requests('/api/v2/sms/single');
		expect(sent).toHaveLength(2);
		sent.forEach((r) => expectSentAsBitelDocuments(r, '/api/v2/sms/single'));
		const byNumber = Object.fromEntries(sent.map((r) => [r.body.phoneNumber, r.body]));
		expect(byNumber).toEqual({
			'09123000021': {
				phoneNumber: '09123000021',
				message: 'Your order has shipped',
				gatewayNumber: GATEWAY,
			},
			'09123000022': { phoneNumber: '09123000022', message: long },
		});
		const items = run.items('Bitel');
		expect(items.map(pairedIndex)).toEqual([0, 1]);
		expect(items[0].json).toMatchObject({
			phoneNumber: '09123000021',
			gatewayNumber: GATEWAY,
			statusText: 'Waiting',
			partCount: 1,
			estimatedPartCount: 1,
			...WAITING,
		});
		// 99 Persian characters: two parts of at most 67.
		expect(items[1].json).toMatchObject({ partCount: 2, estimatedPartCount: 2 });
	});

	test('a gateway number Bitel does not know stops the workflow with InvalidGateway and the fix', async () => {
		const run = await e2e.run('e2eBitelSmsSend1', [
			{ phoneNumber: '09123000031', message: 'Hi', gatewayNumber: '30009999' },
		]);
		expect(run.status).toBe('error');
		expect(run.error.message).toBe('Bitel does not accept this gateway number');
		expect(run.error.description).toMatch(/Gateway Number/);
		expect(run.error.context.providerCode).toBe('InvalidGateway');
		expect(run.error.httpCode).toBe('400');
		expect(requests()).toHaveLength(1);
	});

	test('Continue On Fail: bad input and InvalidGateway become error items paired to their items; good ones are sent', async () => {
		const run = await runOk('e2eBitelSmsCof01', [
			{ phoneNumber: '09123000041', message: 'Hello' },
			{ phoneNumber: '09123000042', message: '   ' },
			{ phoneNumber: '09123000043', message: 'Hello', gatewayNumber: '30009999' },
			{ phoneNumber: '09123000044', message: 'Hello', gatewayNumber: '3000-12a4' },
		]);
		const items = run.items('Bitel');
		expect(items.map(pairedIndex)).toEqual([0, 1, 2, 3]);
		expect(items[0].json).toMatchObject({ phoneNumber: '09123000041', ...WAITING });
		expect(items[1].json).toMatchObject({
			error: 'Message: is empty [item 1]',
			description: expect.stringMatching(/spaces alone are not a message.*Nothing was sent/),
		});
		expect(items[2].json).toMatchObject({
			error: 'Bitel does not accept this gateway number',
			description: expect.stringMatching(/Gateway Number/),
			code: 'InvalidGateway',
			httpCode: '400',
		});
		expect(items[3].json.error).toBe(
			'Gateway Number: "3000-12a4" is not a gateway number [item 3]',
		);
		// Bad input is never sent; the unknown gateway was sent once and refused.
		const sent = requests('/api/v2/sms/single');
		expect(sent.map((r) => r.body.phoneNumber).sort()).toEqual(['09123000041', '09123000043']);
	});

	test('Continue On Fail: InvalidRequest from Bitel becomes an error item with its code', async () => {
		e2e.sim.injectFault({
			method: 'POST',
			path: '/api/v2/sms/single',
			type: 'status',
			status: 400,
			body: { result: null, error: 'InvalidRequest' },
			times: 1,
		});
		const run = await runOk('e2eBitelSmsCof01', [{ phoneNumber: '09123000045', message: 'Hi' }]);
		const [item] = run.items('Bitel');
		expect(pairedIndex(item)).toBe(0);
		// Worded for an SMS, never a call (issue 23, point 6).
		expect(item.json).toMatchObject({
			error: 'Bitel rejected the SMS request as invalid',
			description: expect.stringMatching(/^Bitel did not send this SMS\./),
			code: 'InvalidRequest',
			httpCode: '400',
			outcome: 'rejected',
		});
		// A refusal of this kind is Bitel's answer, not a passing failure: sent once.
		expect(requests('/api/v2/sms/single')).toHaveLength(1);
	});

	test('Send Batch SMS: 250 numbers over 5 items pooled into 3 requests of ≤100, one output per number, paired', async () => {
		const all = mobiles(250);
		const inputs = [0, 1, 2, 3, 4].map((i) => {
			const part = all.slice(i * 50, i * 50 + 50);
			return {
				phoneNumbers: i % 2 === 0 ? part : part.join(i === 1 ? ', ' : '\n'),
				message: 'Sale starts today',
			};
		});
		const run = await runOk('e2eBitelSmsBatch', inputs, { timeoutMs: 120000 });
		const sent = requests('/api/v2/sms/batch');
		expect(sent.map((r) => r.body.phoneNumbers.length).sort((a, b) => b - a)).toEqual([
			100, 100, 50,
		]);
		for (const r of sent) {
			expectSentAsBitelDocuments(r, '/api/v2/sms/batch');
			expect(Object.keys(r.body).sort()).toEqual(['message', 'phoneNumbers']);
			expect(r.body.message).toBe('Sale starts today');
		}
		const sentNumbers = sent.flatMap((r) => r.body.phoneNumbers);
		expect([...sentNumbers].sort()).toEqual([...all].sort());

		const items = run.items('Bitel');
		expect(items).toHaveLength(250);
		expect(new Set(items.map((i) => i.json.id)).size).toBe(250);
		items.forEach((item, k) => {
			expect(pairedIndex(item)).toBe(Math.floor(k / 50));
			expect(item.json).toMatchObject({
				phoneNumber: all[k],
				inputPhoneNumber: all[k],
				message: 'Sale starts today',
				estimatedPartCount: 1,
				...WAITING,
			});
		});
	});

	test('Send Personalized Batch SMS: 150 items pooled into 2 requests, one output per item in input order', async () => {
		const numbers = mobiles(150, 3000000);
		const inputs = numbers.map((phoneNumber, i) => ({
			phoneNumber,
			message: `Dear customer ${i}, your code is ${1000 + i}`,
		}));
		const run = await runOk('e2eBitelSmsP2p01', inputs, { timeoutMs: 120000 });
		const sent = requests('/api/v2/sms/batch/p2p');
		expect(sent.map((r) => r.body.phoneNumbers.length).sort((a, b) => b - a)).toEqual([100, 50]);
		for (const r of sent) {
			expectSentAsBitelDocuments(r, '/api/v2/sms/batch/p2p');
			expect(Object.keys(r.body).sort()).toEqual(['messages', 'phoneNumbers']);
			// Each message stands at its own number's position.
			r.body.phoneNumbers.forEach((number, k) => {
				expect(r.body.messages[k]).toBe(inputs[numbers.indexOf(number)].message);
			});
		}
		const items = run.items('Bitel');
		expect(items.map(pairedIndex)).toEqual(inputs.map((_, i) => i));
		items.forEach((item, i) => {
			expect(item.json).toMatchObject({
				phoneNumber: numbers[i],
				message: inputs[i].message,
				...WAITING,
			});
		});
		expect(new Set(items.map((i) => i.json.id)).size).toBe(150);
	});

	test('Get SMS Status with Wait for Final Status: the same status fields as the send answer, final once delivered', async () => {
		const sentRun = await runOk('e2eBitelSmsSend1', [
			{ phoneNumber: '09123000051', message: 'Hi' },
			{ phoneNumber: '09123000057', message: 'Hi' },
		]);
		const [delivered, failed] = sentRun.json('Bitel');
		e2e.sim.clearLog();
		const run = await runOk(
			'e2eBitelSmsStat1',
			[
				{ smsId: delivered.id, wait: true },
				{ smsId: failed.id, wait: true },
			],
			{ timeoutMs: 90000 },
		);
		const items = run.items('Bitel');
		expect(items.map(pairedIndex)).toEqual([0, 1]);
		expect(items[0].json).toMatchObject({
			id: delivered.id,
			phoneNumber: '09123000051',
			status: 'DELIVERED',
			statusCode: 1,
			delivered: true,
			final: true,
			statusDescription: 'Delivered to the phone',
			timedOut: false,
		});
		expect(items[1].json).toMatchObject({
			id: failed.id,
			status: 'DELIVERY_FAILED',
			statusCode: 4,
			delivered: false,
			final: true,
			timedOut: false,
		});
		for (const r of requests()) {
			expect(r.method).toBe('GET');
			expect([`/api/v2/sms/status/${delivered.id}`, `/api/v2/sms/status/${failed.id}`]).toContain(
				r.path,
			);
			expect(r.headers.authorization).toBe(`Bearer ${TOKEN}`);
		}
	});

	test('Get SMS Status of an unknown SMS ID: NotFound naming the ID and the fix', async () => {
		const unknown = 'ffffffffffffffffffffffffffffffff';
		const run = await e2e.run('e2eBitelSmsStat1', [{ smsId: unknown }]);
		expect(run.status).toBe('error');
		expect(run.error.message).toBe(`Bitel has no SMS with the SMS ID "${unknown}"`);
		expect(run.error.description).toMatch(/Use the "id" a Bitel SMS operation returned/);
		expect(run.error.context.providerCode).toBe('NotFound');
		expect(requests()).toEqual([
			expect.objectContaining({ method: 'GET', path: `/api/v2/sms/status/${unknown}` }),
		]);
	});

	test('Bitel Trigger SMS events carry the status fields Get SMS Status gives, and the SMS ID as id', async () => {
		const { sim } = e2e;
		await sim.bitel.settleAll();
		sim.bitel.setWebhookUrl(
			`${e2e.triggerUrl('e2eBitelTrigger1', 'n8n-nodes-bitel.bitelTrigger')}?token=${BITEL_HOOK_TOKEN}`,
		);
		try {
			const before = await e2e.executionIds('e2eBitelTrigger1');
			const sentRun = await runOk('e2eBitelSmsSend1', [
				{ phoneNumber: '09123000061', message: 'Hi' },
				{ phoneNumber: '09123000068', message: 'Hi' },
			]);
			const sentIds = sentRun.json('Bitel').map((j) => j.id);
			await sim.bitel.settleAll();
			const events = (
				await e2e.n8n.waitForExecutions('e2eBitelTrigger1', {
					after: before,
					count: 2,
					timeoutMs: 30000,
				})
			).flatMap((ex) =>
				ex.data.resultData.runData['Bitel Trigger'][0].data.main[0].map((i) => i.json),
			);
			expect(events.map((e) => e.id).sort()).toEqual([...sentIds].sort());
			const statuses = await runOk(
				'e2eBitelSmsStat1',
				sentIds.map((smsId) => ({ smsId })),
			);
			for (const status of statuses.json('Bitel')) {
				const event = events.find((e) => e.id === status.id);
				expect(event.requestId).toBe(status.id);
				expect(statusFieldsOf(event)).toEqual(statusFieldsOf(status));
			}
			expect(events.map((e) => e.status).sort()).toEqual(['BLACKLIST', 'DELIVERED']);
		} finally {
			sim.bitel.setWebhookUrl(null);
		}
	});
});
