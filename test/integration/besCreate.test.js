/**
 * BES "Create Voice Notification" against the simulator: what BES receives (method,
 * path, headers, body), what the node returns, retCodes, validation that sends nothing,
 * and the never-send-twice rule on every failure.
 */
const { NodeApiError, NodeOperationError } = require('n8n-workflow');
const {
	APP_KEY,
	APP_SECRET,
	TEMPLATE_ID,
	VOICE_ID,
	PATHS,
	besCredentials,
	createParams,
	createRequests,
	runBes,
	startSimulator,
	tokenRequests,
} = require('./besHelpers');

let sim;
let store;

beforeAll(async () => {
	sim = await startSimulator({ port: 0, seed: 22, bes: { finishAfterMs: 100 } });
	store = besCredentials(sim);
});
afterAll(async () => {
	await sim.close();
});
beforeEach(() => {
	sim.clearLog();
	sim.clearFaults();
});

const b64 = (text) => Buffer.from(text, 'utf8').toString('base64');
const create = (params, extra = {}) => runBes(params, { store, ...extra });

describe('what BES receives and what the node returns', () => {
	test('every parameter and option, as the docs describe them', async () => {
		const callback = 'https://n8n.example.com/webhook/bes-release';
		const run = await create(
			createParams({
				called: '+86 138-0000-0000',
				playList: {
					entry: [
						{ source: 'voiceId', value: VOICE_ID },
						{ source: 'voiceFileName', value: 'welcome.wav' },
						{ source: 'templateId', value: TEMPLATE_ID, templateParams: '3, Main gate' },
					],
				},
				options: {
					callerPresent: '960003',
					callBackUrl: callback,
					playTimes: 2,
					priority: 3,
				},
			}),
		);
		expect(run.error).toBeUndefined();
		const [request] = createRequests(sim);
		expect(createRequests(sim)).toHaveLength(1);
		expect(request.method).toBe('POST');
		expect(request.path).toBe(PATHS.create);
		expect(request.headers.authorization).toBe(`Bearer ${store.besApi.accessToken}`);
		expect(request.headers['x-app-key']).toBe(APP_KEY);
		expect(request.headers['content-type']).toMatch(/application\/json/);
		expect(request.body).toEqual({
			called: '+8613800000000',
			playList: [
				{ voiceId: VOICE_ID },
				{ voiceFileName: 'welcome.wav' },
				{ templateId: TEMPLATE_ID, templateParams: ['3', 'Main gate'] },
			],
			callerPresent: '960003',
			callBackUrl: b64(callback),
			playTimes: 2,
			priority: '3',
		});

		const { json } = run.items[0];
		expect(json).toEqual({
			callSerialNo: expect.stringMatching(/^\d{19}$/),
			called: '+8613800000000',
			playList: request.body.playList,
			callerPresent: '960003',
			callBackUrl: callback,
			playTimes: 2,
			priority: '3',
		});
		expect(sim.bes.notifications.get(json.callSerialNo).callBackUrl).toBe(callback);
		const everything = JSON.stringify(run.items);
		expect(everything).not.toContain(APP_SECRET);
		expect(everything).not.toContain(store.besApi.accessToken);
	});

	test('only what is set is sent', async () => {
		const run = await create(createParams());
		expect(run.error).toBeUndefined();
		expect(createRequests(sim)[0].body).toEqual({
			called: '88880000',
			playList: [{ voiceId: VOICE_ID }],
		});
		expect(Object.keys(run.items[0].json).sort()).toEqual(['callSerialNo', 'called', 'playList']);
	});

	test('BES calls back the plain URL it decoded from Base64', async () => {
		const callback = 'http://127.0.0.1:9/bes/call_back?run-7&x';
		const run = await create(createParams({ options: { callBackUrl: callback } }));
		expect(run.error).toBeUndefined();
		await sim.bes.settleAll();
		const delivery = sim.outbound.find((entry) => entry.ref === run.items[0].json.callSerialNo);
		expect(delivery.url).toBe(callback);
	});

	test('with Encode Callback URL off the URL is sent as typed', async () => {
		const callback = 'https://n8n.example.com/webhook/plain';
		const run = await create(
			createParams({ options: { callBackUrl: callback, encodeCallBackUrl: false } }),
			{ continueOnFail: true },
		);
		expect(createRequests(sim)[0].body.callBackUrl).toBe(callback);
		// This simulator follows the docs that ask for Base64, so it answers retCode 9.
		expect(run.items[0].json).toMatchObject({ code: '9', outcome: 'rejected' });
	});

	test('template parameters from an expression array, and the playList in BES’s own shape', async () => {
		const run = await create(
			createParams({
				playList: [
					{ templateId: TEMPLATE_ID, templateParams: ['人民公园正门', 12] },
					{ voiceId: VOICE_ID },
				],
			}),
		);
		expect(run.error).toBeUndefined();
		expect(createRequests(sim)[0].body.playList).toEqual([
			{ templateId: TEMPLATE_ID, templateParams: ['人民公园正门', '12'] },
			{ voiceId: VOICE_ID },
		]);
	});

	test('items are paired in input order whatever order the answers come in', async () => {
		sim.injectFault({ path: PATHS.create, type: 'delay', delayMs: 150, times: 1 });
		const run = await create([
			createParams({ called: '1001' }),
			createParams({ called: '1002' }),
			createParams({ called: '1003' }),
		]);
		expect(run.items.map((item) => [item.pairedItem.item, item.json.called])).toEqual([
			[0, '1001'],
			[1, '1002'],
			[2, '1003'],
		]);
	});
});

describe('retCodes: HTTP 200 with a code other than "0"', () => {
	let trial;
	let trialStore;
	beforeAll(async () => {
		trial = await startSimulator({
			port: 0,
			seed: 23,
			bes: { finishAfterMs: 100, trialWhitelist: ['88881111', '88883333'] },
		});
		trialStore = besCredentials(trial);
	});
	afterAll(async () => {
		await trial.close();
	});
	beforeEach(() => trial.clearLog());

	test('retCode 16 gives an error item with its meaning, paired, and it is not sent again', async () => {
		const run = await runBes(createParams({ called: '88882222' }), {
			store: trialStore,
			continueOnFail: true,
		});
		expect(run.error).toBeUndefined();
		expect(run.items).toEqual([
			{
				json: {
					called: '88882222',
					error:
						'BES did not create the voice notification: the tenant is in trial-commercial state and the called number is not on its whitelist (retCode 16)',
					description: expect.stringMatching(/trial whitelist/),
					code: '16',
					outcome: 'rejected',
				},
				pairedItem: { item: 0 },
			},
		]);
		expect(run.items[0].json.description).toContain(
			'BES said: "The tenant is in trial commercial use',
		);
		expect(createRequests(trial)).toHaveLength(1);
	});

	test('without Continue On Fail it stops the node and counts the calls already placed', async () => {
		const run = await runBes(
			[
				createParams({ called: '88881111' }),
				createParams({ called: '88882222' }),
				createParams({ called: '88883333' }),
			],
			{ store: trialStore },
		);
		expect(run.error).toBeInstanceOf(NodeApiError);
		expect(run.error.message).toMatch(/not on its whitelist \(retCode 16\)$/);
		expect(run.error.context.itemIndex).toBe(1);
		expect(run.error.context.providerCode).toBe('16');
		expect(run.error.description).toMatch(
			/2 other voice notifications were already created in this execution/,
		);
		expect(createRequests(trial)).toHaveLength(3);
	});

	test.each([
		[{ source: 'voiceId', value: '1999999999999999999' }, '17', /does not exist/],
		[{ source: 'templateId', value: '2000000000000000020' }, '20', /not yet reviewed/],
		[{ source: 'templateId', value: '2000000000000000021' }, '21', /review .* was rejected/],
		[{ source: 'voiceId', value: TEMPLATE_ID }, '23', /not a voice recording/],
		[{ source: 'templateId', value: VOICE_ID }, '22', /not a text \(TTS\) file/],
	])('%p gives retCode %s with its meaning', async (entry, code, meaning) => {
		const run = await create(createParams({ playList: { entry: [entry] } }), {
			continueOnFail: true,
		});
		expect(run.items[0].json.code).toBe(code);
		expect(run.items[0].json.error).toMatch(meaning);
		expect(run.items[0].json.error).toContain(`(retCode ${code})`);
	});

	test('an undocumented retCode is an unknown outcome (never rejected), says so and passes on what BES said', async () => {
		sim.injectFault({
			path: PATHS.create,
			type: 'status',
			status: 200,
			body: { retCode: '99', retMsg: 'Quota of the day used up.' },
		});
		const run = await create(createParams(), { continueOnFail: true });
		expect(run.items[0].json).toMatchObject({
			error:
				'BES may have placed the call: it answered with retCode 99, which its documentation does not describe',
			code: '99',
			outcome: 'unknown',
		});
		expect(run.items[0].json.description).toContain('BES said: "Quota of the day used up."');
	});

	test('an undocumented retCode with a callSerialNo: unknown, with the serial number, listed when the node stops', async () => {
		sim.injectFault({
			path: PATHS.create,
			type: 'status',
			status: 200,
			body: '{"retCode":"0200","retMsg":"Accepted, queued.","result":{"callSerialNo":1201763136043459597}}',
		});
		const run = await create(createParams());
		expect(run.error.message).toMatch(/retCode 0200, which its documentation does not describe/);
		expect(run.error.context.outcome).toBe('unknown');
		expect(run.error.description).toContain('BES returned callSerialNo 1201763136043459597.');
		expect(run.error.context.unknownCalls).toEqual([
			expect.objectContaining({ callSerialNo: '1201763136043459597' }),
		]);
	});

	test('retCode "0" without a serial number may have placed the call: error, not sent again', async () => {
		sim.injectFault({
			path: PATHS.create,
			type: 'status',
			status: 200,
			body: { retCode: '0', retMsg: 'Created successfully.' },
		});
		const run = await create(createParams(), { continueOnFail: true });
		expect(run.items[0].json).toMatchObject({
			error: 'BES reported the notification as created but sent no call serial number',
			outcome: 'unknown',
		});
		expect(createRequests(sim)).toHaveLength(1);
	});
});

describe('validation: a clear error for the item, and nothing is sent', () => {
	const entry = (fields) => ({ entry: [{ source: 'templateId', value: TEMPLATE_ID, ...fields }] });
	const cases = [
		['called longer than 32', { called: '1'.repeat(33) }, 'Called Number', /33 characters/],
		['called not a number', { called: 'call me maybe' }, 'Called Number', /not a phone number/],
		['called empty', { called: '  ' }, 'Called Number', /is empty/],
		['no playList entry', { playList: {} }, 'Play List', /no entries/],
		[
			'six playList entries',
			{ playList: { entry: Array(6).fill({ source: 'voiceId', value: VOICE_ID }) } },
			'Play List',
			/6 entries/,
		],
		[
			'two sources in one entry',
			{ playList: [{ voiceId: VOICE_ID, templateId: TEMPLATE_ID }] },
			'Play List entry 1',
			/has voiceId and templateId/,
		],
		[
			'no source in an entry',
			{ playList: [{ templateParams: ['1'] }] },
			'Play List entry 1',
			/has no voiceId, voiceFileName or templateId/,
		],
		[
			'an empty value',
			{ playList: { entry: [{ source: 'voiceId', value: '' }] } },
			'Play List entry 1',
			/empty Voice ID/,
		],
		[
			'template parameters on a recording',
			{ playList: [{ voiceId: VOICE_ID, templateParams: ['x'] }] },
			'Play List entry 1',
			/template parameters but plays a Voice ID/,
		],
		[
			'11 template parameters',
			{ playList: entry({ templateParams: '1,2,3,4,5,6,7,8,9,10,11' }) },
			'Template Parameters of Play List entry 1',
			/11 values/,
		],
		[
			'a template parameter of 33 bytes',
			{ playList: entry({ templateParams: ['ok', 'é'.repeat(16) + 'x'] }) },
			'Template Parameters of Play List entry 1',
			/value 2 is 33 bytes long/,
		],
		[
			'a template parameter with $',
			{ playList: entry({ templateParams: 'price, $5' }) },
			'Template Parameters of Play List entry 1',
			/contains \$, \{ or \}/,
		],
		[
			'a template parameter with {',
			{ playList: entry({ templateParams: ['{name}'] }) },
			'Template Parameters of Play List entry 1',
			/contains \$, \{ or \}/,
		],
		[
			'an empty template parameter',
			{ playList: entry({ templateParams: 'a,,b' }) },
			'Template Parameters of Play List entry 1',
			/value 2 is empty/,
		],
		[
			'a callback URL that is not http(s)',
			{ options: { callBackUrl: 'ftp://example.com/cb' } },
			'Callback URL',
			/not an http\(s\) URL/,
		],
		[
			'a callback URL of 257 characters sent plain',
			{
				options: {
					callBackUrl: `https://example.com/${'a'.repeat(237)}`,
					encodeCallBackUrl: false,
				},
			},
			'Callback URL',
			/257 characters long/,
		],
		[
			'a callback URL too long once Base64-encoded',
			{ options: { callBackUrl: `https://example.com/${'a'.repeat(180)}` } },
			'Callback URL',
			/268 characters long once Base64-encoded/,
		],
		[
			'a callback URL with characters BES rejects',
			{ options: { callBackUrl: 'https://example.com/cb?run=%20' } },
			'Callback URL',
			/characters BES does not accept/,
		],
		['playTimes 6', { options: { playTimes: 6 } }, 'Play Times', /from 1 to 5/],
		['playTimes 0', { options: { playTimes: 0 } }, 'Play Times', /from 1 to 5/],
		['playTimes 1.5', { options: { playTimes: 1.5 } }, 'Play Times', /from 1 to 5/],
		['priority 10', { options: { priority: 10 } }, 'Priority', /from 1 to 9/],
		['priority 0', { options: { priority: 0 } }, 'Priority', /from 1 to 9/],
		[
			'a caller number of 33 characters',
			{ options: { callerPresent: '9'.repeat(33) } },
			'Caller Number',
			/33 characters long/,
		],
	];

	test.each(cases)('%s', async (_, overrides, parameter, problem) => {
		const run = await create([createParams(), createParams(overrides)]);
		expect(run.error).toBeInstanceOf(NodeOperationError);
		expect(run.error.message.startsWith(`${parameter}: `)).toBe(true);
		expect(run.error.message).toMatch(problem);
		expect(run.error.message).toMatch(/\[item 1\]$/);
		expect(run.error.description).toMatch(/Nothing was sent for this item\.$/);
		expect(run.error.context.itemIndex).toBe(1);
		// Not even the valid first item, not even a token request: validation comes first.
		expect(sim.log).toHaveLength(0);
	});

	test('with Continue On Fail an invalid item becomes an error item and the valid ones are sent', async () => {
		const run = await create(
			[
				createParams({ called: '1001' }),
				createParams({ called: '1002', options: { priority: 12 } }),
				createParams({ called: '1003' }),
			],
			{ continueOnFail: true },
		);
		expect(run.error).toBeUndefined();
		expect(
			createRequests(sim)
				.map((r) => r.body.called)
				.sort(),
		).toEqual(['1001', '1003']);
		expect(run.items.map((item) => item.pairedItem.item)).toEqual([0, 1, 2]);
		expect(run.items[0].json.callSerialNo).toBeDefined();
		expect(run.items[1].json).toEqual({
			error: 'Priority: "12" is not a whole number from 1 to 9 [item 1]',
			description:
				'Set Priority to a whole number from 1 to 9, or remove the option. Nothing was sent for this item.',
		});
		expect(run.items[2].json.callSerialNo).toBeDefined();
	});
});

describe('failures: only a refused request is sent again', () => {
	test('403 explains the IP allow-list and is not sent again', async () => {
		sim.injectFault({ path: PATHS.create, type: 'status', status: 403 });
		const run = await create(createParams(), { continueOnFail: true });
		expect(run.items[0].json).toMatchObject({
			error: 'BES refused access (HTTP 403)',
			httpCode: '403',
			outcome: 'rejected',
		});
		expect(run.items[0].json.description).toMatch(
			/IP address is not on the tenant's allow-list.*127\.0\.0\.1/,
		);
		expect(createRequests(sim)).toHaveLength(1);
	});

	test.each([
		['drop-after (BES acted, the answer was lost)', { type: 'drop-after' }, 1],
		['drop-before (connection cut before BES acted)', { type: 'drop-before' }, 0],
		['HTTP 500', { type: 'status', status: 500 }, 0],
		['an HTML error page', { type: 'html', status: 502 }, 0],
		['malformed JSON with HTTP 200', { type: 'malformed-json' }, 1],
	])('%s: "may have placed the call", sent once only', async (_, fault, created) => {
		const before = sim.bes.notifications.size;
		sim.injectFault({ path: PATHS.create, ...fault });
		const run = await create(createParams(), { continueOnFail: true });
		expect(createRequests(sim)).toHaveLength(1);
		expect(sim.bes.notifications.size - before).toBe(created);
		expect(run.items[0].json.error).toMatch(/^BES may have placed the call/);
		expect(run.items[0].json.outcome).toBe('unknown');
		expect(run.items[0].json.description).toMatch(/not sent again/);
		expect(run.items[0].pairedItem).toEqual({ item: 0 });
	});

	test('a timeout: "may have placed the call", sent once only', async () => {
		sim.injectFault({ path: PATHS.create, type: 'delay', delayMs: 1500 });
		const run = await create(createParams(), { continueOnFail: true, requestTimeoutCapMs: 300 });
		expect(createRequests(sim)).toHaveLength(1);
		expect(run.items[0].json.error).toBe(
			'BES may have placed the call: the request timed out before an answer came back',
		);
		expect(run.items[0].json.outcome).toBe('unknown');
	});

	test('429 is sent again after Retry-After, and the call is placed once', async () => {
		const before = sim.bes.notifications.size;
		sim.injectFault({ path: PATHS.create, type: 'status', status: 429, retryAfter: 0, times: 2 });
		const run = await create(createParams());
		expect(run.error).toBeUndefined();
		expect(createRequests(sim).map((r) => r.responseStatus)).toEqual([429, 429, 200]);
		expect(sim.bes.notifications.size - before).toBe(1);
		expect(run.items[0].json.callSerialNo).toBeDefined();
	});

	test('429 that does not stop: a bounded number of tries, then "nothing was sent"', async () => {
		sim.injectFault({ path: PATHS.create, type: 'status', status: 429, retryAfter: 0, times: 20 });
		const run = await create(createParams(), { continueOnFail: true });
		expect(createRequests(sim)).toHaveLength(5);
		expect(run.items[0].json).toMatchObject({
			error: 'BES is receiving too many requests and refused this one after 5 attempts',
			outcome: 'rejected',
			httpCode: '429',
		});
	});

	test('no token request is made twice because of a failed notification', async () => {
		const fresh = besCredentials(sim);
		sim.injectFault({ path: PATHS.create, type: 'status', status: 500 });
		await runBes([createParams(), createParams({ called: '1002' })], {
			store: fresh,
			continueOnFail: true,
		});
		expect(tokenRequests(sim)).toHaveLength(1);
		expect(createRequests(sim)).toHaveLength(2);
	});
});

describe('HTTP 500 with BES’s own retCode body (issue 23, point 13)', () => {
	let failing;
	let failingStore;
	beforeAll(async () => {
		failing = await startSimulator({
			port: 0,
			seed: 24,
			bes: { finishAfterMs: 100, trialWhitelist: ['88881111'], businessFailureStatus: 500 },
		});
		failingStore = besCredentials(failing);
	});
	afterAll(async () => {
		await failing.close();
	});
	beforeEach(() => {
		failing.clearLog();
		failing.clearFaults();
	});

	test('is BES’s business failure: a rejection with the retCode and retMsg worded, nothing placed', async () => {
		const run = await runBes(createParams({ called: '88882222' }), {
			store: failingStore,
			continueOnFail: true,
		});
		expect(run.items[0].json).toMatchObject({
			error:
				'BES did not create the voice notification: the tenant is in trial-commercial state and the called number is not on its whitelist (retCode 16)',
			description: expect.stringContaining('BES said: "The tenant is in trial commercial use'),
			code: '16',
			httpCode: '500',
			outcome: 'rejected',
		});
		expect(createRequests(failing)).toHaveLength(1);
		expect(failing.bes.notifications.size).toBe(0);
	});

	test.each([
		['without BES’s body', { type: 'status-after', status: 500, body: '' }],
		['with a gateway’s retCode (the HTTP status)', { type: 'status-after', status: 500 }],
		[
			'with an undocumented retCode',
			{ type: 'status-after', status: 500, body: { retCode: '77', retMsg: 'Busy' } },
		],
	])('a 500 %s stays unknown, never sent again', async (_, fault) => {
		failing.injectFault({ path: PATHS.create, ...fault });
		const run = await runBes(createParams({ called: '88881111' }), {
			store: failingStore,
			continueOnFail: true,
		});
		expect(run.items[0].json.outcome).toBe('unknown');
		expect(run.items[0].json.error).toMatch(/^BES may have placed the call/);
		expect(createRequests(failing)).toHaveLength(1);
	});
});
