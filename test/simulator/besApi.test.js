'use strict';

/* The simulated BES API: tokens, business-endpoint auth, createVoiceNotification retCodes, signed callbacks, the call-detail-record query. Run: npx jest test/simulator */

const crypto = require('crypto');
const {
	DEFAULTS,
	signBesCallback,
	verifyBesCallback,
	besSignString,
	formatBesTime,
} = require('../../tools/simulator');
const {
	P,
	b64,
	sim,
	request,
	besToken,
	bes,
	notification,
	receiver,
	closeAll,
} = require('./helpers');

afterEach(closeAll);

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

		// Times and talkDuration as strings, as the page's table types them (issue 23, point 14).
		const info = page1.json.result.callInfo[0];
		const digits = expect.stringMatching(/^\d+$/);
		expect(info).toEqual({
			callSerialNo: created[0].serial,
			caller: DEFAULTS.bes.accessCode,
			called: '88880000',
			callerPresent: DEFAULTS.bes.accessCode,
			startTime: String(created[0].at),
			endTime: digits,
			alertingTime: digits,
			talkingTime: digits,
			releaseTime: info.endTime,
			talkDuration: digits,
			state: 3,
			reasonCode: 1,
		});
		expect(Number(info.talkingTime) + Number(info.talkDuration) * 1000).toBe(
			Number(info.releaseTime),
		);
	});

	test("cdrTypes 'sample': times and talkDuration as numbers, as the page's sample shows them", async () => {
		const s = await sim({ bes: { cdrTypes: 'sample', finishAfterMs: 0 } });
		const token = await besToken(s, { expire: 3600 });
		const at = Date.now();
		await bes(s, P.create, notification({ called: '88880000' }), token);
		await s.bes.settleAll();
		const { json } = await bes(s, P.cdr, window(at - 1000, at + 60_000), token);
		const info = json.result.callInfo[0];
		for (const field of ['startTime', 'endTime', 'talkingTime', 'releaseTime', 'talkDuration'])
			expect(typeof info[field]).toBe('number');
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

describe('BES tokenHost (issue 23, point 12)', () => {
	test("'separate': tokenByAkSk only on its own port, the business APIs only on the main one", async () => {
		const s = await sim({ bes: { tokenHost: 'separate' } });
		expect(s.besTokenUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
		expect(s.besTokenUrl).not.toBe(s.url);
		const body = JSON.stringify({
			app_key: DEFAULTS.bes.appKey,
			app_secret: DEFAULTS.bes.appSecret,
		});
		const ask = (base, path) =>
			fetch(base + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
		expect((await ask(s.url, P.token)).status).toBe(404);
		const minted = await ask(s.besTokenUrl, P.token);
		expect(minted.status).toBe(200);
		expect((await minted.json()).AccessToken).toMatch(/^[0-9a-f]{32}$/);
		expect((await ask(s.besTokenUrl, P.create)).status).toBe(404);
		expect((await ask(s.besTokenUrl, '/api/v2/voice/single')).status).toBe(404);
	});

	test("'base' (default): one URL for everything", async () => {
		const s = await sim();
		expect(s.besTokenUrl).toBe(s.url);
	});
});
