/**
 * The Bitel node's execute() with real HTTP against the simulator: what Bitel receives
 * (method, path, headers, body) and what the node returns, on every operation and on
 * the error paths. CommonJS on purpose: the strict n8n lint forbids Node APIs in .ts.
 */
const { NodeApiError, NodeOperationError } = require('n8n-workflow');
const { startSimulator, DEFAULTS } = require('../../tools/simulator');
const { runNode } = require('../../tools/n8n-context');
const { Bitel } = require('../../nodes/Bitel/Bitel.node');
const { BitelApi } = require('../../credentials/BitelApi.credentials');

const TOKEN = DEFAULTS.bitel.token;
const VOICE = DEFAULTS.bitel.voiceId;

let sim;

beforeAll(async () => {
	// strictTypes: every field only in the type Bitel's pages give (OTP's repeatCount a string).
	sim = await startSimulator({ port: 0, seed: 7, bitel: { finalAfterMs: 600, strictTypes: true } });
});
afterAll(async () => {
	await sim.close();
});
beforeEach(() => {
	sim.clearLog();
	sim.clearFaults();
});

function bitel(parameters, extra = {}) {
	return runNode(Bitel, {
		parameters,
		credentials: {
			bitelApi: { apiToken: extra.token ?? TOKEN, baseUrl: extra.baseUrl ?? sim.url },
		},
		credentialTypes: { bitelApi: new BitelApi() },
		continueOnFail: extra.continueOnFail,
		onError: extra.onError,
		requestTimeoutCapMs: extra.requestTimeoutCapMs,
	});
}

const bitelRequests = () => sim.requests({ provider: 'bitel' });

function numbers(count, start = 0) {
	return Array.from(
		{ length: count },
		(_, index) =>
			`0912${String(1000000 + start + index)
				.slice(1)
				.padStart(7, '0')}`,
	);
}

function expectNoSecret(value) {
	expect(JSON.stringify(value)).not.toContain(TOKEN);
}

describe('operations: what Bitel receives and what the node returns', () => {
	test('OTP call sends the national number and the code as text, and nothing unset', async () => {
		const run = await bitel({ operation: 'otp', phoneNumber: '+98 912 123 4567', code: '۴۸۲۱' });
		expect(run.error).toBeUndefined();
		const [request] = bitelRequests();
		expect(bitelRequests()).toHaveLength(1);
		expect(request.method).toBe('POST');
		expect(request.path).toBe('/api/v2/voice/otp');
		expect(request.headers.authorization).toBe(`Bearer ${TOKEN}`);
		expect(request.headers['content-type']).toMatch(/application\/json/);
		expect(request.body).toEqual({ phoneNumber: '09121234567', text: '4821' });
		expect(run.items).toHaveLength(1);
		expect(run.items[0].pairedItem).toEqual({ item: 0 });
		expect(run.items[0].json).toMatchObject({
			phoneNumber: '09121234567',
			status: 'WAITING',
			statusCode: 0,
		});
		expect(run.items[0].json.id).toMatch(/^[0-9a-f]{32}$/);
	});

	test('OTP call sends every option that is set', async () => {
		const run = await bitel({
			operation: 'otp',
			phoneNumber: '09121234567',
			code: '12345',
			options: { voiceId: VOICE, repeatCount: 3, retryCount: 0, serverId: 'dialer-2' },
		});
		expect(run.error).toBeUndefined();
		expect(bitelRequests()[0].body).toEqual({
			phoneNumber: '09121234567',
			text: '12345',
			voiceId: VOICE,
			repeatCount: '3',
			retryCount: 0,
			serverId: 'dialer-2',
		});
	});

	test('single call plays a voice to one number', async () => {
		const run = await bitel({
			operation: 'single',
			phoneNumber: '9351234567',
			voiceId: VOICE,
			options: { retryCount: 2 },
		});
		expect(run.error).toBeUndefined();
		const [request] = bitelRequests();
		expect(request.method).toBe('POST');
		expect(request.path).toBe('/api/v2/voice/single');
		expect(request.body).toEqual({ phoneNumber: '09351234567', voiceId: VOICE, retryCount: 2 });
		expect(run.items[0].json.phoneNumber).toBe('09351234567');
	});

	test('single TTS call reads a text to one number, landlines included', async () => {
		const run = await bitel({
			operation: 'singleTts',
			phoneNumber: '021-8877-6655',
			text: 'سلام، سفارش شما ارسال شد',
		});
		expect(run.error).toBeUndefined();
		const [request] = bitelRequests();
		expect(request.path).toBe('/api/v2/voice/single/tts');
		expect(request.body).toEqual({ phoneNumber: '02188776655', text: 'سلام، سفارش شما ارسال شد' });
	});

	test('batch call pools the numbers of several items into one request', async () => {
		const run = await bitel([
			{ operation: 'batch', phoneNumbers: '09121111111, 09122222222', voiceId: VOICE },
			{ operation: 'batch', phoneNumbers: ['+989123333333'], voiceId: VOICE },
		]);
		expect(run.error).toBeUndefined();
		expect(bitelRequests()).toHaveLength(1);
		const [request] = bitelRequests();
		expect(request.path).toBe('/api/v2/voice/batch');
		expect(request.body).toEqual({
			phoneNumbers: ['09121111111', '09122222222', '09123333333'],
			voiceId: VOICE,
		});
		expect(
			run.items.map((item) => [
				item.pairedItem.item,
				item.json.phoneNumber,
				item.json.inputPhoneNumber,
			]),
		).toEqual([
			[0, '09121111111', '09121111111'],
			[0, '09122222222', '09122222222'],
			[1, '09123333333', '+989123333333'],
		]);
		expect(new Set(run.items.map((item) => item.json.id)).size).toBe(3);
	});

	test('batch TTS call sends the text and options once per group', async () => {
		const run = await bitel({
			operation: 'batchTts',
			phoneNumbers: '09121111111\n09122222222',
			text: 'Hi there',
			options: { retryCount: 3, serverId: 'default' },
		});
		expect(run.error).toBeUndefined();
		const [request] = bitelRequests();
		expect(request.path).toBe('/api/v2/voice/batch/tts');
		expect(request.body).toEqual({
			phoneNumbers: ['09121111111', '09122222222'],
			text: 'Hi there',
			retryCount: 3,
			serverId: 'default',
		});
		expect(run.items).toHaveLength(2);
	});

	test('call status returns the record with final, answered and a readable status', async () => {
		const placed = await bitel({ operation: 'single', phoneNumber: '09121234560', voiceId: VOICE });
		sim.bitel.settleAll();
		sim.clearLog();
		const run = await bitel({ operation: 'status', callId: placed.items[0].json.id });
		expect(run.error).toBeUndefined();
		const [request] = bitelRequests();
		expect(request.method).toBe('GET');
		expect(request.path).toBe(`/api/v2/voice/status/${placed.items[0].json.id}`);
		expect(request.headers.authorization).toBe(`Bearer ${TOKEN}`);
		expect(run.items[0].json).toMatchObject({
			id: placed.items[0].json.id,
			status: 'NORMAL',
			statusCode: 1,
			final: true,
			answered: true,
			statusDescription: expect.stringMatching(/Answered/),
		});
		expect(run.items[0].json.timedOut).toBeUndefined();
	});

	test('n8n is handed the credential the node read, for every request, with the token as Bearer', async () => {
		const run = await bitel(
			['09121234561', '09121234562', '09121234563'].map((phoneNumber) => ({
				operation: 'single',
				phoneNumber,
				voiceId: VOICE,
			})),
		);
		expect(run.error).toBeUndefined();
		expect(bitelRequests()).toHaveLength(3);
		expect(run.logs.credentialsPassed).toEqual(['bitelApi', 'bitelApi', 'bitelApi']);
		for (const request of bitelRequests())
			expect(request.headers.authorization).toBe(`Bearer ${TOKEN}`);
	});
});

describe('batches of any size', () => {
	test('250 numbers over 4 items make exactly 3 requests and 250 items, each paired to its input item', async () => {
		const all = numbers(250);
		const slices = [all.slice(0, 30), all.slice(30, 130), all.slice(130, 131), all.slice(131)];
		const run = await bitel(
			slices.map((slice, index) => ({
				operation: 'batch',
				phoneNumbers: index % 2 ? slice : slice.join(', '),
				voiceId: VOICE,
			})),
		);
		expect(run.error).toBeUndefined();
		const requests = bitelRequests();
		expect(requests).toHaveLength(3);
		expect(requests.map((request) => request.body.phoneNumbers.length).sort()).toEqual([
			100, 100, 50,
		]);
		expect(requests.flatMap((request) => request.body.phoneNumbers).sort()).toEqual(
			[...all].sort(),
		);
		expect(run.items).toHaveLength(250);
		const expectedPairing = slices.flatMap((slice, itemIndex) =>
			slice.map((number) => [itemIndex, number]),
		);
		expect(run.items.map((item) => [item.pairedItem.item, item.json.phoneNumber])).toEqual(
			expectedPairing,
		);
		expect(new Set(run.items.map((item) => item.json.id)).size).toBe(250);
		expect(sim.bitel.calls.size).toBeGreaterThanOrEqual(250);
	});

	test('duplicates are called once but every copy gets an output item', async () => {
		const run = await bitel([
			{ operation: 'batch', phoneNumbers: '09121111111, 0912 111 1111', voiceId: VOICE },
			{ operation: 'batch', phoneNumbers: '+989121111111; 09122222222', voiceId: VOICE },
		]);
		expect(run.error).toBeUndefined();
		expect(bitelRequests()).toHaveLength(1);
		expect(bitelRequests()[0].body.phoneNumbers).toEqual(['09121111111', '09122222222']);
		expect(run.items).toHaveLength(4);
		const [first, second, third, fourth] = run.items.map((item) => item.json);
		expect(first.duplicate).toBeUndefined();
		expect(second).toMatchObject({
			id: first.id,
			duplicate: true,
			inputPhoneNumber: '0912 111 1111',
		});
		expect(third).toMatchObject({
			id: first.id,
			duplicate: true,
			inputPhoneNumber: '+989121111111',
		});
		expect(fourth.id).not.toBe(first.id);
		expect(run.items.map((item) => item.pairedItem.item)).toEqual([0, 0, 1, 1]);
	});

	test('with Remove Duplicates off, a repeated number is called again', async () => {
		const run = await bitel({
			operation: 'batch',
			phoneNumbers: '09121111111, 09121111111',
			voiceId: VOICE,
			options: { dedupe: false },
		});
		expect(run.error).toBeUndefined();
		expect(bitelRequests()[0].body.phoneNumbers).toEqual(['09121111111', '09121111111']);
		expect(run.items[0].json.id).not.toBe(run.items[1].json.id);
	});

	test('items with different voices or options go in separate requests', async () => {
		await bitel([
			{ operation: 'batch', phoneNumbers: '09121111111', voiceId: VOICE },
			{
				operation: 'batch',
				phoneNumbers: '09122222222',
				voiceId: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
			},
			{
				operation: 'batch',
				phoneNumbers: '09123333333',
				voiceId: VOICE,
				options: { retryCount: 2 },
			},
			{ operation: 'batch', phoneNumbers: '09124444444', voiceId: VOICE },
		]);
		const bodies = bitelRequests().map((request) => request.body);
		expect(bodies).toHaveLength(3);
		expect(bodies).toContainEqual({ phoneNumbers: ['09121111111', '09124444444'], voiceId: VOICE });
		expect(bodies).toContainEqual({
			phoneNumbers: ['09122222222'],
			voiceId: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
		});
		expect(bodies).toContainEqual({ phoneNumbers: ['09123333333'], voiceId: VOICE, retryCount: 2 });
	});

	test('a bad number stops the node before anything is sent, naming the number and the item', async () => {
		const run = await bitel([
			{ operation: 'batch', phoneNumbers: '09121111111', voiceId: VOICE },
			{ operation: 'batch', phoneNumbers: '09122222222, 12345', voiceId: VOICE },
		]);
		expect(run.error).toBeInstanceOf(NodeOperationError);
		expect(run.error.message).toBe(
			'Phone Numbers: "12345" is not an Iranian phone number [item 1]',
		);
		expect(run.error.context.itemIndex).toBe(1);
		expect(bitelRequests()).toHaveLength(0);
	});

	test('with Continue On Fail, a bad number is an error item and the others are called', async () => {
		const run = await bitel(
			[
				{ operation: 'batch', phoneNumbers: '09121111111, 12345, 09122222222', voiceId: VOICE },
				{ operation: 'batch', phoneNumbers: '', voiceId: VOICE },
			],
			{ continueOnFail: true },
		);
		expect(run.error).toBeUndefined();
		expect(bitelRequests()).toHaveLength(1);
		expect(bitelRequests()[0].body.phoneNumbers).toEqual(['09121111111', '09122222222']);
		expect(run.items).toHaveLength(4);
		expect(run.items[1]).toEqual({
			json: expect.objectContaining({
				phoneNumber: '12345',
				error: 'Phone Numbers: "12345" is not an Iranian phone number [item 0]',
			}),
			pairedItem: { item: 0 },
		});
		expect(run.items[3]).toEqual({
			json: expect.objectContaining({ error: 'Phone Numbers: is empty [item 1]' }),
			pairedItem: { item: 1 },
		});
	});

	test('with Continue (using error output), an error item has only the key that sends it down the error output: error, holding the message and the rest', async () => {
		const run = await bitel(
			{ operation: 'batch', phoneNumbers: '09121111111, 12345', voiceId: VOICE },
			{ onError: 'continueErrorOutput' },
		);
		expect(run.error).toBeUndefined();
		expect(run.items).toHaveLength(2);
		expect(run.items[0].json).toMatchObject({ phoneNumber: '09121111111', status: 'WAITING' });
		// n8n-core workflow-execute.js, handleNodeErrorOutput: on 1.x only error (and message).
		expect(run.items[1]).toEqual({
			json: {
				error: {
					message: 'Phone Numbers: "12345" is not an Iranian phone number [item 0]',
					phoneNumber: '12345',
					description: expect.stringContaining('Nothing was sent for this item.'),
				},
			},
			pairedItem: { item: 0 },
		});
		const status = await bitel(
			{ operation: 'status', callId: 'ffffffffffffffffffffffffffffffff' },
			{ onError: 'continueErrorOutput' },
		);
		expect(status.items).toEqual([
			{
				json: {
					error: {
						message: 'Bitel has no call with this ID',
						callId: 'ffffffffffffffffffffffffffffffff',
						description: expect.any(String),
						httpCode: '404',
						code: 'NotFound',
						outcome: 'rejected',
					},
				},
				pairedItem: { item: 0 },
			},
		]);
	});
});

describe('bad input sends nothing', () => {
	test.each([
		[
			{ operation: 'otp', phoneNumber: '0912', code: '1234' },
			'Phone Number: "0912" is not an Iranian phone number [item 0]',
		],
		[
			{ operation: 'otp', phoneNumber: '09121234567', code: '123456' },
			'Code: "123456" is not a code Bitel can read [item 0]',
		],
		[
			{ operation: 'otp', phoneNumber: '09121234567', code: '12a' },
			'Code: "12a" is not a code Bitel can read [item 0]',
		],
		[
			{ operation: 'single', phoneNumber: '09121234567', voiceId: '  ' },
			'Voice ID: is empty [item 0]',
		],
		[
			{ operation: 'singleTts', phoneNumber: '+1 415 555 0100', text: 'Hi' },
			'Phone Number: "+1 415 555 0100" is not an Iranian phone number [item 0]',
		],
		[
			{
				operation: 'single',
				phoneNumber: '09121234567',
				voiceId: VOICE,
				options: { retryCount: -1 },
			},
			'Retry Count: "-1" is not a whole number of 0 or more [item 0]',
		],
		[
			{ operation: 'status', callId: '../otp' },
			'Call ID: "../otp" is not a Bitel call ID [item 0]',
		],
	])('%j', async (parameters, message) => {
		const run = await bitel(parameters);
		expect(run.error).toBeInstanceOf(NodeOperationError);
		expect(run.error.message).toBe(message);
		expect(run.error.description).toMatch(/Nothing was sent/);
		expect(bitelRequests()).toHaveLength(0);
	});

	test('a bad item among good ones stops the node before any item is sent', async () => {
		const run = await bitel([
			{ operation: 'otp', phoneNumber: '09121111111', code: '1111' },
			{ operation: 'otp', phoneNumber: '09122222222', code: '' },
		]);
		expect(run.error.message).toBe('Code: is empty [item 1]');
		expect(bitelRequests()).toHaveLength(0);
	});

	test('with Continue On Fail, the bad item becomes an error item and every other item still runs', async () => {
		const run = await bitel(
			[
				{ operation: 'otp', phoneNumber: '09121111111', code: '1111' },
				{ operation: 'otp', phoneNumber: 'call me', code: '2222' },
				{ operation: 'otp', phoneNumber: '09123333333', code: '3333' },
			],
			{ continueOnFail: true },
		);
		expect(run.error).toBeUndefined();
		expect(
			bitelRequests()
				.map((request) => request.body.phoneNumber)
				.sort(),
		).toEqual(['09121111111', '09123333333']);
		expect(run.items.map((item) => item.pairedItem.item)).toEqual([0, 1, 2]);
		expect(run.items[1].json).toEqual({
			error: 'Phone Number: "call me" is not an Iranian phone number [item 1]',
			description: expect.stringMatching(/09121234567.*Nothing was sent/),
		});
		expect(run.items[0].json.id).toBeDefined();
		expect(run.items[2].json.id).toBeDefined();
	});
});

describe('provider errors', () => {
	test('InvalidServer is an API error with the code, the status and what to do', async () => {
		const run = await bitel({
			operation: 'single',
			phoneNumber: '09121234567',
			voiceId: VOICE,
			options: { serverId: 'nope' },
		});
		expect(run.error).toBeInstanceOf(NodeApiError);
		expect(run.error.message).toBe('Bitel does not know this server ID');
		expect(run.error.description).toMatch(/Server ID/);
		expect(run.error.httpCode).toBe('400');
		expect(run.error.context).toMatchObject({
			providerCode: 'InvalidServer',
			outcome: 'rejected',
			itemIndex: 0,
		});
		expect(bitelRequests()).toHaveLength(1);
	});

	test('NotFound for an unknown call ID is a clear error; with Continue On Fail an error item', async () => {
		const run = await bitel(
			{ operation: 'status', callId: 'ffffffffffffffffffffffffffffffff' },
			{ continueOnFail: true },
		);
		expect(run.items).toEqual([
			{
				json: {
					callId: 'ffffffffffffffffffffffffffffffff',
					error: 'Bitel has no call with this ID',
					description: expect.any(String),
					httpCode: '404',
					code: 'NotFound',
					outcome: 'rejected',
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	test('a rejected token says so and where to make a new one, and places no call', async () => {
		const callsBefore = sim.bitel.calls.size;
		const run = await bitel(
			{ operation: 'otp', phoneNumber: '09121234567', code: '1234' },
			{ token: 'revoked-token' },
		);
		expect(run.error).toBeInstanceOf(NodeApiError);
		expect(run.error.message).toBe('Bitel rejected the API token');
		expect(run.error.description).toMatch(/new token in the Bitel panel/);
		expect(run.error.httpCode).toBe('401');
		expect(sim.bitel.calls.size).toBe(callsBefore);
		expect(JSON.stringify(run.error)).not.toContain('revoked-token');
	});

	test('429 is retried after Retry-After and the call is placed once', async () => {
		sim.injectFault({
			path: '/api/v2/voice/otp',
			type: 'status',
			status: 429,
			retryAfter: 1,
			times: 1,
		});
		const started = Date.now();
		const run = await bitel({ operation: 'otp', phoneNumber: '09121234567', code: '1234' });
		expect(run.error).toBeUndefined();
		expect(Date.now() - started).toBeGreaterThanOrEqual(900);
		expect(bitelRequests()).toHaveLength(2);
		expect(bitelRequests()[0].responseStatus).toBe(429);
		expect(run.items[0].json.id).toBeDefined();
	});

	test('429 asking for longer than the node may wait is an error and is not retried', async () => {
		sim.injectFault({
			path: '/api/v2/voice/otp',
			type: 'status',
			status: 429,
			retryAfter: 120,
			times: Infinity,
		});
		const run = await bitel({ operation: 'otp', phoneNumber: '09121234567', code: '1234' });
		expect(run.error).toBeInstanceOf(NodeApiError);
		expect(run.error.message).toMatch(/too many requests/);
		expect(run.error.description).toMatch(/Nothing was sent.*120 s/);
		expect(run.error.httpCode).toBe('429');
		expect(bitelRequests()).toHaveLength(1);
	});

	test('connection refused is retried with back-off, then reported as not sent', async () => {
		const closed = await startSimulator({ port: 0 });
		const deadUrl = closed.url;
		await closed.close();
		const run = await bitel(
			{ operation: 'otp', phoneNumber: '09121234567', code: '1234' },
			{ baseUrl: deadUrl },
		);
		expect(run.error).toBeInstanceOf(NodeApiError);
		expect(run.error.message).toBe(
			'Could not reach Bitel: the server refused the connection after 5 attempts',
		);
		expect(run.error.context.outcome).toBe('notSent');
	}, 20000);

	test.each([
		['HTTP 500', { type: 'status', status: 500 }],
		['an HTML 502 page', { type: 'html', status: 502 }],
		['a connection dropped after the request was read', { type: 'drop-after' }],
		['a connection dropped before the request was read', { type: 'drop-before' }],
		['malformed JSON', { type: 'malformed-json' }],
		['a timeout', { type: 'delay', delayMs: 1500 }],
	])(
		'after %s the call is never sent again and the item says to check the status',
		async (_, fault) => {
			sim.injectFault({ path: '/api/v2/voice/single', times: Infinity, ...fault });
			const run = await bitel(
				{ operation: 'single', phoneNumber: '09121234567', voiceId: VOICE },
				{ continueOnFail: true, requestTimeoutCapMs: 500 },
			);
			expect(bitelRequests()).toHaveLength(1);
			expect(run.items).toHaveLength(1);
			expect(run.items[0].pairedItem).toEqual({ item: 0 });
			expect(run.items[0].json.outcome).toBe('unknown');
			expect(run.items[0].json.error).toMatch(/may have placed the call/);
			expect(run.items[0].json.description).toMatch(/Get Call Status/);
			expectNoSecret(run.items);
		},
	);

	test('a failed batch chunk marks each of its numbers; the other chunk still lands', async () => {
		sim.injectFault({ path: '/api/v2/voice/batch', type: 'status', status: 500, times: 1 });
		const run = await bitel(
			{ operation: 'batch', phoneNumbers: numbers(150, 500), voiceId: VOICE },
			{ continueOnFail: true },
		);
		expect(bitelRequests()).toHaveLength(2);
		expect(run.items).toHaveLength(150);
		const failed = run.items.filter((item) => item.json.error);
		const placed = run.items.filter((item) => item.json.id);
		expect(failed.length + placed.length).toBe(150);
		expect([failed.length, placed.length].sort((a, b) => a - b)).toEqual([50, 100]);
		for (const item of failed) {
			expect(item.json).toMatchObject({
				outcome: 'unknown',
				httpCode: '500',
				phoneNumber: expect.stringMatching(/^0912/),
			});
		}
	});

	test('without Continue On Fail, a failed chunk stops the node and says how many calls were placed', async () => {
		sim.injectFault({ path: '/api/v2/voice/batch', type: 'status', status: 500, times: 1 });
		const run = await bitel({
			operation: 'batch',
			phoneNumbers: numbers(150, 900),
			voiceId: VOICE,
		});
		expect(run.error).toBeInstanceOf(NodeApiError);
		expect(run.error.description).toMatch(
			/(50|100) other calls were already placed in this execution/,
		);
		expect(bitelRequests()).toHaveLength(2);
	});
});

describe('partial success: every record that came back is output, never a rejection', () => {
	const record = (id, phoneNumber) => ({
		id,
		phoneNumber,
		status: 'WAITING',
		statusCode: 0,
	});

	test('records and an error in one answer: the records are calls, the rest unknown', async () => {
		sim.injectFault({
			path: '/api/v2/voice/batch',
			type: 'status',
			status: 200,
			body: {
				result: [record('a'.repeat(32), '09121110000'), record('b'.repeat(32), '09121110001')],
				error: 'InsufficientCredit',
			},
		});
		const run = await bitel(
			{ operation: 'batch', phoneNumbers: '09121110000, 09121110001, 09121110002', voiceId: VOICE },
			{ continueOnFail: true },
		);
		expect(run.items.map((item) => item.json.id ?? item.json.outcome)).toEqual([
			'a'.repeat(32),
			'b'.repeat(32),
			'unknown',
		]);
		expect(run.items[0].json.providerError).toBe('InsufficientCredit');
		expect(run.items[2].json).toMatchObject({
			code: 'InsufficientCredit',
			phoneNumber: '09121110002',
		});
		expect(run.items[2].json.description).toMatch(
			/Bitel also answered with the error InsufficientCredit/,
		);
	});

	test('a single call answered with its record and an error is a placed call', async () => {
		sim.injectFault({
			path: '/api/v2/voice/single',
			type: 'status',
			status: 200,
			body: { result: record('c'.repeat(32), '09121110003'), error: 'Warning' },
		});
		const run = await bitel({ operation: 'single', phoneNumber: '09121110003', voiceId: VOICE });
		expect(run.error).toBeUndefined();
		expect(run.items[0].json).toMatchObject({ id: 'c'.repeat(32), providerError: 'Warning' });
	});

	test("more records than numbers: none dropped, the extra ones on the first number's item", async () => {
		sim.injectFault({
			path: '/api/v2/voice/batch',
			type: 'status',
			status: 200,
			body: {
				result: [
					record('d'.repeat(32), '09121110004'),
					record('e'.repeat(32), '09121110005'),
					record('f'.repeat(32), '09121119999'),
				],
				error: null,
			},
		});
		const run = await bitel({
			operation: 'batch',
			phoneNumbers: '09121110004, 09121110005, 09121110004',
			voiceId: VOICE,
		});
		expect(run.error).toBeUndefined();
		expect(run.items).toHaveLength(3);
		expect(run.items.map((item) => item.json.id)).toEqual([
			'd'.repeat(32),
			'e'.repeat(32),
			'd'.repeat(32),
		]);
		expect(run.items[0].json.unmatchedRecords).toEqual([record('f'.repeat(32), '09121119999')]);
		// The repeated number shares the call, not the extra records: each record is output once.
		expect(run.items[2].json.unmatchedRecords).toBeUndefined();
	});

	test.each([408, 499])(
		'HTTP %p from a proxy: the calls may have been placed (unknown)',
		async (status) => {
			sim.injectFault({ path: '/api/v2/voice/single', type: 'status', status });
			const run = await bitel(
				{ operation: 'single', phoneNumber: '09121110006', voiceId: VOICE },
				{ continueOnFail: true },
			);
			expect(run.items[0].json).toMatchObject({ outcome: 'unknown', httpCode: String(status) });
			expect(run.items[0].json.error).toMatch(/may have placed the call/);
			expect(bitelRequests()).toHaveLength(1);
		},
	);
});

describe('waiting for a final status', () => {
	test('polls the calls of all items together until every one is final', async () => {
		const placed = await bitel({
			operation: 'batch',
			phoneNumbers: '09121111110, 09121111117, 09121111118',
			voiceId: VOICE,
		});
		sim.clearLog();
		const ids = placed.items.map((item) => item.json.id);
		const run = await bitel(
			ids.map((callId) => ({
				operation: 'status',
				callId,
				options: { waitForFinal: true, pollInterval: 1, timeout: 20 },
			})),
		);
		expect(run.error).toBeUndefined();
		expect(
			run.items.map((item) => [
				item.json.status,
				item.json.final,
				item.json.answered,
				item.json.timedOut,
			]),
		).toEqual([
			['NORMAL', true, true, false],
			['NO_ANSWER', true, false, false],
			['USER_BUSY', true, false, false],
		]);
		const statusRequests = bitelRequests();
		expect(statusRequests.every((request) => request.method === 'GET')).toBe(true);
		// Scheduled (statusPolling.ts): the first round asks only for the oldest call, a scout;
		// the others are checked once it has been seen final, every call at least once.
		const paths = statusRequests.map((request) => request.path.split('/').pop());
		expect(paths[0]).toBe(ids[0]);
		expect(paths.filter((id) => id === ids[0]).length).toBeGreaterThanOrEqual(2);
		for (const id of ids) expect(paths).toContain(id);
	});

	test('checks 50 calls at a time: never more in flight, and not one after another', async () => {
		// Every request takes 500 ms, so the requests that reach the simulator within 400 ms
		// of the first were all in flight together.
		const slow = await startSimulator({ port: 0, latencyMs: 500 });
		try {
			const credentials = { bitelApi: { apiToken: TOKEN, baseUrl: slow.url } };
			const types = { bitelApi: new BitelApi() };
			const placed = await runNode(Bitel, {
				parameters: { operation: 'batch', phoneNumbers: numbers(120), voiceId: VOICE },
				credentials,
				credentialTypes: types,
			});
			slow.clearLog();
			const run = await runNode(Bitel, {
				parameters: placed.items.map((item) => ({ operation: 'status', callId: item.json.id })),
				credentials,
				credentialTypes: types,
			});
			expect(run.error).toBeUndefined();
			expect(run.items.map((item) => item.json.id)).toEqual(
				placed.items.map((item) => item.json.id),
			);
			const checks = slow.requests({ provider: 'bitel', method: 'GET' });
			expect(checks).toHaveLength(120);
			const together = checks.filter((check) => check.time < checks[0].time + 400);
			expect(together).toHaveLength(50);
		} finally {
			await slow.close();
		}
	}, 20000);

	test('returns the last record with final false and timedOut true when the timeout comes first', async () => {
		const slow = await startSimulator({ port: 0, bitel: { finalAfterMs: 60000 } });
		try {
			const credentials = { bitelApi: { apiToken: TOKEN, baseUrl: slow.url } };
			const types = { bitelApi: new BitelApi() };
			const placed = await runNode(Bitel, {
				parameters: { operation: 'otp', phoneNumber: '09121234567', code: '1' },
				credentials,
				credentialTypes: types,
			});
			const run = await runNode(Bitel, {
				parameters: {
					operation: 'status',
					callId: placed.items[0].json.id,
					options: { waitForFinal: true, pollInterval: 1, timeout: 2 },
				},
				credentials,
				credentialTypes: types,
			});
			expect(run.error).toBeUndefined();
			expect(run.items[0].json).toMatchObject({
				status: 'WAITING',
				final: false,
				answered: false,
				timedOut: true,
			});
			const polls = slow.requests({ provider: 'bitel', method: 'GET' }).length;
			expect(polls).toBeGreaterThanOrEqual(2);
			expect(polls).toBeLessThanOrEqual(4);
		} finally {
			await slow.close();
		}
	});

	test('accepts the status both bare and inside {result, error}', async () => {
		const enveloped = await startSimulator({
			port: 0,
			bitel: { statusEnvelope: 'enveloped', finalAfterMs: 0 },
		});
		try {
			const credentials = { bitelApi: { apiToken: TOKEN, baseUrl: enveloped.url } };
			const types = { bitelApi: new BitelApi() };
			const placed = await runNode(Bitel, {
				parameters: { operation: 'otp', phoneNumber: '09121234560', code: '1' },
				credentials,
				credentialTypes: types,
			});
			enveloped.bitel.settleAll();
			const run = await runNode(Bitel, {
				parameters: { operation: 'status', callId: placed.items[0].json.id },
				credentials,
				credentialTypes: types,
			});
			expect(run.items[0].json).toMatchObject({
				id: placed.items[0].json.id,
				status: 'NORMAL',
				final: true,
				answered: true,
			});
			expect(run.items[0].json.result).toBeUndefined();
		} finally {
			await enveloped.close();
		}
	});
});
