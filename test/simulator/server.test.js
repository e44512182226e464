'use strict';

/* The simulator as a server: options, seeded ids, unknown paths, the request log, the control API (/__sim), close() and latency. Run: npx jest test/simulator */

const http = require('http');
const { startSimulator, DEFAULTS } = require('../../tools/simulator');
const {
	BITEL_TOKEN,
	VOICE,
	P,
	sleep,
	sim,
	request,
	bitel,
	bitelStatus,
	besToken,
	bes,
	notification,
	receiver,
	closeAll,
} = require('./helpers');

afterEach(closeAll);

// ------------------------------------------------------------------ module basics

describe('module', () => {
	test('listens on 127.0.0.1 and accepts the credentials DEFAULTS names', async () => {
		const s = await sim();
		expect(s.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
		for (const serverId of DEFAULTS.bitel.servers) {
			const res = await bitel(s, P.single, {
				phoneNumber: '09121234561',
				voiceId: VOICE,
				serverId,
			});
			expect([res.status, res.json.error, res.json.result.status]).toEqual([200, null, 'WAITING']);
		}
		for (const [appKey, appSecret] of Object.entries(DEFAULTS.bes.apps)) {
			const token = await besToken(s, { appKey, appSecret });
			const res = await bes(s, P.create, notification(), token, { appKey });
			expect(res.json.retCode).toBe('0');
		}
	});

	test('DEFAULTS cannot be changed by a test (every simulator starts from the same ones)', async () => {
		expect(() => {
			DEFAULTS.bitel.token = 'changed';
		}).toThrow(TypeError);
		const s = await sim();
		expect((await bitel(s, P.otp, { phoneNumber: '09121234560', text: '1234' })).status).toBe(200);
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
