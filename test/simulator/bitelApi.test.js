'use strict';

/* The simulated Bitel voice API: authorization, validation, call status, the call-ended webhook. Run: npx jest test/simulator */

const {
	BITEL_TOKEN,
	VOICE,
	P,
	sleep,
	sim,
	request,
	bitel,
	bitelStatus,
	receiver,
	closeAll,
} = require('./helpers');

afterEach(closeAll);

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

	test('strictTypes: repeatCount only as the page types it, a string (issue 23, point 9)', async () => {
		const s = await sim({ bitel: { strictTypes: true } });
		const otp = (repeatCount) =>
			bitel(s, P.otp, { phoneNumber: '09121234560', text: '12', repeatCount });
		expect((await otp('2')).status).toBe(200);
		expect((await otp(2)).json).toEqual(bad);
		expect(
			(await bitel(s, P.single, { phoneNumber: '09121234560', voiceId: VOICE, retryCount: '1' }))
				.json,
		).toEqual(bad);
		expect(s.bitel.calls.size).toBe(1);
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

	test('with an injected clock, reading sim.bitel.calls changes nothing; settleDue() settles', async () => {
		let clock = Date.parse('2024-03-01T08:00:00Z');
		const r = await receiver();
		const s = await sim({ now: () => clock, bitel: { finalAfterMs: 1000, webhookUrl: r.url } });
		const { id } = (await bitel(s, P.single, { phoneNumber: '09121234561', voiceId: VOICE })).json
			.result;
		clock += 1000;
		expect(s.bitel.calls.get(id).status).toBe('WAITING');
		expect([...s.bitel.calls.values()].map((call) => call.status)).toEqual(['WAITING']);
		expect(s.outbound).toHaveLength(0);
		await s.settleDue();
		expect(s.bitel.calls.get(id)).toMatchObject({ status: 'NORMAL', webhook: 'sent' });
		expect(r.received.map((post) => post.body.requestId)).toEqual([id]);
	});

	test('the sweep settles a call when its time comes, without any HTTP poll', async () => {
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

	test('a call due sooner than the armed sweep brings the sweep forward', async () => {
		const s = await sim({ bitel: { finalAfterMs: 60_000 } });
		const late = (await bitel(s, P.single, { phoneNumber: '09121234561', voiceId: VOICE })).json
			.result;
		const lateDue = s._sweep.due;
		s.bitel.options.finalAfterMs = 20;
		const soon = (await bitel(s, P.single, { phoneNumber: '09121234562', voiceId: VOICE })).json
			.result;
		expect(s._sweep.due).toBeLessThan(lateDue);
		await sleep(60);
		expect(s.bitel.calls.get(soon.id).status).toBe('NORMAL');
		expect(s.bitel.calls.get(late.id).status).toBe('WAITING');
		// After that sweep the timer is armed again, for the call still pending.
		expect(s._sweep.due).toBe(lateDue);
	});

	test('a call that never ends on its own leaves the sweep armed for the others', async () => {
		const s = await sim({ bitel: { finalAfterMs: 20 } });
		const soon = (await bitel(s, P.single, { phoneNumber: '09121234561', voiceId: VOICE })).json
			.result;
		s.bitel.options.finalAfterMs = Infinity;
		await bitel(s, P.single, { phoneNumber: '09121234562', voiceId: VOICE });
		await sleep(60);
		expect(s.bitel.calls.get(soon.id).status).toBe('NORMAL');
	});

	test('creating the calls of a batch does not scan every stored call once per call', async () => {
		// A scan per created call made 100,000 calls cost 100,000²/2 steps (60 s in bench/).
		const s = await sim({ bitel: { finalAfterMs: 60_000 } });
		const phoneNumbers = Array.from({ length: 100 }, (_, i) => `0912${String(i).padStart(7, '0')}`);
		await bitel(s, P.batch, { phoneNumbers, voiceId: VOICE });
		let scans = 0;
		const nextDue = s.bitel.nextDue.bind(s.bitel);
		s.bitel.nextDue = () => (scans++, nextDue());
		const res = await bitel(s, P.batch, { phoneNumbers, voiceId: VOICE });
		expect(res.json.result).toHaveLength(100);
		expect(s.bitel.calls.size).toBe(200);
		expect(scans).toBe(0);
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
