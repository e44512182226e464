'use strict';

/* Tests of the API simulator itself. Run: npx jest test/simulator */

const crypto = require('crypto');
const http = require('http');
const {
	startSimulator,
	DEFAULTS,
	signBesCallback,
	verifyBesCallback,
	besSignString,
	formatBesTime,
} = require('../../tools/simulator');

const BITEL_TOKEN = DEFAULTS.bitel.token;
const VOICE = DEFAULTS.bitel.voiceId;
const P = {
	otp: '/api/v2/voice/otp',
	single: '/api/v2/voice/single',
	singleTts: '/api/v2/voice/single/tts',
	batch: '/api/v2/voice/batch',
	batchTts: '/api/v2/voice/batch/tts',
	status: (id) => `/api/v2/voice/status/${id}`,
	token: '/apigovernance/api/oauth/tokenByAkSk',
	create: '/apiaccess/rest/voiceNotification/v2/createVoiceNotification',
	cdr: '/apiaccess/CC-Management/v1/mobileAgent/queryCallDetailRecord',
};
const b64 = (s) => Buffer.from(s, 'utf8').toString('base64');
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// ------------------------------------------------------------------ helpers

const sims = [];
const receivers = [];
async function sim(options) {
	const s = await startSimulator(options);
	sims.push(s);
	return s;
}
afterEach(async () => {
	await Promise.all(sims.splice(0).map((s) => s.close()));
	await Promise.all(receivers.splice(0).map((r) => r.close()));
});

async function request(s, method, path, { body, raw, headers = {} } = {}) {
	const res = await fetch(s.url + path, {
		method,
		headers: { 'content-type': 'application/json', ...headers },
		body: raw !== undefined ? raw : body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await res.text();
	let json;
	try {
		json = JSON.parse(text);
	} catch {
		json = undefined;
	}
	return { status: res.status, headers: res.headers, text, json };
}

const bitel = (s, path, body, token = BITEL_TOKEN) =>
	request(s, 'POST', path, { body, headers: token ? { authorization: `Bearer ${token}` } : {} });
const bitelStatus = (s, id, token = BITEL_TOKEN) =>
	request(s, 'GET', P.status(id), { headers: { authorization: `Bearer ${token}` } });

async function besToken(
	s,
	{ expire, appKey = DEFAULTS.bes.appKey, appSecret = DEFAULTS.bes.appSecret } = {},
) {
	const headers = expire === undefined ? {} : { 'x-token-expire': String(expire) };
	const res = await request(s, 'POST', P.token, {
		body: { app_key: appKey, app_secret: appSecret },
		headers,
	});
	return res.json.AccessToken;
}
function bes(s, path, body, token, { appKey = DEFAULTS.bes.appKey } = {}) {
	const headers = { authorization: `Bearer ${token}` };
	if (appKey !== null) headers['x-app-key'] = appKey;
	return request(s, 'POST', path, { body, headers });
}
const notification = (extra = {}) => ({
	called: '88880001',
	playList: [{ voiceId: DEFAULTS.bes.voiceId }],
	...extra,
});

/** A local HTTP server standing in for n8n: records what it receives, answers BES-style. */
async function receiver() {
	const received = [];
	const server = http.createServer((req, res) => {
		let data = '';
		req.on('data', (c) => (data += c));
		req.on('end', () => {
			received.push({
				method: req.method,
				url: req.url,
				headers: req.headers,
				body: JSON.parse(data),
			});
			res.writeHead(200, { 'content-type': 'application/json' });
			res.end(JSON.stringify({ retCode: '0', retMsg: 'success' }));
		});
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	const r = {
		url: `http://127.0.0.1:${server.address().port}`,
		received,
		close: () =>
			new Promise((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
	receivers.push(r);
	return r;
}

// ------------------------------------------------------------------ module basics

describe('module', () => {
	test('listens on 127.0.0.1 and exposes the documented defaults', async () => {
		const s = await sim();
		expect(s.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
		expect(DEFAULTS.bitel.token).toBe('sim-bitel-token');
		expect(DEFAULTS.bitel.servers).toEqual(['default', 'dialer-2']);
		expect(DEFAULTS.bes.apps).toEqual({ 'sim-app-key': 'sim-app-secret' });
		expect(DEFAULTS.bes.sharedKey.length).toBeGreaterThanOrEqual(16);
		expect(Object.isFrozen(DEFAULTS.bitel)).toBe(true);
	});

	test('ids and serial numbers are deterministic under a seed', async () => {
		const run = async (seed) => {
			const s = await sim({ seed });
			const a = await bitel(s, P.batch, {
				phoneNumbers: ['09120000001', '09120000002'],
				voiceId: VOICE,
			});
			const token = await besToken(s);
			const n = await bes(s, P.create, notification(), token);
			return [a.json.result.map((r) => r.id), token, n.json.result.callSerialNo];
		};
		const first = await run(7);
		expect(await run(7)).toEqual(first);
		expect(await run(8)).not.toEqual(first);
		expect(first[0][0]).toMatch(/^[0-9a-f]{32}$/);
		expect(first[2]).toMatch(/^[1-9]\d{18}$/);
	});

	test('rejects bad options early', async () => {
		await expect(startSimulator({ bitel: { statusEnvelope: 'x' } })).rejects.toThrow(
			/statusEnvelope/,
		);
		await expect(
			startSimulator({ bitel: { outcomes: { '09120000000': 'NOPE' } } }),
		).rejects.toThrow(/outcomes/);
		await expect(startSimulator({ bes: { sharedKey: 'short' } })).rejects.toThrow(/16/);
	});

	test('unknown paths get 404 and are logged with provider null', async () => {
		const s = await sim();
		const res = await request(s, 'GET', '/nothing/here');
		expect(res.status).toBe(404);
		expect(s.requests()[0]).toMatchObject({
			provider: null,
			path: '/nothing/here',
			responseStatus: 404,
		});
	});
});

// ------------------------------------------------------------------ Bitel

describe('Bitel authorization', () => {
	test.each([
		['POST', P.otp],
		['POST', P.single],
		['POST', P.singleTts],
		['POST', P.batch],
		['POST', P.batchTts],
		['GET', P.status('0123456789abcdef0123456789abcdef')],
	])('%s %s without a valid token -> 401', async (method, path) => {
		const s = await sim();
		for (const headers of [{}, { authorization: 'Bearer wrong' }, { authorization: BITEL_TOKEN }]) {
			const res = await request(s, method, path, {
				body: method === 'POST' ? {} : undefined,
				headers,
			});
			expect(res.status).toBe(401);
			expect(res.json).toEqual({ result: null, error: 'Unauthorized' });
			expect(res.headers.get('www-authenticate')).toBe('Bearer');
		}
	});

	test('the scheme word is case-insensitive; extra tokens can be configured', async () => {
		const s = await sim({ bitel: { tokens: ['t1', 't2'] } });
		const res = await request(s, 'GET', P.status('x'), { headers: { authorization: 'bearer t2' } });
		expect(res.status).toBe(404); // authorized, unknown id
		expect((await bitelStatus(s, 'x', BITEL_TOKEN)).status).toBe(401);
	});

	test('wrong method -> 405, unknown /api path -> 404', async () => {
		const s = await sim();
		const res = await request(s, 'GET', P.otp, {
			headers: { authorization: `Bearer ${BITEL_TOKEN}` },
		});
		expect(res.status).toBe(405);
		expect(res.headers.get('allow')).toBe('POST');
		expect((await bitel(s, '/api/v2/files/upload', {})).json).toEqual({
			result: null,
			error: 'NotFound',
		});
	});
});

describe('Bitel validation', () => {
	const bad = { result: null, error: 'InvalidRequest' };

	test('OTP: valid request returns an enveloped WAITING record', async () => {
		const s = await sim();
		const res = await bitel(s, P.otp, { phoneNumber: '09121234560', text: '1234' });
		expect(res.status).toBe(200);
		expect(res.json.error).toBeNull();
		expect(res.json.result).toEqual({
			id: expect.stringMatching(/^[0-9a-f]{32}$/),
			phoneNumber: '09121234560',
			status: 'WAITING',
			statusCode: 0,
			billSec: 0,
			requestDate: expect.any(Number),
			executionDate: 0,
			price: 0,
		});
		expect(Math.abs(res.json.result.requestDate - Date.now() / 1000)).toBeLessThan(5);
	});

	test.each([
		[{ phoneNumber: '09121234560', text: '123456' }, 'OTP text longer than 5 digits'],
		[{ phoneNumber: '09121234560', text: '12a4' }, 'OTP text not numeric'],
		[{ phoneNumber: '09121234560', text: 1234 }, 'OTP text as a number'],
		[{ phoneNumber: '09121234560', text: '' }, 'OTP text empty'],
		[{ text: '1234' }, 'phoneNumber missing'],
		[{ phoneNumber: '+989121234560', text: '1234' }, 'international form'],
		[{ phoneNumber: '9121234560', text: '1234' }, '10 digits'],
		[{ phoneNumber: '00121234560', text: '1234' }, 'area code starting with 0'],
		[{ phoneNumber: 9121234560, text: '1234' }, 'phone as a number'],
		[{ phoneNumber: '09121234560', text: '1234', retryCount: '3' }, 'retryCount as a string'],
		[{ phoneNumber: '09121234560', text: '1234', retryCount: -1 }, 'negative retryCount'],
		[{ phoneNumber: '09121234560', text: '1234', repeatCount: 'two' }, 'repeatCount not a number'],
		[{ phoneNumber: '09121234560', text: '1234', voiceId: 'not-hex' }, 'bad pre-roll voiceId'],
	])('OTP %j -> InvalidRequest (%s)', async (body) => {
		const s = await sim();
		const res = await bitel(s, P.otp, body);
		expect(res.status).toBe(400);
		expect(res.json).toEqual(bad);
		expect(s.bitel.calls.size).toBe(0);
	});

	test('OTP accepts landlines, repeatCount as number or string, retryCount 0', async () => {
		const s = await sim();
		for (const body of [
			{ phoneNumber: '02112345678', text: '1' },
			{ phoneNumber: '09121234560', text: '99999', repeatCount: 3, retryCount: 0 },
			{ phoneNumber: '09121234560', text: '12', repeatCount: '2', voiceId: VOICE },
		]) {
			expect((await bitel(s, P.otp, body)).status).toBe(200);
		}
	});

	test('invalid JSON and non-object bodies -> InvalidRequest', async () => {
		const s = await sim();
		const headers = { authorization: `Bearer ${BITEL_TOKEN}` };
		expect((await request(s, 'POST', P.otp, { raw: '{"phoneNumber":', headers })).json).toEqual(
			bad,
		);
		expect((await request(s, 'POST', P.otp, { raw: '[]', headers })).json).toEqual(bad);
		expect((await request(s, 'POST', P.otp, { raw: '', headers })).json).toEqual(bad);
	});

	test('single call needs a 32-hex voiceId; TTS needs non-empty text', async () => {
		const s = await sim();
		expect((await bitel(s, P.single, { phoneNumber: '09121234560' })).json).toEqual(bad);
		expect((await bitel(s, P.single, { phoneNumber: '09121234560', voiceId: 'abc' })).json).toEqual(
			bad,
		);
		expect((await bitel(s, P.single, { phoneNumber: '09121234560', voiceId: VOICE })).status).toBe(
			200,
		);
		expect((await bitel(s, P.singleTts, { phoneNumber: '09121234560', text: '  ' })).json).toEqual(
			bad,
		);
		expect(
			(await bitel(s, P.singleTts, { phoneNumber: '09121234560', text: 'Hi there' })).status,
		).toBe(200);
	});

	test('with a voices list, unknown voiceIds are InvalidRequest', async () => {
		const known = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
		const s = await sim({ bitel: { voices: [known] } });
		expect((await bitel(s, P.single, { phoneNumber: '09121234560', voiceId: VOICE })).json).toEqual(
			bad,
		);
		expect((await bitel(s, P.single, { phoneNumber: '09121234560', voiceId: known })).status).toBe(
			200,
		);
	});

	test('serverId: known ones pass, unknown -> 400 InvalidServer, wrong type -> InvalidRequest', async () => {
		const s = await sim();
		const base = { phoneNumber: '09121234560', voiceId: VOICE };
		expect((await bitel(s, P.single, { ...base, serverId: 'dialer-2' })).status).toBe(200);
		const res = await bitel(s, P.single, { ...base, serverId: 'mirdamad1' });
		expect(res.status).toBe(400);
		expect(res.json).toEqual({ result: null, error: 'InvalidServer' });
		expect((await bitel(s, P.single, { ...base, serverId: 2 })).json).toEqual(bad);
		// a shape error wins over an unknown server
		expect(
			(await bitel(s, P.single, { phoneNumber: 'x', voiceId: VOICE, serverId: 'nope' })).json,
		).toEqual(bad);
		const custom = await sim({ bitel: { servers: ['mirdamad1'] } });
		expect((await bitel(custom, P.single, { ...base, serverId: 'mirdamad1' })).status).toBe(200);
	});

	test('batch: 100 numbers give 100 records in order; 101 or 0 -> InvalidRequest', async () => {
		const s = await sim();
		const numbers = Array.from({ length: 101 }, (_, i) => `0912${String(i).padStart(7, '0')}`);
		const over = await bitel(s, P.batch, { phoneNumbers: numbers, voiceId: VOICE });
		expect(over.status).toBe(400);
		expect(over.json).toEqual(bad);
		expect((await bitel(s, P.batch, { phoneNumbers: [], voiceId: VOICE })).json).toEqual(bad);
		expect((await bitel(s, P.batch, { phoneNumbers: '09120000000', voiceId: VOICE })).json).toEqual(
			bad,
		);
		expect(s.bitel.calls.size).toBe(0);

		const ok = await bitel(s, P.batch, {
			phoneNumbers: numbers.slice(0, 100),
			voiceId: VOICE,
			retryCount: 3,
		});
		expect(ok.status).toBe(200);
		expect(ok.json.result).toHaveLength(100);
		expect(ok.json.result.map((r) => r.phoneNumber)).toEqual(numbers.slice(0, 100));
		expect(new Set(ok.json.result.map((r) => r.id)).size).toBe(100);
		expect(ok.json.result.every((r) => r.status === 'WAITING' && r.statusCode === 0)).toBe(true);
	});

	test('batch is atomic: one bad number rejects all; batch/tts needs text', async () => {
		const s = await sim();
		const res = await bitel(s, P.batchTts, { phoneNumbers: ['09120000001', '0912'], text: 'hi' });
		expect(res.json).toEqual(bad);
		expect(s.bitel.calls.size).toBe(0);
		expect((await bitel(s, P.batchTts, { phoneNumbers: ['09120000001'] })).json).toEqual(bad);
		const ok = await bitel(s, P.batchTts, {
			phoneNumbers: ['09120000001', '09120000002'],
			text: 'Hi, there',
		});
		expect(ok.json.result).toHaveLength(2);
	});
});

describe('Bitel call status', () => {
	test('moves from WAITING to its final status after finalAfterMs (bare body by default)', async () => {
		const s = await sim({ bitel: { finalAfterMs: 40 } });
		const numbers = ['09120000000', '09120000007', '09120000008', '09120000009'];
		const created = (await bitel(s, P.batch, { phoneNumbers: numbers, voiceId: VOICE })).json
			.result;
		const waiting = await bitelStatus(s, created[0].id);
		expect(waiting.json).toMatchObject({ id: created[0].id, status: 'WAITING', statusCode: 0 });
		expect(waiting.json).not.toHaveProperty('result');

		await sleep(60);
		const finals = [];
		for (const c of created) finals.push((await bitelStatus(s, c.id)).json);
		expect(finals.map((f) => [f.status, f.statusCode])).toEqual([
			['NORMAL', 1],
			['NO_ANSWER', 2],
			['USER_BUSY', 3],
			['ERROR', 11],
		]);
		const [normal, noAnswer] = finals;
		expect(normal.billSec).toBeGreaterThan(0);
		expect(normal.price).toBeCloseTo(-Math.round(normal.billSec * 28.5) / 10, 5);
		expect(normal.executionDate).toBeGreaterThanOrEqual(normal.requestDate);
		expect(noAnswer.billSec).toBe(0);
		expect(noAnswer.price).toBeLessThan(0);
		expect(Object.keys(normal).sort()).toEqual([
			'billSec',
			'executionDate',
			'id',
			'phoneNumber',
			'price',
			'requestDate',
			'status',
			'statusCode',
		]);
	});

	test('enveloped mode wraps the status body; unknown id -> 404 NotFound', async () => {
		const s = await sim({ bitel: { statusEnvelope: 'enveloped' } });
		const { id } = (await bitel(s, P.otp, { phoneNumber: '09121234560', text: '1' })).json.result;
		const res = await bitelStatus(s, id);
		expect(res.json).toEqual({
			result: expect.objectContaining({ id, status: 'WAITING' }),
			error: null,
		});
		const missing = await bitelStatus(s, 'ffffffffffffffffffffffffffffffff');
		expect(missing.status).toBe(404);
		expect(missing.json).toEqual({ result: null, error: 'NotFound' });
		expect((await bitelStatus(s, '%E0%A4%A')).status).toBe(404);
	});

	test('outcomes map overrides the last digit; EXPIRED and UNKNOWN are reachable; settleAll', async () => {
		const s = await sim({
			bitel: {
				finalAfterMs: Infinity,
				outcomes: { '09120000001': 'EXPIRED', '09120000002': 'UNKNOWN' },
			},
		});
		const created = (
			await bitel(s, P.batch, { phoneNumbers: ['09120000001', '09120000002'], voiceId: VOICE })
		).json.result;
		await sleep(20);
		expect(s.bitel.calls.get(created[0].id).status).toBe('WAITING');
		const settled = await s.bitel.settleAll();
		expect(settled).toHaveLength(2);
		expect((await bitelStatus(s, created[0].id)).json).toMatchObject({
			status: 'EXPIRED',
			statusCode: 10,
		});
		expect((await bitelStatus(s, created[1].id)).json).toMatchObject({
			status: 'UNKNOWN',
			statusCode: 20,
		});
	});

	test('sim.bitel.calls is up to date without any HTTP poll', async () => {
		const s = await sim({ bitel: { finalAfterMs: 20 } });
		const { id } = (
			await bitel(s, P.single, { phoneNumber: '09121234561', voiceId: VOICE, serverId: 'default' })
		).json.result;
		await sleep(40);
		expect(s.bitel.calls.get(id)).toMatchObject({
			status: 'NORMAL',
			serverId: 'default',
			endpoint: 'single',
		});
	});
});

describe('Bitel webhook', () => {
	test('one POST per call when it becomes final, with campaignId for batches', async () => {
		const r = await receiver();
		const s = await sim({ bitel: { finalAfterMs: Infinity } });
		s.bitel.setWebhookUrl(`${r.url}/webhook/bitel`);
		const batch = (
			await bitel(s, P.batch, { phoneNumbers: ['09120000001', '09120000007'], voiceId: VOICE })
		).json.result;
		const single = (await bitel(s, P.otp, { phoneNumber: '09120000003', text: '42' })).json.result;
		await s.bitel.settleAll();
		expect(r.received).toHaveLength(3);
		expect(r.received.every((x) => x.method === 'POST' && x.url === '/webhook/bitel')).toBe(true);
		expect(r.received[0].headers['content-type']).toMatch(/^application\/json/);
		const byId = Object.fromEntries(r.received.map((x) => [x.body.requestId, x.body]));
		const first = byId[batch[0].id];
		expect(first).toEqual({
			requestId: batch[0].id,
			campaignId: expect.stringMatching(/^[0-9a-f]{32}$/),
			balanceSubtracted: -s.bitel.calls.get(batch[0].id).price,
			cause: 'NORMAL',
			billSec: s.bitel.calls.get(batch[0].id).billSec,
			number: '09120000001',
			requestDate: batch[0].requestDate,
		});
		expect(first.balanceSubtracted).toBeGreaterThan(0);
		expect(byId[batch[1].id]).toMatchObject({
			campaignId: first.campaignId,
			cause: 'NO_ANSWER',
			billSec: 0,
		});
		expect(byId[single.id].campaignId).toBeNull();
		expect(s.outbound.map((o) => [o.provider, o.kind, o.status])).toEqual([
			['bitel', 'webhook', 200],
			['bitel', 'webhook', 200],
			['bitel', 'webhook', 200],
		]);
		await s.bitel.settleAll(); // nothing left: exactly once
		expect(r.received).toHaveLength(3);
	});

	test('goes out on time without polling; cause as numeric code when configured', async () => {
		const r = await receiver();
		const s = await sim({ bitel: { finalAfterMs: 30, webhookUrl: r.url, webhookCause: 'code' } });
		await bitel(s, P.single, { phoneNumber: '09120000008', voiceId: VOICE });
		await s.waitForOutbound(1);
		expect(r.received[0].body).toMatchObject({ cause: 3, number: '09120000008' });
	});

	test('no webhook when none is configured; failed deliveries are logged', async () => {
		const s = await sim({ bitel: { finalAfterMs: Infinity } });
		const { id } = (await bitel(s, P.otp, { phoneNumber: '09120000001', text: '1' })).json.result;
		await s.bitel.settleAll();
		expect(s.outbound).toHaveLength(0);
		expect(s.bitel.calls.get(id).webhook).toBe('not-configured');

		s.bitel.setWebhookUrl('http://127.0.0.1:1/unreachable');
		await bitel(s, P.otp, { phoneNumber: '09120000001', text: '1' });
		await s.bitel.settleAll();
		expect(s.outbound[0]).toMatchObject({ status: null, done: true, error: expect.any(String) });
		expect(() => s.bitel.setWebhookUrl('ftp://x')).toThrow();
	});
});

// ------------------------------------------------------------------ faults

describe('fault injection', () => {
	const otp = { phoneNumber: '09121234560', text: '1234' };

	test("'status' answers in the provider's envelope, with Retry-After, then stops", async () => {
		const s = await sim();
		s.injectFault({ path: P.otp, type: 'status', status: 429, retryAfter: 7 });
		const res = await bitel(s, P.otp, otp);
		expect(res.status).toBe(429);
		expect(res.headers.get('retry-after')).toBe('7');
		expect(res.json).toEqual({ result: null, error: 'TooManyRequests' });
		expect(s.bitel.calls.size).toBe(0);
		expect((await bitel(s, P.otp, otp)).status).toBe(200); // times defaults to 1
		expect(s.requests().map((e) => e.fault)).toEqual(['status', null]);

		s.injectFault({ path: P.create, type: 'status', status: 503 });
		s.injectFault({ path: P.cdr, type: 'status', status: 403 });
		expect((await bes(s, P.create, notification(), 'x')).json).toEqual({
			retCode: '503',
			retMsg: 'Service Unavailable',
		});
		expect((await bes(s, P.cdr, {}, 'x')).status).toBe(403);
	});

	test("'delay' waits, then processes normally", async () => {
		const s = await sim();
		s.injectFault({ path: P.otp, type: 'delay', delayMs: 150 });
		const started = Date.now();
		const res = await bitel(s, P.otp, otp);
		expect(Date.now() - started).toBeGreaterThanOrEqual(140);
		expect(res.status).toBe(200);
		expect(s.bitel.calls.size).toBe(1);
	});

	test("'drop-before' closes the socket and creates nothing", async () => {
		const s = await sim();
		s.injectFault({ path: P.otp, type: 'drop-before' });
		await expect(bitel(s, P.otp, otp)).rejects.toThrow();
		expect(s.bitel.calls.size).toBe(0);
		expect(s.requests()[0]).toMatchObject({
			fault: 'drop-before',
			responseStatus: null,
			body: otp,
		});
	});

	test("'drop-after' creates the call, then closes without answering", async () => {
		const s = await sim();
		const token = await besToken(s);
		s.injectFault({ path: P.otp, type: 'drop-after' });
		s.injectFault({ path: P.create, type: 'drop-after' });
		await expect(bitel(s, P.otp, otp)).rejects.toThrow();
		await expect(bes(s, P.create, notification(), token)).rejects.toThrow();
		expect(s.bitel.calls.size).toBe(1);
		expect(s.bes.notifications.size).toBe(1);
	});

	test("'malformed-json' processes fully and answers 200 with truncated JSON", async () => {
		const s = await sim();
		s.injectFault({ path: P.otp, type: 'malformed-json' });
		const res = await bitel(s, P.otp, otp);
		expect(res.status).toBe(200);
		expect(res.json).toBeUndefined();
		expect(res.text.startsWith('{"result":{"id":')).toBe(true);
		expect(s.bitel.calls.size).toBe(1);
	});

	test("'html' answers an HTML error page and processes nothing", async () => {
		const s = await sim();
		s.injectFault({ path: P.otp, type: 'html' });
		s.injectFault({ path: P.token, type: 'html', status: 504 });
		const res = await bitel(s, P.otp, otp);
		expect(res.status).toBe(502);
		expect(res.headers.get('content-type')).toMatch(/^text\/html/);
		expect(res.text).toMatch(/<html>/);
		expect(s.bitel.calls.size).toBe(0);
		const tok = await request(s, 'POST', P.token, {
			body: { app_key: 'sim-app-key', app_secret: 'sim-app-secret' },
		});
		expect(tok.status).toBe(504);
		expect(s.bes.tokens.size).toBe(0);
	});

	test('RegExp paths, methods, times: Infinity, custom bodies, clearFaults', async () => {
		const s = await sim();
		s.injectFault({
			path: /^\/api\/v2\/voice\/status\//,
			method: 'GET',
			type: 'status',
			status: 500,
			times: Infinity,
		});
		s.injectFault({ path: P.otp, method: 'GET', type: 'status', status: 500 }); // never matches a POST
		s.injectFault({ path: P.single, type: 'status', status: 418, body: { custom: true } });
		expect((await bitelStatus(s, 'a')).status).toBe(500);
		expect((await bitelStatus(s, 'b')).json).toEqual({
			result: null,
			error: 'InternalServerError',
		});
		expect((await bitel(s, P.otp, otp)).status).toBe(200);
		expect((await bitel(s, P.single, {})).json).toEqual({ custom: true });
		expect(s.clearFaults()).toBe(2);
		expect((await bitelStatus(s, 'c')).status).toBe(404);
		expect(() => s.injectFault({ path: P.otp, type: 'explode' })).toThrow(/type/);
	});
});

// ------------------------------------------------------------------ BES auth

describe('BES tokenByAkSk', () => {
	test('issues a token with the documented fields', async () => {
		const s = await sim();
		const res = await request(s, 'POST', P.token, {
			body: { app_key: 'sim-app-key', app_secret: 'sim-app-secret' },
			headers: { 'x-token-expire': '600' },
		});
		expect(res.status).toBe(200);
		expect(res.json).toEqual({
			AccessToken: expect.any(String),
			ApplyType: 'Bearer',
			CreateTime: expect.stringMatching(/^\d{10}$/),
			Expires: '600',
			Scope: expect.any(String),
			AppKey: 'sim-app-key',
			UserID: 'Anonymous',
		});
		expect(Math.abs(Number(res.json.CreateTime) - Date.now() / 1000)).toBeLessThan(5);
		expect(s.bes.tokens.get(res.json.AccessToken)).toMatchObject({
			appKey: 'sim-app-key',
			revoked: false,
		});
	});

	test('lifetime: default 600, clamped to maxLifetime, invalid header -> 400', async () => {
		const s = await sim({ bes: { maxLifetime: 3600 } });
		const body = { app_key: 'sim-app-key', app_secret: 'sim-app-secret' };
		expect((await request(s, 'POST', P.token, { body })).json.Expires).toBe('600');
		const clamped = await request(s, 'POST', P.token, {
			body,
			headers: { 'x-token-expire': '86400' },
		});
		expect(clamped.json.Expires).toBe('3600');
		for (const value of ['abc', '0', '-5']) {
			const res = await request(s, 'POST', P.token, { body, headers: { 'x-token-expire': value } });
			expect(res.status).toBe(400);
			expect(res.json.retCode).toBe('400');
		}
	});

	test('bad credentials -> 401, malformed body -> 400', async () => {
		const s = await sim({ bes: { apps: { a1: 's1', a2: 's2' } } });
		const wrong = await request(s, 'POST', P.token, { body: { app_key: 'a1', app_secret: 's2' } });
		expect(wrong.status).toBe(401);
		expect(wrong.json).toEqual({
			retCode: '401',
			retMsg: expect.stringMatching(/app_key or app_secret/),
		});
		expect((await request(s, 'POST', P.token, { body: { app_key: 'a1' } })).status).toBe(400);
		expect((await request(s, 'POST', P.token, { raw: 'nope' })).status).toBe(400);
		expect(
			(await request(s, 'POST', P.token, { body: { app_key: 'a2', app_secret: 's2' } })).status,
		).toBe(200);
	});
});

describe('BES business-endpoint auth', () => {
	test('Authorization must be "Bearer <valid token>"; X-APP-Key mandatory on create', async () => {
		const s = await sim();
		const token = await besToken(s);
		const cases = [
			{},
			{ authorization: token },
			{ authorization: `bearer ${token}` },
			{ authorization: `Bearer  ${token}` },
			{ authorization: 'Bearer unknown', 'x-app-key': 'sim-app-key' },
			{ authorization: `Bearer ${token}` }, // X-APP-Key missing
			{ authorization: `Bearer ${token}`, 'x-app-key': 'other' },
		];
		for (const headers of cases) {
			const res = await request(s, 'POST', P.create, { body: notification(), headers });
			expect(res.status).toBe(401);
			expect(res.json).toEqual({ retCode: '401', retMsg: expect.stringMatching(/^Unauthorized/) });
		}
		expect(s.bes.notifications.size).toBe(0);
		expect((await bes(s, P.create, notification(), token)).json.retCode).toBe('0');
	});

	test('X-APP-Key is optional on queryCallDetailRecord but must match when sent', async () => {
		const s = await sim();
		const token = await besToken(s);
		const body = { startTime: String(Date.now() - 1000), endTime: String(Date.now()) };
		expect((await bes(s, P.cdr, body, token, { appKey: null })).status).toBe(200);
		expect((await bes(s, P.cdr, body, token, { appKey: 'other' })).status).toBe(401);
	});

	test('tokens expire after their lifetime, on expireTokens() and on revokeAll()', async () => {
		let clock = Date.parse('2024-03-01T08:00:00Z');
		const s = await sim({ now: () => clock });
		const t1 = await besToken(s, { expire: 10 });
		expect((await bes(s, P.create, notification(), t1)).status).toBe(200);
		clock += 9_999;
		expect((await bes(s, P.create, notification(), t1)).status).toBe(200);
		clock += 1;
		const expired = await bes(s, P.create, notification(), t1);
		expect(expired.status).toBe(401);
		expect(expired.json.retMsg).toMatch(/expired/);

		const t2 = await besToken(s, { expire: 3600 });
		s.bes.expireTokens();
		expect((await bes(s, P.create, notification(), t2)).status).toBe(401);
		const t3 = await besToken(s);
		expect((await bes(s, P.create, notification(), t3)).status).toBe(200);
		s.bes.revokeAll();
		const revoked = await bes(s, P.create, notification(), t3);
		expect(revoked.status).toBe(401);
		expect(revoked.json.retMsg).toMatch(/revoked/);
	});
});

// ------------------------------------------------------------------ BES create

describe('BES createVoiceNotification retCodes', () => {
	const V = DEFAULTS.bes.voiceId;
	const T = DEFAULTS.bes.templateId;
	const long = 'x'.repeat(250);
	test.each([
		['5', { called: undefined }],
		['5', { called: 'abc' }],
		['5', { called: '1'.repeat(33) }],
		['5', { called: 88880001 }],
		['7', { callerPresent: 'abc' }],
		['7', { callerPresent: '1'.repeat(33) }],
		['9', { callBackUrl: 'http://127.0.0.1:9/cb' }], // not Base64
		['9', { callBackUrl: b64('ftp://127.0.0.1/cb') }],
		['9', { callBackUrl: b64('http://127.0.0.1/cb?token=abc') }], // '=' is not an allowed character
		['9', { callBackUrl: b64(`http://127.0.0.1/${long}`) }], // longer than 256 once encoded
		['9', { callBackUrl: 'aGVsbG8' }], // bad padding
		['10', { playTimes: 0 }],
		['10', { playTimes: 6 }],
		['10', { playTimes: '3' }],
		['11', { playList: [] }],
		['11', { playList: undefined }],
		['11', { playList: Array(6).fill({ voiceId: V }) }],
		['12', { playList: [{}] }],
		['12', { playList: [{ voiceId: V, templateId: T }] }],
		['12', { playList: ['voice'] }],
		['13', { playList: [{ templateId: T, templateParams: ['x'.repeat(33)] }] }],
		['13', { playList: [{ templateId: T, templateParams: ['公'.repeat(11)] }] }], // 33 bytes in UTF-8
		['14', { playList: [{ templateId: T, templateParams: ['${TXT_1}'] }] }],
		['14', { playList: [{ templateId: T, templateParams: ['price $5'] }] }],
		['15', { playList: [{ templateId: T, templateParams: [] }] }],
		['15', { playList: [{ templateId: T, templateParams: Array(11).fill('1') }] }],
		['17', { playList: [{ voiceId: '1999999999999999999' }] }],
		['17', { playList: [{ templateId: '2999999999999999999' }] }],
		['18', { playList: [{ voiceId: '1000000000000000018' }] }],
		['19', { playList: [{ voiceId: '1000000000000000019' }] }],
		['20', { playList: [{ templateId: '2000000000000000020' }] }],
		['21', { playList: [{ templateId: '2000000000000000021' }] }],
		['22', { playList: [{ templateId: V }] }],
		['23', { playList: [{ voiceId: T }] }],
		['36', { priority: '0' }],
		['36', { priority: '10' }],
		['36', { priority: 5 }],
		['5', { called: 'abc', playTimes: 9, priority: 'x' }], // the lowest failing code wins
	])('retCode %s for %j', async (code, extra) => {
		const s = await sim();
		const token = await besToken(s);
		const res = await bes(s, P.create, notification(extra), token);
		expect(res.status).toBe(200);
		expect(res.json).toEqual({ retCode: code, retMsg: expect.any(String) });
		expect(s.bes.notifications.size).toBe(0);
	});

	test('16: trial tenants may only call whitelisted numbers', async () => {
		const s = await sim({ bes: { trialWhitelist: ['88880001'] } });
		const token = await besToken(s);
		expect((await bes(s, P.create, notification({ called: '88880002' }), token)).json.retCode).toBe(
			'16',
		);
		expect((await bes(s, P.create, notification({ called: '88880001' }), token)).json.retCode).toBe(
			'0',
		);
	});

	test('the documented example request succeeds', async () => {
		const s = await sim();
		const token = await besToken(s);
		const res = await bes(
			s,
			P.create,
			{
				callerPresent: null,
				called: '88880000',
				playList: [{ voiceId: V }, { templateId: T, templateParams: ['3', '人民公园正门'] }],
				playTimes: 5,
				priority: '9',
				callBackUrl: b64('https://example.com:8443/cb/voice_1#x'),
			},
			token,
		);
		expect(res.json).toEqual({
			result: { callSerialNo: expect.stringMatching(/^[1-9]\d{18}$/) },
			retCode: '0',
			retMsg: 'Created successfully.',
		});
		const n = s.bes.notifications.get(res.json.result.callSerialNo);
		expect(n).toMatchObject({
			status: 'PENDING',
			callerPresent: DEFAULTS.bes.accessCode,
			callBackUrl: 'https://example.com:8443/cb/voice_1#x',
		});
		expect(
			(
				await bes(
					s,
					P.create,
					notification({ playList: [{ voiceFileName: 'welcome.wav' }] }),
					token,
				)
			).json.retCode,
		).toBe('0');
	});

	test('malformed JSON -> HTTP 400; other paths -> 404', async () => {
		const s = await sim();
		const token = await besToken(s);
		const headers = { authorization: `Bearer ${token}`, 'x-app-key': 'sim-app-key' };
		expect((await request(s, 'POST', P.create, { raw: '{', headers })).status).toBe(400);
		expect(
			(
				await request(
					s,
					'POST',
					'/apiaccess/rest/voiceNotification/v1/queryVoiceNotificationRecording',
					{ body: {}, headers },
				)
			).status,
		).toBe(404);
	});
});

// ------------------------------------------------------------------ BES callback + signing

describe('BES callbacks', () => {
	async function createWithCallback(s, r, called, extra = {}) {
		const token = await besToken(s);
		const res = await bes(
			s,
			P.create,
			notification({ called, callBackUrl: b64(`${r.url}/bes/cb`), ...extra }),
			token,
		);
		expect(res.json.retCode).toBe('0');
		return res.json.result.callSerialNo;
	}

	test('release event goes to the Base64-decoded URL, signed with SHA-256 by default', async () => {
		const r = await receiver();
		const s = await sim({ bes: { finishAfterMs: Infinity } });
		const serial = await createWithCallback(s, r, '88880001', { callerPresent: '960099' });
		await s.bes.settleAll();
		expect(r.received).toHaveLength(1);
		const { url, body, headers } = r.received[0];
		expect(url).toBe('/bes/cb');
		expect(headers['content-type']).toMatch(/^application\/json/);
		const time = /^\d{4}\/\d{2}\/\d{2},\d{2}:\d{2}:\d{2}:\d{3}$/;
		expect(body).toEqual({
			callSerialNo: serial,
			called: '88880001',
			callerPresent: '960099',
			createCallTime: expect.stringMatching(time),
			alertingTime: expect.stringMatching(time),
			talkingTime: expect.stringMatching(time),
			releaseTime: expect.stringMatching(time),
			talkDuration: expect.stringMatching(/^[1-9]\d*$/),
			recordfile: expect.stringMatching(/^Y:\/2\/mobileAgent\/\d{8}\/\d+-\d{3}\.wav$/),
			locationId: '0',
			releaseReason: '1',
			timestamp: expect.stringMatching(/^\d{13}$/),
			nonce: expect.stringMatching(/^-?\d+$/),
			signature: expect.any(String),
		});
		// Independent re-computation of the documented algorithm.
		const fields = Object.keys(body)
			.filter((k) => !['timestamp', 'nonce', 'signature'].includes(k))
			.sort()
			.map((k) => `${k}=${body[k]}`)
			.join(',')
			.replace(/ /g, '');
		const toSign = `${DEFAULTS.bes.sharedKey}_${body.timestamp}_${body.nonce}_${fields}`;
		expect(body.signature).toBe(crypto.createHash('sha256').update(toSign).digest('base64'));
		expect(body.signature).toHaveLength(44);
		expect(verifyBesCallback(body, DEFAULTS.bes.sharedKey)).toBe('sha256');
		expect(s.outbound[0]).toMatchObject({
			provider: 'bes',
			kind: 'callback',
			ref: serial,
			status: 200,
		});
		expect(JSON.parse(s.outbound[0].responseBody)).toEqual({ retCode: '0', retMsg: 'success' });
	});

	test("signatureMode 'hmac' signs with HMAC-SHA256 keyed by the shared key", async () => {
		const r = await receiver();
		const sharedKey = 'another-shared-key-42';
		const s = await sim({ bes: { finishAfterMs: 20, signatureMode: 'hmac', sharedKey } });
		await createWithCallback(s, r, '88880006');
		await s.waitForOutbound(1);
		const { body } = r.received[0];
		const toSign = `${sharedKey}_${body.timestamp}_${body.nonce}_${besSignString(body)}`;
		expect(body.signature).toBe(
			crypto.createHmac('sha256', sharedKey).update(toSign).digest('base64'),
		);
		expect(verifyBesCallback(body, sharedKey)).toBe('hmac');
		expect(body.releaseReason).toBe('0');
	});

	test('no shared key -> unsigned callback; no callBackUrl -> no callback', async () => {
		const r = await receiver();
		const s = await sim({ bes: { finishAfterMs: Infinity, sharedKey: null } });
		await createWithCallback(s, r, '88880007');
		await bes(s, P.create, notification(), await besToken(s));
		await s.bes.settleAll();
		expect(r.received).toHaveLength(1);
		expect(r.received[0].body).not.toHaveProperty('signature');
		expect(r.received[0].body).not.toHaveProperty('timestamp');
		expect(r.received[0].body).not.toHaveProperty('nonce');
		// 7 -> "4": rang, never answered
		expect(r.received[0].body).toMatchObject({ releaseReason: '4', talkDuration: '0' });
		expect(r.received[0].body).toHaveProperty('alertingTime');
		expect(r.received[0].body).not.toHaveProperty('talkingTime');
		expect(s.outbound).toHaveLength(1);
	});

	test('releaseReason by last digit, overridable through outcomes', async () => {
		const s = await sim({ bes: { finishAfterMs: Infinity, outcomes: { 88880000: '999' } } });
		const token = await besToken(s);
		const serials = {};
		for (const called of ['88880000', '88880005', '88880006', '88880007', '88880008', '88880009']) {
			serials[called] = (
				await bes(s, P.create, notification({ called }), token)
			).json.result.callSerialNo;
		}
		await s.bes.settleAll();
		const reasons = Object.fromEntries(
			Object.entries(serials).map(([called, serial]) => [
				called,
				s.bes.notifications.get(serial).releaseReason,
			]),
		);
		expect(reasons).toEqual({
			88880000: '999',
			88880005: '1',
			88880006: '0',
			88880007: '4',
			88880008: '6',
			88880009: '10',
		});
	});
});

describe('signBesCallback', () => {
	test('signs every field but timestamp/nonce/signature, sorted, spaces removed', () => {
		const payload = {
			b: 'x y',
			a: 1,
			timestamp: '1645524163326',
			nonce: '-1482421808053124529',
			signature: 'old',
		};
		expect(besSignString(payload)).toBe('a=1,b=xy');
		const expected = crypto
			.createHash('sha256')
			.update('k'.repeat(16) + '_1645524163326_-1482421808053124529_a=1,b=xy')
			.digest('base64');
		expect(signBesCallback(payload, 'k'.repeat(16))).toBe(expected);
		expect(signBesCallback(payload, 'k'.repeat(16), 'sha256')).toBe(expected);
		expect(signBesCallback(payload, 'k'.repeat(16), 'hmac')).not.toBe(expected);
		expect(() => signBesCallback(payload, 'k'.repeat(16), 'md5')).toThrow();
	});

	test('formatBesTime uses yyyy/MM/dd,HH:mm:ss:SSS', () => {
		const ms = Date.parse('2022-02-22T10:04:29.004Z');
		expect(formatBesTime(ms)).toBe('2022/02/22,10:04:29:004');
		expect(formatBesTime(ms, 210)).toBe('2022/02/22,13:34:29:004');
	});
});

// ------------------------------------------------------------------ BES CDR query

describe('BES queryCallDetailRecord', () => {
	const DAY = 24 * 3600 * 1000;

	async function setup(count, { apps } = {}) {
		let clock = Date.parse('2024-05-01T00:00:00Z');
		// the clock advances 60 s after each creation; the last one is left 1 s short of finishing
		const s = await sim({
			now: () => clock,
			bes: { finishAfterMs: 1000, ...(apps ? { apps } : {}) },
		});
		const token = await besToken(s, { expire: 3600 });
		const created = [];
		for (let i = 0; i < count; i++) {
			const res = await bes(s, P.create, notification({ called: `8888000${i}` }), token);
			created.push({ serial: res.json.result.callSerialNo, at: clock });
			clock += i < count - 1 ? 60_000 : 999;
		}
		return { s, token, created, advance: (ms) => (clock += ms), now: () => clock };
	}
	const window = (from, to, extra = {}) => ({
		startTime: String(from),
		endTime: String(to),
		taskType: '3',
		...extra,
	});

	test('returns finished notifications whose startTime is in the window, paged', async () => {
		const { s, token, created, advance } = await setup(5);
		const from = created[0].at;
		const to = created[4].at;
		// The clock moved 60 s after each creation, so the first four are past finishAfterMs;
		// the fifth finishes lazily as soon as the clock passes its own finish time.
		expect((await bes(s, P.cdr, window(from, to), token)).json.result.total).toBe(4);
		advance(1000);
		expect((await bes(s, P.cdr, window(from, to), token)).json.result.total).toBe(5);

		const page1 = await bes(s, P.cdr, window(from, to, { offset: '0', limit: '2' }), token);
		expect(page1.json).toEqual({
			result: { total: 5, callInfo: expect.any(Array) },
			retCode: '0',
			retMsg: expect.any(String),
		});
		expect(page1.json.result.callInfo.map((c) => c.callSerialNo)).toEqual([
			created[0].serial,
			created[1].serial,
		]);
		const page3 = await bes(s, P.cdr, window(from, to, { offset: '4', limit: '2' }), token);
		expect(page3.json.result.callInfo.map((c) => c.callSerialNo)).toEqual([created[4].serial]);
		const inner = await bes(s, P.cdr, window(from + 1, to - 1), token);
		expect(inner.json.result.total).toBe(3);

		const info = page1.json.result.callInfo[0];
		expect(info).toEqual({
			callSerialNo: created[0].serial,
			caller: DEFAULTS.bes.accessCode,
			called: '88880000',
			callerPresent: DEFAULTS.bes.accessCode,
			startTime: created[0].at,
			endTime: expect.any(Number),
			alertingTime: expect.any(Number),
			talkingTime: expect.any(Number),
			releaseTime: info.endTime,
			talkDuration: expect.any(Number),
			state: 3,
			reasonCode: 1,
		});
		expect(info.talkingTime + info.talkDuration * 1000).toBe(info.releaseTime);
	});

	test('defaults (offset 0, limit 100, taskType 0) and caller filter', async () => {
		const { s, token, created } = await setup(3);
		await s.bes.settleAll();
		const body = { startTime: String(created[0].at), endTime: String(created[2].at) };
		expect((await bes(s, P.cdr, body, token)).json.result.total).toBe(3);
		expect(
			(await bes(s, P.cdr, { ...body, caller: DEFAULTS.bes.accessCode }, token)).json.result.total,
		).toBe(3);
		expect((await bes(s, P.cdr, { ...body, caller: '111' }, token)).json.retCode).toBe('1');
		expect((await bes(s, P.cdr, { ...body, caller: 'abc' }, token)).json.retCode).toBe('12');
	});

	test('no data -> retCode 1; other task types hold no voice notifications', async () => {
		const { s, token, created } = await setup(1);
		await s.bes.settleAll();
		const none = await bes(s, P.cdr, window(created[0].at + 1, created[0].at + 1000), token);
		expect(none.json).toEqual({ retCode: '1', retMsg: expect.any(String) });
		expect(
			(await bes(s, P.cdr, window(created[0].at, created[0].at, { taskType: '1' }), token)).json
				.retCode,
		).toBe('1');
		expect(
			(await bes(s, P.cdr, window(created[0].at, created[0].at, { taskType: '9' }), token)).status,
		).toBe(400);
	});

	test('pending notifications are not listed', async () => {
		const s = await sim({ bes: { finishAfterMs: Infinity } });
		const token = await besToken(s);
		await bes(s, P.create, notification(), token);
		expect(
			(await bes(s, P.cdr, window(Date.now() - 5000, Date.now() + 5000), token)).json.retCode,
		).toBe('1');
		await s.bes.settleAll();
		expect(
			(await bes(s, P.cdr, window(Date.now() - 5000, Date.now() + 5000), token)).json.retCode,
		).toBe('0');
	});

	test('7-day rule and time format -> retCode 2; bad paging -> retCode 4', async () => {
		const { s, token, created } = await setup(1);
		await s.bes.settleAll();
		const t = created[0].at;
		expect((await bes(s, P.cdr, window(t, t + 7 * DAY), token)).json.retCode).toBe('0');
		expect((await bes(s, P.cdr, window(t, t + 7 * DAY + 1), token)).json.retCode).toBe('2');
		expect((await bes(s, P.cdr, window(t, t - 1), token)).json.retCode).toBe('2');
		expect((await bes(s, P.cdr, { startTime: t, endTime: String(t) }, token)).json.retCode).toBe(
			'2',
		);
		expect(
			(await bes(s, P.cdr, { startTime: '2024-05-01', endTime: String(t) }, token)).json.retCode,
		).toBe('2');
		expect((await bes(s, P.cdr, { endTime: String(t) }, token)).json.retCode).toBe('2');
		for (const paging of [
			{ limit: '0' },
			{ limit: '101' },
			{ offset: '-1' },
			{ offset: 0 },
			{ limit: 'ten' },
		]) {
			expect((await bes(s, P.cdr, window(t, t, paging), token)).json.retCode).toBe('4');
		}
	});

	test('a tenant only sees its own notifications', async () => {
		const { s, created } = await setup(2, {
			apps: { 'sim-app-key': 'sim-app-secret', other: 'other-secret' },
		});
		await s.bes.settleAll();
		const otherToken = await besToken(s, { appKey: 'other', appSecret: 'other-secret' });
		const res = await bes(s, P.cdr, window(created[0].at, created[1].at), otherToken, {
			appKey: 'other',
		});
		expect(res.json.retCode).toBe('1');
	});
});

// ------------------------------------------------------------------ log + control API

describe('request log', () => {
	test('records every request with lower-cased headers and parsed bodies', async () => {
		const s = await sim();
		await request(s, 'POST', `${P.otp}?trace=1`, {
			body: { phoneNumber: '09121234560', text: '1' },
			headers: { Authorization: `Bearer ${BITEL_TOKEN}`, 'X-Custom': 'v' },
		});
		await request(s, 'POST', P.otp, {
			raw: 'not json',
			headers: { authorization: `Bearer ${BITEL_TOKEN}` },
		});
		await request(s, 'GET', '/__sim/health');
		expect(s.log).toHaveLength(3);
		expect(s.log[0]).toEqual({
			seq: 1,
			provider: 'bitel',
			method: 'POST',
			path: P.otp,
			query: { trace: '1' },
			headers: expect.objectContaining({ authorization: `Bearer ${BITEL_TOKEN}`, 'x-custom': 'v' }),
			body: { phoneNumber: '09121234560', text: '1' },
			responseStatus: 200,
			fault: null,
			time: expect.any(Number),
		});
		expect(s.log[1]).toMatchObject({ seq: 2, body: 'not json', responseStatus: 400 });
		expect(s.log[2]).toMatchObject({ seq: 3, provider: 'control' });
	});

	test('requests() filters and hides control requests by default; clearLog()', async () => {
		const s = await sim();
		await bitel(s, P.otp, { phoneNumber: '09121234560', text: '1' });
		await bitelStatus(s, 'abc');
		await besToken(s);
		await request(s, 'GET', '/__sim/health');
		expect(s.requests()).toHaveLength(3);
		expect(s.requests({ provider: 'bitel' })).toHaveLength(2);
		expect(s.requests({ provider: 'bes', method: 'post' })).toHaveLength(1);
		expect(s.requests({ path: /\/status\// })).toHaveLength(1);
		expect(s.requests({ path: P.otp })).toHaveLength(1);
		expect(s.requests({ provider: 'control' })).toHaveLength(1);
		const held = s.log;
		s.clearLog();
		expect(held).toHaveLength(0);
		await bitelStatus(s, 'abc');
		expect(s.log[0].seq).toBe(5); // seq keeps counting
	});
});

describe('control API (/__sim)', () => {
	test('log, faults, webhook, settle, token controls', async () => {
		const r = await receiver();
		const s = await sim({ bitel: { finalAfterMs: Infinity }, bes: { finishAfterMs: Infinity } });
		const control = (method, path, body) => request(s, method, `/__sim${path}`, { body });

		expect((await control('GET', '/health')).json).toMatchObject({ ok: true, url: s.url, seed: 1 });

		const fault = await control('POST', '/faults', {
			pathRegex: '^/api/v2/voice/',
			type: 'status',
			status: 500,
			times: 'Infinity',
		});
		expect(fault.status).toBe(201);
		expect((await control('GET', '/faults')).json[0]).toMatchObject({
			pathRegex: new RegExp('^/api/v2/voice/').source,
			remaining: 'Infinity',
		});
		expect((await bitel(s, P.otp, {})).status).toBe(500);
		expect((await bitel(s, P.otp, {})).status).toBe(500);
		expect((await control('DELETE', '/faults')).json).toEqual({ cleared: 1 });
		expect((await control('POST', '/faults', { path: P.otp, type: 'nope' })).status).toBe(400);

		expect((await control('POST', '/bitel/webhook', { url: `${r.url}/hook` })).json).toEqual({
			url: `${r.url}/hook`,
		});
		const { id } = (await bitel(s, P.otp, { phoneNumber: '09121234560', text: '1' })).json.result;
		expect((await control('POST', '/bitel/settle')).json).toEqual({ settled: 1 });
		expect(r.received.map((x) => x.body.requestId)).toEqual([id]); // answered before settle returned
		expect((await control('GET', '/bitel/calls')).json[0]).toMatchObject({ id, status: 'NORMAL' });
		expect((await control('POST', '/bitel/webhook', { url: null })).json).toEqual({ url: null });

		const token = await besToken(s);
		await bes(s, P.create, notification(), token);
		expect((await control('POST', '/bes/settle')).json).toEqual({ settled: 1 });
		expect((await control('GET', '/bes/notifications')).json[0]).toMatchObject({
			status: 'FINISHED',
		});
		expect((await control('POST', '/bes/expire-tokens')).json).toEqual({ expired: 1 });
		expect((await bes(s, P.create, notification(), token)).status).toBe(401);
		const token2 = await besToken(s);
		expect((await control('POST', '/bes/revoke-tokens')).json).toEqual({ revoked: 2 });
		expect((await bes(s, P.create, notification(), token2)).status).toBe(401);

		const log = (await control('GET', '/log?provider=bitel&method=POST')).json;
		expect(log.every((e) => e.provider === 'bitel' && e.method === 'POST')).toBe(true);
		expect((await control('GET', '/log')).json.some((e) => e.provider === 'control')).toBe(false);
		expect((await control('GET', '/log?all=1')).json.some((e) => e.provider === 'control')).toBe(
			true,
		);
		expect(
			(await control('GET', `/log?pathRegex=${encodeURIComponent('^/apiaccess/')}`)).json,
		).toHaveLength(3);
		expect((await control('GET', '/outbound')).json).toHaveLength(1);
		expect((await control('DELETE', '/log')).status).toBe(200);
		expect(s.log).toHaveLength(0); // the DELETE's own entry goes too: it was logged before clearing
		expect((await control('GET', '/nope')).status).toBe(404);
	});
});

// ------------------------------------------------------------------ shutdown

describe('close()', () => {
	test('destroys keep-alive sockets, delayed requests and timers', async () => {
		const s = await startSimulator({ bitel: { finalAfterMs: 60_000 } });
		await bitel(s, P.otp, { phoneNumber: '09121234560', text: '1' }); // arms the sweep timer
		s.injectFault({ path: P.otp, type: 'delay', delayMs: 60_000 });
		const agent = new http.Agent({ keepAlive: true });
		const pending = new Promise((resolve) => {
			const req = http.request(`${s.url}${P.otp}`, { method: 'POST', agent }, () =>
				resolve('answered'),
			);
			req.on('error', () => resolve('socket closed'));
			req.end('{}');
		});
		await sleep(30);
		// This simulator's own timers, read before close. (Counting every Timeout of the process
		// was flaky: other suites' timers in the same jest worker come and go meanwhile.)
		expect(s._sweep).not.toBeNull();
		expect(s._sleepers.size).toBe(1);
		const timers = [s._sweep.timer, ...[...s._sleepers].map((sleeper) => sleeper.timer)];
		const started = Date.now();
		await s.close();
		expect(Date.now() - started).toBeLessThan(1000);
		expect(await pending).toBe('socket closed');
		agent.destroy();
		expect(s._sweep).toBeNull();
		expect(s._sleepers.size).toBe(0);
		for (const timer of timers) expect(timer._destroyed).toBe(true); // cleared, will never fire
		await s.close(); // idempotent
	});
});

// ------------------------------------------------------------------ latency

describe('latencyMs', () => {
	const otp = { phoneNumber: '09121234560', text: '1234' };

	test('every provider request waits, then is processed normally', async () => {
		const s = await sim({ latencyMs: 500 });
		expect(s.latencyMs).toBe(500);
		const started = Date.now();
		const [call, token] = await Promise.all([bitel(s, P.otp, otp), besToken(s)]);
		expect(Date.now() - started).toBeGreaterThanOrEqual(490);
		expect(call.status).toBe(200);
		expect(token).toMatch(/^[0-9a-f]{32}$/);
		expect(s.bitel.calls.size).toBe(1);
	});

	test('control requests are not delayed, and the latency can be changed at run time', async () => {
		const s = await sim({ latencyMs: 60_000 });
		expect((await request(s, 'GET', '/__sim/health')).status).toBe(200);
		s.latencyMs = 0;
		expect((await bitel(s, P.otp, otp)).status).toBe(200);
	});

	test('close() ends a request that is still waiting', async () => {
		const s = await sim({ latencyMs: 60_000 });
		const pending = bitel(s, P.otp, otp).then(
			() => 'answered',
			() => 'socket closed',
		);
		await sleep(30);
		await s.close();
		expect(await pending).toBe('socket closed');
		expect(s.bitel.calls.size).toBe(0);
	});

	test('rejects a latency that is not a number of milliseconds >= 0', async () => {
		for (const bad of [-1, NaN, Infinity, 'slow', null, '']) {
			await expect(startSimulator({ latencyMs: bad })).rejects.toThrow(RangeError);
		}
		const s = await sim();
		expect(s.latencyMs).toBe(0);
		expect(() => {
			s.latencyMs = -5;
		}).toThrow(RangeError);
	});
});
