/**
 * The Bitel Trigger and BES Trigger nodes: webhook(), the webhook lifecycle and the
 * credential tests, with tools/n8n-context's IWebhookFunctions/IHookFunctions; then both triggers behind
 * a small HTTP stand-in for n8n's webhook server, receiving the simulator's real Bitel
 * webhooks and signed BES callbacks. CommonJS on purpose: the strict n8n lint forbids Node
 * APIs (http) in .ts files.
 */
const http = require('http');
const axios = require('axios');
const { NodeHelpers } = require('n8n-workflow');
const {
	startSimulator,
	DEFAULTS,
	signBesCallback,
	verifyBesCallback,
} = require('../../tools/simulator');
const {
	runNode,
	callWebhook,
	hookContext,
	fakeResponse,
	webhookContext,
} = require('../../tools/n8n-context');
const { Bitel } = require('../../nodes/Bitel/Bitel.node');
const { BitelApi } = require('../../credentials/BitelApi.credentials');
const { BitelTrigger } = require('../../nodes/BitelTrigger/BitelTrigger.node');
const { BesTrigger } = require('../../nodes/BesTrigger/BesTrigger.node');
const ours = require('../../nodes/BesTrigger/signature');

const BITEL_TOKEN = 'example-webhook-token-0123456789';
const SHARED = DEFAULTS.bes.sharedKey;
const ACK = { retCode: '0', retMsg: 'success' };

// ------------------------------------------------------------------ payloads

const { voice: VOICE } = require('../fixtures/bitel-webhooks.json');
/** An SMS that did not arrive: the unit tests cover the delivered one. */
const SMS = {
	...require('../fixtures/bitel-webhooks.json').sms,
	deliveryStatus: 'DELIVERY_FAILED',
};

function besCallback(overrides = {}, { key = SHARED, algorithm = 'sha256', at = Date.now() } = {}) {
	const payload = {
		callSerialNo: '1197765398201387012',
		called: '88880067',
		callerPresent: '960003',
		createCallTime: '2022/02/22,10:04:28:823',
		alertingTime: '2022/02/22,10:04:29:004',
		talkingTime: '2022/02/22,10:04:30:418',
		releaseTime: '2022/02/22,10:04:36:318',
		talkDuration: '6',
		locationId: '0',
		releaseReason: '1',
		timestamp: String(at),
		nonce: '-1482421808053124529',
		...overrides,
	};
	payload.signature = ours.signBesCallback(payload, key, algorithm);
	return payload;
}

// ------------------------------------------------------------------ Bitel Trigger

describe('Bitel Trigger webhook()', () => {
	it('starts a run with the payload, the event and a readable status', async () => {
		const { result, response, json } = await callWebhook(BitelTrigger, { body: VOICE });
		// n8n answers, once the run is stored: the node writes nothing itself.
		expect(response.statusCode).toBeUndefined();
		expect(result.noWebhookResponse).toBeUndefined();
		expect(result.webhookResponse).toEqual({ message: 'Workflow was started' });
		expect(result.workflowData).toHaveLength(1);
		expect(result.workflowData[0]).toHaveLength(1);
		expect(json).toEqual({
			...VOICE,
			event: 'callAnswered',
			id: VOICE.requestId,
			answered: true,
			status: 'NORMAL',
			statusCode: 1,
			statusDescription: 'Answered: the call finished normally',
		});
	});

	it('reads cause sent as a number the same way', async () => {
		const { json } = await callWebhook(BitelTrigger, { body: { ...VOICE, cause: 3, billSec: 0 } });
		expect(json).toMatchObject({
			event: 'callNotAnswered',
			answered: false,
			status: 'USER_BUSY',
			statusCode: 3,
		});
	});

	it('acknowledges events that are not selected without starting a run', async () => {
		const { result, response } = await callWebhook(BitelTrigger, { body: SMS });
		expect(result).toEqual({});
		expect(response.statusCode).toBeUndefined();
	});

	it('takes SMS events when selected', async () => {
		const { json } = await callWebhook(BitelTrigger, {
			parameters: { events: ['smsDelivered', 'smsFailed'] },
			body: SMS,
		});
		expect(json).toMatchObject({
			event: 'smsFailed',
			delivered: false,
			status: 'DELIVERY_FAILED',
			statusCode: 4,
		});
	});

	it('drops an unclassifiable post with a warning, and runs it with All', async () => {
		const dropped = await callWebhook(BitelTrigger, { body: { hello: 'world' } });
		expect(dropped.result).toEqual({});
		expect(
			dropped.logs.some((l) => l.level === 'warn' && /neither a call nor an SMS/.test(l.message)),
		).toBe(true);
		const all = await callWebhook(BitelTrigger, {
			parameters: { events: ['*'] },
			body: { hello: 'world' },
		});
		expect(all.json).toEqual({ hello: 'world', event: 'unknown' });
	});

	it('a call status it cannot read is event unknown: a "not answered" workflow does not start (issue 23, point 8)', async () => {
		const body = { ...VOICE, cause: 'CONGESTION', billSec: 0 };
		const dropped = await callWebhook(BitelTrigger, { body });
		expect(dropped.result).toEqual({});
		expect(dropped.logs.some((l) => l.level === 'warn' && /cannot classify/.test(l.message))).toBe(
			true,
		);
		const all = await callWebhook(BitelTrigger, { parameters: { events: ['*'] }, body });
		expect(all.json).toMatchObject({
			cause: 'CONGESTION',
			event: 'unknown',
			id: VOICE.requestId,
			answered: false,
			status: 'CONGESTION',
			statusCode: null,
		});
	});

	it('reads a JSON body n8n did not parse (no JSON Content-Type)', async () => {
		const { json } = await callWebhook(BitelTrigger, {
			body: {},
			rawBody: Buffer.from(JSON.stringify(VOICE)),
		});
		expect(json).toMatchObject({ requestId: VOICE.requestId, event: 'callAnswered' });
	});

	describe('with URL Token authentication', () => {
		const withToken = (query) =>
			callWebhook(BitelTrigger, {
				parameters: { authentication: 'urlToken' },
				credentials: { bitelWebhookApi: { token: BITEL_TOKEN } },
				body: VOICE,
				query,
			});

		it('runs when ?token= is right', async () => {
			const { result, json } = await withToken({ token: BITEL_TOKEN });
			expect(result.workflowData).toBeDefined();
			expect(json.event).toBe('callAnswered');
			expect(json).not.toHaveProperty('token');
		});

		it.each([
			['missing', {}],
			['wrong', { token: `${BITEL_TOKEN}x` }],
			['a prefix', { token: BITEL_TOKEN.slice(0, 10) }],
			['empty', { token: '' }],
			['repeated', { token: [BITEL_TOKEN, BITEL_TOKEN] }],
		])('answers 401 and starts nothing when the token is %s', async (_label, query) => {
			const { result, response, logs } = await withToken(query);
			expect(result).toEqual({ noWebhookResponse: true });
			expect(result.workflowData).toBeUndefined();
			expect(response.statusCode).toBe(401);
			expect(response.body).toEqual({ message: expect.stringMatching(/^Unauthorized/) });
			const warning = logs.find((l) => l.level === 'warn');
			expect(warning).toBeDefined();
			expect(JSON.stringify(logs)).not.toContain(BITEL_TOKEN);
		});

		it('checks the token before looking at the events', async () => {
			const { response } = await callWebhook(BitelTrigger, {
				parameters: { authentication: 'urlToken' },
				credentials: { bitelWebhookApi: { token: BITEL_TOKEN } },
				body: SMS,
				query: {},
			});
			expect(response.statusCode).toBe(401);
		});
	});
});

describe('Bitel Trigger versions: URL Token for new triggers, None kept for saved ones', () => {
	const { description } = new BitelTrigger();
	const node = (typeVersion) => ({ typeVersion });
	/** The parameters n8n holds for a node (defaults filled in for its version), as n8n-workflow computes them. */
	const loaded = (typeVersion, stored) =>
		NodeHelpers.getNodeParameters(
			description.properties,
			stored,
			true,
			false,
			node(typeVersion),
			description,
		);
	/** What n8n writes to the workflow: values equal to the version's default are left out. */
	const saved = (typeVersion, parameters) =>
		NodeHelpers.getNodeParameters(
			description.properties,
			parameters,
			false,
			false,
			node(typeVersion),
			description,
		);

	it('declares 1 and 1.1, and adds new triggers at 1.1', () => {
		expect(description.version).toEqual([1, 1.1]);
		expect(description.defaultVersion).toBe(1.1);
	});

	it.each([
		[1, 'none'],
		[1.1, 'urlToken'],
	])('version %s without a stored Authentication runs with %s', (typeVersion, expected) => {
		expect(loaded(typeVersion, {}).authentication).toBe(expected);
	});

	it('a version 1 workflow saved with None reloads with None; one saved with URL Token keeps it', () => {
		const none = saved(1, { authentication: 'none', events: ['callAnswered'] });
		expect(none).not.toHaveProperty('authentication');
		expect(loaded(1, none).authentication).toBe('none');
		const token = saved(1, { authentication: 'urlToken', events: ['callAnswered'] });
		expect(loaded(1, token).authentication).toBe('urlToken');
	});

	it.each([
		[1, 'none', true],
		[1, 'urlToken', false],
		[1.1, 'none', true],
		[1.1, 'urlToken', false],
	])('version %s, %s: the warning notice shown: %s', (typeVersion, authentication, shown) => {
		const warning = description.properties.find((p) => p.name === 'authenticationNoneWarning');
		const values = loaded(typeVersion, { authentication });
		expect(warning.type).toBe('notice');
		expect(warning.displayName).toMatch(
			/^Anyone who learns this URL can post a made-up "answered"/,
		);
		expect(NodeHelpers.displayParameter(values, warning, node(typeVersion), description)).toBe(
			shown,
		);
	});

	it('the setup notice shows the whole URL form to paste, with an example', () => {
		const shown = (authentication) =>
			description.properties
				.filter((p) => p.type === 'notice')
				.filter((p) => NodeHelpers.displayParameter({ authentication }, p, node(1.1), description))
				.map((p) => p.displayName)
				.join(' ');
		expect(shown('urlToken')).toContain(
			'&lt;the Production URL above&gt;?token=&lt;the Token of your Bitel Webhook API credential&gt;',
		);
		expect(shown('urlToken')).toMatch(/for example https:\/\/\S+\/webhook\?token=/);
		expect(shown('none')).not.toContain('?token=&lt;the Token of your');
		expect(shown('none')).toContain('add the Production URL above as the webhook URL');
	});

	it('a 1.1 trigger with no stored Authentication refuses a post without the token', async () => {
		const response = fakeResponse();
		const context = webhookContext(BitelTrigger, {
			credentials: { bitelWebhookApi: { token: BITEL_TOKEN } },
			body: VOICE,
			query: {},
			response,
		});
		const version1 = context.getNode();
		context.getNode = () => ({ ...version1, typeVersion: 1.1 });
		const result = await new BitelTrigger().webhook.call(context);
		expect(result).toEqual({ noWebhookResponse: true });
		expect(response.statusCode).toBe(401);
	});
});

describe('trigger subtitles: the chosen values by their labels', () => {
	/** The subtitle as the editor computes it: the same JavaScript, with $parameter. */
	const subtitleOf = (NodeClass, parameters) => {
		const body = new NodeClass().description.subtitle.replace(/^=\{\{(.*)\}\}$/s, '$1');
		return new Function('$parameter', `return ${body}`)(parameters);
	};

	it.each([
		[
			'Bitel Trigger',
			BitelTrigger,
			{ events: ['callAnswered', 'callNotAnswered'] },
			'Call Answered, Call Not Answered',
		],
		[
			'Bitel Trigger',
			BitelTrigger,
			{ events: ['smsDelivered', 'smsFailed'] },
			'SMS Delivered, SMS Failed',
		],
		['Bitel Trigger', BitelTrigger, { events: ['*'] }, 'All Events'],
		['Bitel Trigger', BitelTrigger, { events: ['callAnswered', '*'] }, 'All Events'],
		['BES Trigger', BesTrigger, { authentication: 'signature' }, 'Signed Callbacks'],
		['BES Trigger', BesTrigger, { authentication: 'none' }, 'Unsigned Callbacks'],
	])('%s with %j: %s', (_label, NodeClass, parameters, subtitle) => {
		expect(subtitleOf(NodeClass, parameters)).toBe(subtitle);
	});
});

// ------------------------------------------------------------------ BES Trigger

describe('BES Trigger webhook()', () => {
	const signed = (body, parameters = {}) =>
		callWebhook(BesTrigger, {
			parameters,
			credentials: { besCallbackApi: { sharedSecret: SHARED } },
			body,
		});

	it.each(['sha256', 'hmac-sha256'])(
		'starts a run for a callback signed with %s and answers retCode 0',
		async (algorithm) => {
			const body = besCallback({}, { algorithm });
			const { result, response, json } = await signed(body);
			// n8n answers BES's ACK once the run is stored: the node writes nothing itself.
			expect(response.statusCode).toBeUndefined();
			expect(result.noWebhookResponse).toBeUndefined();
			expect(result.webhookResponse).toEqual(ACK);
			expect(result.workflowData[0]).toHaveLength(1);
			expect(json).toEqual({
				...body,
				releaseReasonDescription: 'Completed: answered and played to the end',
				completed: true,
				answered: true,
				signatureAlgorithm: algorithm,
			});
		},
	);

	it('describes a callee who hung up early', async () => {
		const { json } = await signed(besCallback({ releaseReason: '0' }));
		expect(json).toMatchObject({ releaseReason: '0', completed: false, answered: true });
	});

	it.each([
		['a tampered field', (b) => ({ ...b, releaseReason: '4' })],
		[
			'a tampered signature',
			(b) => ({ ...b, signature: b.signature.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')) }),
		],
		['no signature', ({ signature, ...rest }) => rest],
		['no timestamp', ({ timestamp, ...rest }) => rest],
		['no nonce', ({ nonce, ...rest }) => rest],
		['an unsigned body', ({ signature, timestamp, nonce, ...rest }) => rest],
	])('answers 401 and starts nothing for %s', async (_label, change) => {
		const { result, response, logs } = await signed(change(besCallback()));
		expect(result).toEqual({ noWebhookResponse: true });
		expect(response.statusCode).toBe(401);
		expect(response.body.retCode).not.toBe('0');
		expect(logs.find((l) => l.level === 'warn').message).toMatch(/refused a callback/);
		expect(JSON.stringify(logs)).not.toContain(SHARED);
	});

	it('answers 401 for a callback signed with another key', async () => {
		const { response } = await signed(besCallback({}, { key: 'another-shared-key-0000' }));
		expect(response.statusCode).toBe(401);
	});

	it('refuses a stale callback (default skew 3600 s) and accepts it with a larger skew', async () => {
		const body = besCallback({}, { at: Date.now() - 3601_000 });
		const stale = await signed(body);
		expect(stale.response.statusCode).toBe(401);
		expect(stale.logs.find((l) => l.level === 'warn').meta.reason).toBe('staleTimestamp');
		const lenient = await signed(body, { options: { maxSkewSeconds: 7200 } });
		expect(lenient.result.workflowData).toBeDefined();
		const unchecked = await signed(besCallback({}, { at: 1645524163326 }), {
			options: { maxSkewSeconds: 0 },
		});
		expect(unchecked.result.workflowData).toBeDefined();
	});

	it('accepts only the pinned algorithm', async () => {
		const body = besCallback({}, { algorithm: 'hmac-sha256' });
		expect((await signed(body, { options: { algorithm: 'sha256' } })).response.statusCode).toBe(
			401,
		);
		expect(
			(await signed(body, { options: { algorithm: 'hmac-sha256' } })).json.signatureAlgorithm,
		).toBe('hmac-sha256');
	});

	it('verifies a long nonce sent as a JSON number with the digits BES sent', async () => {
		const at = String(Date.now());
		const exact = { ...besCallback({ timestamp: at }), nonce: '-1482421808053124529' };
		exact.signature = ours.signBesCallback(exact, SHARED);
		const rawBody = JSON.stringify(exact).replace(
			'"nonce":"-1482421808053124529"',
			'"nonce":-1482421808053124529',
		);
		const parsed = JSON.parse(rawBody);
		const { result, json } = await callWebhook(BesTrigger, {
			credentials: { besCallbackApi: { sharedSecret: SHARED } },
			body: parsed,
			rawBody: Buffer.from(rawBody),
		});
		expect(result.workflowData).toBeDefined();
		expect(json.nonce).toBe('-1482421808053124529');
	});

	describe('with Authentication None', () => {
		const unsigned = (body) =>
			callWebhook(BesTrigger, { parameters: { authentication: 'none' }, body });

		it('runs an unsigned callback from the console’s Hang-up Callback URL', async () => {
			const { signature, timestamp, nonce, ...body } = besCallback({ releaseReason: '4' });
			const { result, response, json } = await unsigned(body);
			expect(result.workflowData).toBeDefined();
			expect(response.body).toBeUndefined();
			expect(result.webhookResponse).toEqual(ACK);
			expect(json).toMatchObject({ releaseReason: '4', completed: false, answered: false });
			expect(json).not.toHaveProperty('signatureAlgorithm');
		});

		it('acknowledges a post without callSerialNo without starting a run', async () => {
			const { result, response, logs } = await unsigned({ hello: 'world' });
			expect(result).toEqual({ noWebhookResponse: true });
			expect([response.statusCode, response.body]).toEqual([200, ACK]);
			expect(logs.find((l) => l.level === 'warn').message).toMatch(/without callSerialNo/);
		});
	});
});

// ------------------------------------------------------------------ answering, secrets, repeats

describe('who answers a post', () => {
	it.each([
		['Bitel Trigger', BitelTrigger],
		['BES Trigger', BesTrigger],
	])(
		'%s: n8n answers a run (responseMode onReceived, responseData empty so it sends webhookResponse)',
		(_label, NodeClass) => {
			const [hook] = new NodeClass().description.webhooks;
			expect(hook).toMatchObject({ responseMode: 'onReceived', responseData: '' });
		},
	);

	it('Bitel Trigger: a refused post is answered by the node at once (nothing to store)', async () => {
		const { result, response } = await callWebhook(BitelTrigger, {
			parameters: { authentication: 'urlToken' },
			credentials: { bitelWebhookApi: { token: BITEL_TOKEN } },
			body: VOICE,
			query: {},
		});
		expect(result).toEqual({ noWebhookResponse: true });
		expect(response.statusCode).toBe(401);
	});
});

describe('credential secrets inside webhook()', () => {
	let n = 0;
	/** A fresh credential id per test: the reuse is per workflow, node and credential. */
	function post(NodeClass, run) {
		return callWebhook(NodeClass, run);
	}

	it('reads the Bitel token once for many posts, and again when a post carries another one', async () => {
		const reads = [];
		const credentialId = `bitel-reuse-${++n}`;
		const run = (token, stored) =>
			post(BitelTrigger, {
				parameters: { authentication: 'urlToken' },
				credentials: { bitelWebhookApi: { token: stored } },
				nodeCredentials: { bitelWebhookApi: { id: credentialId, name: 'token' } },
				credentialReads: reads,
				body: VOICE,
				query: { token },
			});
		for (let i = 0; i < 5; i++)
			expect((await run(BITEL_TOKEN, BITEL_TOKEN)).result.workflowData).toBeDefined();
		expect(reads).toEqual(['bitelWebhookApi']);
		// The token was changed in n8n: the first post with the new one is checked on a fresh read.
		const NEW = 'the-new-token-0123456789abcdef';
		expect((await run(NEW, NEW)).result.workflowData).toBeDefined();
		expect(reads).toHaveLength(2);
		// ... and the old one is refused from then on.
		expect((await run(BITEL_TOKEN, NEW)).response.statusCode).toBe(401);
		expect(reads).toHaveLength(3);
	});

	it('reads the BES Shared Key once for many callbacks', async () => {
		const reads = [];
		const nodeCredentials = { besCallbackApi: { id: `bes-reuse-${++n}`, name: 'key' } };
		for (let i = 0; i < 4; i++) {
			const { result } = await post(BesTrigger, {
				credentials: { besCallbackApi: { sharedSecret: SHARED } },
				nodeCredentials,
				credentialReads: reads,
				body: besCallback({ callSerialNo: `reuse-${n}-${i}` }),
			});
			expect(result.workflowData).toBeDefined();
		}
		expect(reads).toEqual(['besCallbackApi']);
	});

	it('reads once for posts that arrive together with nothing remembered; one refused by that read reads on its own', async () => {
		const reads = [];
		const credentialId = `bitel-together-${++n}`;
		const run = (token) =>
			post(BitelTrigger, {
				parameters: { authentication: 'urlToken' },
				credentials: { bitelWebhookApi: { token: BITEL_TOKEN } },
				nodeCredentials: { bitelWebhookApi: { id: credentialId, name: 'token' } },
				credentialReads: reads,
				body: VOICE,
				query: { token },
			});
		const answers = await Promise.all([
			...Array.from({ length: 20 }, () => run(BITEL_TOKEN)),
			run('not-the-token-0123456789'),
		]);
		expect(answers.slice(0, 20).every((a) => a.result.workflowData !== undefined)).toBe(true);
		expect(answers[20].response.statusCode).toBe(401);
		// One shared read, and one more for the refused post (checked on a read of its own).
		expect(reads).toEqual(['bitelWebhookApi', 'bitelWebhookApi']);
	});

	it('does not share a secret between workflows', async () => {
		const reads = [];
		const nodeCredentials = { bitelWebhookApi: { id: `bitel-shared-${++n}`, name: 'token' } };
		for (const workflowId of ['wfA', 'wfB']) {
			await post(BitelTrigger, {
				workflowId,
				parameters: { authentication: 'urlToken' },
				credentials: { bitelWebhookApi: { token: BITEL_TOKEN } },
				nodeCredentials,
				credentialReads: reads,
				body: VOICE,
				query: { token: BITEL_TOKEN },
			});
		}
		expect(reads).toHaveLength(2);
	});
});

describe('BES Trigger: a callback that comes again', () => {
	let n = 0;
	const send = (body, response, workflowId) =>
		callWebhook(BesTrigger, {
			workflowId,
			credentials: { besCallbackApi: { sharedSecret: SHARED } },
			body,
			response,
		});

	it('runs once: a copy after n8n answered 2xx is acknowledged and not run', async () => {
		const workflowId = `repeat-${++n}`;
		const first = fakeResponse({ answerable: true });
		const body = besCallback({ callSerialNo: `serial-${n}` });
		expect((await send(body, first, workflowId)).result.workflowData).toBeDefined();
		first.answer(200);
		// The same body again (a replay, or BES sending it again), and one re-signed later.
		const again = await send(body, undefined, workflowId);
		expect(again.result).toEqual({ noWebhookResponse: true });
		expect([again.response.statusCode, again.response.body]).toEqual([200, ACK]);
		const resigned = await send(
			besCallback({ callSerialNo: `serial-${n}`, nonce: '42' }),
			undefined,
			workflowId,
		);
		expect(resigned.result.workflowData).toBeUndefined();
		expect(resigned.response.body).toEqual(ACK);
	});

	it('runs again when n8n could not keep the first copy (answered 500, or no answer)', async () => {
		const workflowId = `repeat-${++n}`;
		const body = besCallback({ callSerialNo: `serial-${n}` });
		const failed = fakeResponse({ answerable: true });
		expect((await send(body, failed, workflowId)).result.workflowData).toBeDefined();
		failed.answer(500);
		const dropped = fakeResponse({ answerable: true });
		expect((await send(body, dropped, workflowId)).result.workflowData).toBeDefined();
		dropped.emit('close');
		const kept = fakeResponse({ answerable: true });
		expect((await send(body, kept, workflowId)).result.workflowData).toBeDefined();
		kept.answer(200);
		expect((await send(body, undefined, workflowId)).result.workflowData).toBeUndefined();
	});

	it('asks a copy that arrives while the first is being stored to come back (409), not run twice', async () => {
		const workflowId = `repeat-${++n}`;
		const body = besCallback({ callSerialNo: `serial-${n}` });
		const first = fakeResponse({ answerable: true });
		await send(body, first, workflowId);
		const meanwhile = await send(body, undefined, workflowId);
		expect(meanwhile.result).toEqual({ noWebhookResponse: true });
		expect(meanwhile.response.statusCode).toBe(409);
		expect(meanwhile.response.body.retCode).not.toBe('0');
		first.answer(500);
		expect(
			(await send(body, fakeResponse({ answerable: true }), workflowId)).result.workflowData,
		).toBeDefined();
	});

	it('keeps the memory per workflow', async () => {
		const body = besCallback({ callSerialNo: `serial-${++n}` });
		const first = fakeResponse({ answerable: true });
		await send(body, first, `wfX-${n}`);
		first.answer(200);
		expect((await send(body, undefined, `wfY-${n}`)).result.workflowData).toBeDefined();
	});
});

describe('BES Trigger: timestamps and wide ids', () => {
	const signed = (body, rawBody) =>
		callWebhook(BesTrigger, {
			workflowId: 'wide',
			credentials: { besCallbackApi: { sharedSecret: SHARED } },
			body,
			rawBody,
		});

	it('reads a timestamp in seconds as seconds', async () => {
		const seconds = String(Math.floor(Date.now() / 1000) - 120);
		const { result } = await signed(besCallback({ callSerialNo: 'seconds-1', timestamp: seconds }));
		expect(result.workflowData).toBeDefined();
		const stale = await signed(
			besCallback({
				callSerialNo: 'seconds-2',
				timestamp: String(Math.floor(Date.now() / 1000) - 3700),
			}),
		);
		expect(stale.logs.find((l) => l.level === 'warn').meta.reason).toBe('staleTimestamp');
	});

	it('outputs a callSerialNo sent as a JSON number wider than 2^53 with every digit', async () => {
		const serial = '9007199254740993123';
		const exact = besCallback({ callSerialNo: serial });
		const rawBody = JSON.stringify(exact).replace(
			`"callSerialNo":"${serial}"`,
			`"callSerialNo":${serial}`,
		);
		const parsed = JSON.parse(rawBody);
		expect(String(parsed.callSerialNo)).not.toBe(serial);
		const { result, json } = await signed(parsed, Buffer.from(rawBody));
		expect(result.workflowData).toBeDefined();
		expect(json.callSerialNo).toBe(serial);
		expect(json.signatureAlgorithm).toBe('sha256');
	});
});

// ------------------------------------------------------------------ lifecycle + credential tests

/** hookContext with the node's version and parameters, which IHookFunctions also gives. */
function triggerHookContext(state, { typeVersion = 1.1, parameters = {} } = {}) {
	const { context, logs } = hookContext(state);
	context.getNode = () => ({ name: 'Trigger', typeVersion });
	context.getNodeParameter = (name, fallback) => parameters[name] ?? fallback;
	return { context, logs };
}

describe.each([
	['Bitel Trigger', BitelTrigger, /Bitel panel: Project → Webhooks/],
	['BES Trigger', BesTrigger, /callBackUrl/],
])('%s webhook lifecycle', (_label, NodeClass, pasteHint) => {
	const lifecycle = new NodeClass().webhookMethods.default;

	it('records the URL on create, reports it on checkExists, forgets it on delete', async () => {
		const state = { url: 'https://n8n.example.com/webhook/abc/webhook', staticData: {} };
		const { context, logs } = triggerHookContext(state);
		expect(await lifecycle.checkExists.call(context)).toBe(false);
		expect(await lifecycle.create.call(context)).toBe(true);
		expect(state.staticData.webhookUrl).toBe(state.url);
		expect(logs.at(-1)).toMatchObject({ level: 'info', message: expect.stringMatching(pasteHint) });
		expect(logs.at(-1).message).toContain(state.url);
		expect(await lifecycle.checkExists.call(context)).toBe(true);
		expect(await lifecycle.delete.call(context)).toBe(true);
		expect(state.staticData.webhookUrl).toBeUndefined();
		expect(await lifecycle.checkExists.call(context)).toBe(false);
	});

	it('warns when the URL differs from the one handed out before', async () => {
		const state = { url: 'https://old.example.com/webhook/abc/webhook', staticData: {} };
		const { context, logs } = triggerHookContext(state);
		await lifecycle.create.call(context);
		state.url = 'https://new.example.com/webhook/abc/webhook';
		expect(await lifecycle.checkExists.call(context)).toBe(false);
		await lifecycle.create.call(context);
		expect(logs.at(-1).level).toBe('warn');
		expect(logs.at(-1).message).toMatch(
			/changed from https:\/\/old.example.com.* to https:\/\/new.example.com/,
		);
		// also across a deactivation
		await lifecycle.delete.call(context);
		state.url = 'https://third.example.com/webhook/abc/webhook';
		await lifecycle.create.call(context);
		expect(logs.at(-1).level).toBe('warn');
	});

	it('throws (does not swallow) when n8n has no webhook URL', async () => {
		const { context } = triggerHookContext({ url: undefined, staticData: {} });
		await expect(lifecycle.create.call(context)).rejects.toThrow(/no webhook URL/);
		await expect(lifecycle.checkExists.call(context)).rejects.toThrow(/no webhook URL/);
	});
});

describe('Bitel Trigger: the URL to paste, in the activation log', () => {
	const lifecycle = new BitelTrigger().webhookMethods.default;
	const url = 'https://n8n.example.com/webhook/abc/webhook';

	const withToken = [`Paste ${url}?token=<your token> into the Bitel panel: Project → Webhooks`];
	const without = [
		`listens on ${url}. Paste it into the Bitel panel: Project → Webhooks`,
		'Authentication is None: anyone who learns the URL',
	];

	it.each([
		['version 1.1 by default', { typeVersion: 1.1 }, withToken, []],
		[
			'URL Token in version 1',
			{ typeVersion: 1, parameters: { authentication: 'urlToken' } },
			withToken,
			[],
		],
		['version 1 by default', { typeVersion: 1 }, without, ['?token=']],
		[
			'None in version 1.1',
			{ typeVersion: 1.1, parameters: { authentication: 'none' } },
			without,
			['?token='],
		],
	])('%s: the whole URL to paste, never the token itself', async (_label, node, says, never) => {
		const { context, logs } = triggerHookContext({ url, staticData: {} }, node);
		await lifecycle.create.call(context);
		const { level, message } = logs.at(-1);
		expect(level).toBe('info');
		for (const text of says) expect(message).toContain(text);
		for (const text of never) expect(message).not.toContain(text);
	});
});

describe('credential tests', () => {
	const bitelTest = new BitelTrigger().methods.credentialTest.bitelWebhookTokenTest;
	const besTest = new BesTrigger().methods.credentialTest.besSharedKeyTest;
	const cred = (data) => ({ id: '1', name: 'c', type: 't', data });

	it.each([
		[BITEL_TOKEN, 'OK'],
		['0123456789abcdef', 'OK'],
		['short', 'Error'],
		['has spaces in it, too long anyway', 'Error'],
		['has&ampersand=0123456789', 'Error'],
		['', 'Error'],
	])('Bitel token %j: %s', async (token, status) => {
		expect((await bitelTest.call({}, cred({ token }))).status).toBe(status);
	});

	it.each([
		[SHARED, 'OK'],
		['sixteen chars ok', 'OK'],
		['fifteen chars!!', 'Error'],
		[undefined, 'Error'],
	])('BES shared key %j: %s', async (sharedSecret, status) => {
		expect((await besTest.call({}, cred({ sharedSecret }))).status).toBe(status);
	});

	it('declares the credentials with testedBy, shown only for their authentication', () => {
		expect(new BitelTrigger().description.credentials).toEqual([
			expect.objectContaining({
				name: 'bitelWebhookApi',
				testedBy: 'bitelWebhookTokenTest',
				displayOptions: { show: { authentication: ['urlToken'] } },
			}),
		]);
		expect(new BesTrigger().description.credentials).toEqual([
			expect.objectContaining({
				name: 'besCallbackApi',
				testedBy: 'besSharedKeyTest',
				displayOptions: { show: { authentication: ['signature'] } },
			}),
		]);
	});
});

// ------------------------------------------------------------------ against the simulator

describe('BES signature: this package and the simulator agree', () => {
	const payload = besCallback();
	delete payload.signature;

	it.each([
		['sha256', 'sha256'],
		['hmac', 'hmac-sha256'],
	])(
		'the simulator’s %s signature is accepted as %s, and both compute the same value',
		(simMode, ourMode) => {
			const theirs = signBesCallback(payload, SHARED, simMode);
			expect(ours.signBesCallback(payload, SHARED, ourMode)).toBe(theirs);
			expect(
				ours.verifyBesCallback({ ...payload, signature: theirs }, SHARED, {
					nowMs: Date.now(),
					maxSkewSeconds: 300,
				}),
			).toEqual({ valid: true, algorithm: ourMode });
			expect(
				verifyBesCallback(
					{ ...payload, signature: ours.signBesCallback(payload, SHARED, ourMode) },
					SHARED,
				),
			).toBe(simMode);
		},
	);
});

/**
 * A stand-in for n8n's webhook server, enough for these triggers: parses a JSON body (and
 * keeps the raw one), calls webhook(), then answers as n8n does for responseMode
 * onReceived in n8n 2.41: the node's own response (noWebhookResponse), else (when a run
 * starts) the description's responseData or "firstEntryJson", else webhookResponse or n8n's
 * default message. Every started run is recorded in `executions`.
 */
async function serveTrigger(NodeClass, { parameters = {}, credentials = {} } = {}) {
	const executions = [];
	const logs = [];
	const server = http.createServer((req, res) => {
		const chunks = [];
		req.on('data', (c) => chunks.push(c));
		req.on('end', async () => {
			const rawBody = Buffer.concat(chunks);
			const url = new URL(req.url, 'http://localhost');
			let body = {};
			if (/json/.test(req.headers['content-type'] || '')) {
				try {
					body = JSON.parse(rawBody.toString('utf8'));
				} catch {
					body = {};
				}
			}
			const query = {};
			for (const [k, v] of url.searchParams) query[k] = k in query ? [].concat(query[k], v) : v;
			const response = {
				status(code) {
					res.statusCode = code;
					return response;
				},
				json(value) {
					res.setHeader('content-type', 'application/json');
					res.end(JSON.stringify(value));
					return response;
				},
			};
			response.send = response.json;
			const node = new NodeClass();
			try {
				const result = await node.webhook.call(
					webhookContext(NodeClass, {
						parameters,
						credentials,
						body,
						rawBody,
						query,
						headers: req.headers,
						response,
						workflowId: 'served',
						logs,
					}),
				);
				if (result.workflowData) executions.push(result.workflowData[0].map((item) => item.json));
				if (result.noWebhookResponse) return;
				// n8n 2.41's onReceived answer when a run starts: the description's responseData,
				// falling back to the text "firstEntryJson" (webhook-on-received-response-extractor).
				const described = node.description.webhooks[0].responseData ?? 'firstEntryJson';
				const answer = result.workflowData
					? described && described !== 'noData'
						? described
						: (result.webhookResponse ?? { message: 'Workflow was started' })
					: (result.webhookResponse ?? { message: 'Webhook call received' });
				res.statusCode = 200;
				res.setHeader('content-type', 'application/json');
				res.end(JSON.stringify(answer));
			} catch (error) {
				res.statusCode = 500;
				res.end(JSON.stringify({ message: error.message }));
			}
		});
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	const base = `http://127.0.0.1:${server.address().port}`;
	return {
		url: `${base}/webhook/e2e/webhook`,
		executions,
		logs,
		close: () => new Promise((resolve) => server.close(resolve)),
	};
}

describe('Bitel Trigger receiving the simulator’s webhooks', () => {
	let sim;
	let trigger;
	const OUTCOMES = {
		'09120000001': 'NORMAL',
		'09120000002': 'NO_ANSWER',
		'09120000003': 'USER_BUSY',
	};

	afterEach(async () => {
		await sim?.close();
		await trigger?.close();
	});

	async function start(webhookCause) {
		sim = await startSimulator({
			port: 0,
			seed: 3,
			bitel: { finalAfterMs: Infinity, webhookCause, outcomes: OUTCOMES },
		});
		trigger = await serveTrigger(BitelTrigger, {
			parameters: { authentication: 'urlToken', events: ['callAnswered', 'callNotAnswered'] },
			credentials: { bitelWebhookApi: { token: BITEL_TOKEN } },
		});
	}

	async function batchCall() {
		const { items, error } = await runNode(Bitel, {
			parameters: {
				resource: 'call',
				operation: 'batch',
				phoneNumbers: Object.keys(OUTCOMES).join(','),
				voiceId: DEFAULTS.bitel.voiceId,
			},
			credentials: { bitelApi: { apiToken: DEFAULTS.bitel.token, baseUrl: sim.url } },
			credentialTypes: { bitelApi: new BitelApi() },
		});
		expect(error).toBeUndefined();
		return items.map((item) => item.json.id);
	}

	it.each(['name', 'code'])(
		'a batch call’s answers arrive as runs (cause sent as the %s)',
		async (webhookCause) => {
			await start(webhookCause);
			sim.bitel.setWebhookUrl(`${trigger.url}?token=${BITEL_TOKEN}`);
			const ids = await batchCall();
			await sim.bitel.settleAll();

			expect(sim.outbound.map((o) => [o.status, JSON.parse(o.responseBody)])).toEqual(
				Array(3).fill([200, { message: 'Workflow was started' }]),
			);
			const runs = trigger.executions.map(([json]) => json);
			expect(runs.map((r) => r.requestId).sort()).toEqual([...ids].sort());
			const byNumber = Object.fromEntries(runs.map((r) => [r.number, r]));
			expect(byNumber['09120000001']).toMatchObject({
				event: 'callAnswered',
				answered: true,
				status: 'NORMAL',
				statusCode: 1,
			});
			expect(byNumber['09120000002']).toMatchObject({
				event: 'callNotAnswered',
				answered: false,
				status: 'NO_ANSWER',
				statusCode: 2,
			});
			expect(byNumber['09120000003']).toMatchObject({
				event: 'callNotAnswered',
				status: 'USER_BUSY',
				statusCode: 3,
			});
			for (const run of runs)
				expect(run.cause).toBe(webhookCause === 'code' ? run.statusCode : run.status);
		},
	);

	it('a webhook URL without the token gets 401 and starts nothing', async () => {
		await start('name');
		sim.bitel.setWebhookUrl(trigger.url);
		await batchCall();
		await sim.bitel.settleAll();
		expect(sim.outbound.map((o) => o.status)).toEqual([401, 401, 401]);
		expect(trigger.executions).toHaveLength(0);
	});
});

describe('BES Trigger receiving the simulator’s callbacks', () => {
	let sim;
	let trigger;

	afterEach(async () => {
		await sim?.close();
		await trigger?.close();
	});

	async function notify(called) {
		const token = await axios.post(`${sim.url}/apigovernance/api/oauth/tokenByAkSk`, {
			app_key: DEFAULTS.bes.appKey,
			app_secret: DEFAULTS.bes.appSecret,
		});
		const created = await axios.post(
			`${sim.url}/apiaccess/rest/voiceNotification/v2/createVoiceNotification`,
			{
				called,
				playList: [{ voiceId: DEFAULTS.bes.voiceId }],
				callBackUrl: Buffer.from(trigger.url, 'utf8').toString('base64'),
			},
			{
				headers: {
					Authorization: `Bearer ${token.data.AccessToken}`,
					'X-APP-Key': DEFAULTS.bes.appKey,
				},
			},
		);
		expect(created.data.retCode).toBe('0');
		return created.data.result.callSerialNo;
	}

	async function start({ bes = {}, now, sharedSecret = SHARED, parameters = {} } = {}) {
		sim = await startSimulator({ port: 0, seed: 5, now, bes: { finishAfterMs: Infinity, ...bes } });
		trigger = await serveTrigger(BesTrigger, {
			parameters,
			credentials: { besCallbackApi: { sharedSecret } },
		});
	}

	it.each(['sha256', 'hmac'])(
		'signed callbacks (%s) start runs and get retCode 0',
		async (signatureMode) => {
			await start({ bes: { signatureMode, outcomes: { 88880001: '1', 88880002: '4' } } });
			const serials = [await notify('88880001'), await notify('88880002')];
			await sim.bes.settleAll();

			expect(sim.outbound.map((o) => [o.status, JSON.parse(o.responseBody)])).toEqual([
				[200, ACK],
				[200, ACK],
			]);
			const runs = trigger.executions.map(([json]) => json);
			expect(runs.map((r) => r.callSerialNo)).toEqual(serials);
			expect(runs[0]).toMatchObject({
				called: '88880001',
				releaseReason: '1',
				completed: true,
				answered: true,
				signatureAlgorithm: signatureMode === 'hmac' ? 'hmac-sha256' : 'sha256',
			});
			expect(runs[1]).toMatchObject({
				called: '88880002',
				releaseReason: '4',
				completed: false,
				answered: false,
			});
			expect(runs[1].releaseReasonDescription).toMatch(/^Not answered/);
		},
	);

	it('callbacks signed with another shared key get 401 and start nothing', async () => {
		await start({ sharedSecret: 'not-the-shared-key-of-the-sim' });
		await notify('88880001');
		await sim.bes.settleAll();
		expect(sim.outbound.map((o) => o.status)).toEqual([401]);
		expect(trigger.executions).toHaveLength(0);
	});

	it('unsigned callbacks (no shared key on the platform) get 401 when a signature is required', async () => {
		await start({ bes: { sharedKey: null } });
		await notify('88880001');
		await sim.bes.settleAll();
		expect(sim.outbound[0].body).not.toHaveProperty('signature');
		expect(sim.outbound.map((o) => o.status)).toEqual([401]);
		expect(trigger.executions).toHaveLength(0);
	});

	it('a callback whose timestamp is older than the allowed skew gets 401', async () => {
		await start({ now: () => Date.now() - 61 * 60 * 1000 });
		await notify('88880001');
		await sim.bes.settleAll();
		expect(sim.outbound.map((o) => o.status)).toEqual([401]);
		expect(trigger.executions).toHaveLength(0);
		expect(trigger.logs.find((l) => l.level === 'warn').meta.reason).toBe('staleTimestamp');
	});
});
