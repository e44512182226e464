'use strict';

/* Fault injection: each fault type as the client sees it, and what the simulator did behind it. Run: npx jest test/simulator */

const {
	P,
	sim,
	request,
	bitel,
	bitelStatus,
	besToken,
	bes,
	notification,
	closeAll,
} = require('./helpers');

afterEach(closeAll);

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
