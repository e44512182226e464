'use strict';
/**
 * The BES node and the BES Trigger in a real n8n, 2.41.1 or (test:e2e:n8n1) 1.123.81: packed
 * tarball as a community package, one `n8n start` for the file, production webhooks, run data read
 * through REST, checked against what the simulator received.
 */
const {
	startE2E,
	requirePackageNodes,
	pairedIndex,
	CRED,
	SETUP_TIMEOUT_MS,
	rt,
} = require('../../tools/harness');
const { signBesCallback } = require('../../tools/simulator/bes-signature');

// Real n8n runs: generous per-test time even under a config without a testTimeout.
jest.setTimeout(120000);

requirePackageNodes();

const TOKEN_PATH = '/apigovernance/api/oauth/tokenByAkSk';
const CREATE_PATH = '/apiaccess/rest/voiceNotification/v2/createVoiceNotification';
const RECORDS_PATH = '/apiaccess/CC-Management/v1/mobileAgent/queryCallDetailRecord';
const VOICE = '1201763136043459597';
const TEMPLATE = '1226170940666061826';

describe('BES node in a real n8n', () => {
	let e2e;
	let DEFAULTS;

	beforeAll(async () => {
		e2e = await startE2E({
			name: 'bes',
			workflows: [
				'e2eBesCreate0001',
				'e2eBesCof0000001',
				'e2eBesTokens0001',
				'e2eBesRecords001',
				'e2eBesRecLimit01',
				'e2eBesTrigger001',
			],
			activate: [
				'e2eBesCreate0001',
				'e2eBesCof0000001',
				'e2eBesTokens0001',
				'e2eBesRecords001',
				'e2eBesRecLimit01',
				'e2eBesTrigger001',
			],
			simulator: { bes: { finishAfterMs: 60000 } }, // calls end when a test settles them
		});
		DEFAULTS = e2e.DEFAULTS;
	}, SETUP_TIMEOUT_MS);

	afterAll(async () => {
		if (e2e) await e2e.close();
	});

	beforeEach(() => {
		if (e2e) e2e.sim.clearLog();
	});

	const besRequests = (filter = {}) => e2e.sim.requests({ provider: 'bes', ...filter });

	/** Every business request carries the token BES issued and the app key. */
	function expectTokenHeaders(req, token) {
		expect(req.headers.authorization).toBe(`Bearer ${token}`);
		expect(req.headers['x-app-key']).toBe(DEFAULTS.bes.appKey);
	}

	function issuedTokens() {
		// The simulator's answers are not logged, so read the token back from the business requests.
		return [...new Set(besRequests({ path: CREATE_PATH }).map((r) => r.headers.authorization))];
	}

	test('create: token from key and secret, then one notification per item with every option', async () => {
		const run = await e2e.run('e2eBesCreate0001', [
			{ called: '88880001', params: '3, Main gate' },
			{
				called: '+86 138-0000-0002',
				params: ['7', 'Side door'],
				callBackUrl: 'https://hooks.example.com/bes/callback',
			},
		]);
		expect(run.status).toBe('success');
		const items = run.items('BES');
		expect(items).toHaveLength(2);
		expect(items.map(pairedIndex)).toEqual([0, 1]);
		expect(items[0].json).toMatchObject({
			called: '88880001',
			callerPresent: '960003',
			playTimes: 2,
			priority: '3',
		});
		expect(items[0].json.callSerialNo).toMatch(/^\d+$/);
		expect(items[1].json).toMatchObject({
			called: '+8613800000002',
			callBackUrl: 'https://hooks.example.com/bes/callback',
		});

		const tokenReqs = besRequests({ path: TOKEN_PATH });
		expect(tokenReqs).toHaveLength(1);
		expect(tokenReqs[0]).toMatchObject({
			method: 'POST',
			body: { app_key: DEFAULTS.bes.appKey, app_secret: DEFAULTS.bes.appSecret },
		});
		expect(tokenReqs[0].headers['x-token-expire']).toBe('3600');

		const creates = besRequests({ path: CREATE_PATH }).sort((a, b) =>
			a.body.called.localeCompare(b.body.called),
		);
		expect(creates).toHaveLength(2);
		const [token] = issuedTokens();
		for (const r of creates) {
			expect(r.method).toBe('POST');
			expect(r.responseStatus).toBe(200);
			expectTokenHeaders(r, token.replace(/^Bearer /, ''));
		}
		expect(creates[0].body).toEqual({
			called: '+8613800000002',
			playList: [{ voiceId: VOICE }, { templateId: TEMPLATE, templateParams: ['7', 'Side door'] }],
			callerPresent: '960003',
			callBackUrl: Buffer.from('https://hooks.example.com/bes/callback', 'utf8').toString('base64'),
			playTimes: 2,
			priority: '3',
		});
		expect(creates[1].body).toEqual({
			called: '88880001',
			playList: [{ voiceId: VOICE }, { templateId: TEMPLATE, templateParams: ['3', 'Main gate'] }],
			callerPresent: '960003',
			playTimes: 2,
			priority: '3',
		});
	});

	test('token reuse: 20 items, one token request, 20 notifications with the same token', async () => {
		const items = Array.from({ length: 20 }, (_, i) => ({ called: `8888${String(1000 + i)}` }));
		const run = await e2e.run('e2eBesTokens0001', items, { timeoutMs: 120000 });
		expect(run.status).toBe('success');
		const out = run.items('BES');
		expect(out).toHaveLength(20);
		out.forEach((item, i) => {
			expect(pairedIndex(item)).toBe(i);
			expect(item.json.called).toBe(items[i].called);
		});
		expect(new Set(out.map((i) => i.json.callSerialNo)).size).toBe(20);
		expect(besRequests({ path: TOKEN_PATH })).toHaveLength(1);
		const creates = besRequests({ path: CREATE_PATH });
		expect(creates).toHaveLength(20);
		expect(issuedTokens()).toHaveLength(1);

		// A second execution still uses the stored token: no new token request.
		e2e.sim.clearLog();
		const again = await e2e.run('e2eBesTokens0001', items.slice(0, 2));
		expect(again.status).toBe('success');
		expect(besRequests({ path: TOKEN_PATH })).toHaveLength(0);
	});

	test('an expired token is replaced once (401 → new token → the request is sent again)', async () => {
		await e2e.run('e2eBesTokens0001', [{ called: '88882000' }]); // make sure a token is stored
		e2e.sim.bes.expireTokens();
		e2e.sim.clearLog();
		const run = await e2e.run('e2eBesTokens0001', [{ called: '88882001' }, { called: '88882002' }]);
		expect(run.status).toBe('success');
		expect(run.json('BES')).toHaveLength(2);
		expect(besRequests({ path: TOKEN_PATH })).toHaveLength(1);
		const creates = besRequests({ path: CREATE_PATH });
		const accepted = creates.filter((r) => r.responseStatus === 200);
		expect(accepted.map((r) => r.body.called).sort()).toEqual(['88882001', '88882002']);
		expect(creates.filter((r) => r.responseStatus === 401).length).toBeGreaterThanOrEqual(1);
	});

	test('a token revoked with 4 notifications in flight, against a BES that revokes on mint: one token request, no item fails', async () => {
		await e2e.run('e2eBesTokens0001', [{ called: '88883000' }]); // make sure a token is stored
		const sim = e2e.sim;
		sim.bes.options.revokeOnMint = true;
		sim.latencyMs = 80; // four notifications really in flight together
		sim.clearLog();
		// Revoke every token once 6 notifications were accepted: the next 4 are in flight.
		let revoked = false;
		const watcher = setInterval(() => {
			const accepted = besRequests({ path: CREATE_PATH }).filter((r) => r.responseStatus === 200);
			if (!revoked && accepted.length >= 6) {
				revoked = true;
				sim.bes.revokeAll();
			}
		}, 2);
		let run;
		const items = Array.from({ length: 20 }, (_, i) => ({ called: `8888${String(3100 + i)}` }));
		try {
			run = await e2e.run('e2eBesTokens0001', items, { timeoutMs: 120000 });
		} finally {
			clearInterval(watcher);
			sim.bes.options.revokeOnMint = false;
			sim.latencyMs = 0;
		}
		expect(revoked).toBe(true);
		expect(run.status).toBe('success');
		const out = run.json('BES');
		expect(out).toHaveLength(20);
		for (const json of out) expect(json.callSerialNo).toMatch(/^\d{19}$/);
		const creates = besRequests({ path: CREATE_PATH });
		expect(creates.filter((r) => r.responseStatus === 401).length).toBeGreaterThanOrEqual(1);
		// One revocation, one token request (n8n itself would have asked for one per rejected request).
		expect(besRequests({ path: TOKEN_PATH })).toHaveLength(1);
		const accepted = creates.filter((r) => r.responseStatus === 200).map((r) => r.body.called);
		expect(accepted.sort()).toEqual(items.map((i) => i.called).sort());
	});

	test('get call records: all records of a time range, and one by call serial number', async () => {
		const startTime = new Date(Date.now() - 60 * 1000).toISOString();
		const placed = await e2e.run('e2eBesCreate0001', [
			{ called: '88883001' },
			{ called: '88883007' },
			{ called: '88883008' },
		]);
		const serials = placed.json('BES').map((j) => j.callSerialNo);
		await e2e.sim.bes.settleAll();
		const endTime = new Date(Date.now() + 10 * 60 * 1000).toISOString();
		e2e.sim.clearLog();

		const all = await e2e.run('e2eBesRecords001', [{ startTime, endTime }]);
		expect(all.status).toBe('success');
		const records = all.json('BES');
		const mine = records.filter((r) => serials.includes(String(r.callSerialNo)));
		expect(mine).toHaveLength(3);
		expect(mine.find((r) => r.called === '88883001')).toMatchObject({ state: 3 });
		const reqs = besRequests({ path: RECORDS_PATH });
		expect(reqs.length).toBeGreaterThanOrEqual(1);
		expect(reqs[0]).toMatchObject({
			method: 'POST',
			body: { taskType: '3', offset: '0', limit: '100' },
		});
		expect(Number(reqs[0].body.endTime) - Number(reqs[0].body.startTime)).toBeLessThanOrEqual(
			7 * 24 * 3600 * 1000,
		);
		expect(reqs[0].headers['x-app-key']).toBe(DEFAULTS.bes.appKey);
		expect(reqs[0].headers.authorization).toMatch(/^Bearer \S+/);

		const one = await e2e.run('e2eBesRecords001', [
			{ startTime, endTime, callSerialNo: serials[1] },
		]);
		expect(one.json('BES')).toEqual([
			expect.objectContaining({ callSerialNo: serials[1], called: '88883007' }),
		]);

		const limited = await e2e.run('e2eBesRecLimit01', [{ startTime, endTime }]);
		expect(limited.json('BES')).toHaveLength(2);
	});

	test('Continue On Fail: invalid items and BES retCodes become error items; good items are created', async () => {
		const run = await e2e.run('e2eBesCof0000001', [
			{ called: '88884001', voiceId: VOICE },
			{ called: 'call me', voiceId: VOICE },
			{ called: '88884002', voiceId: '1000000000000000020' }, // recording pending review: retCode 20
		]);
		expect(run.status).toBe('success');
		const items = run.items('BES');
		expect(items).toHaveLength(3);
		expect(items.map(pairedIndex)).toEqual([0, 1, 2]);
		expect(items[0].json.callSerialNo).toMatch(/^\d+$/);
		expect(items[1].json.error).toMatch(
			/Called Number: "call me" is not a phone number \[item 1\]/,
		);
		expect(items[2].json.error).toBeDefined();
		expect(items[2].json.code).toBe('20');
		const creates = besRequests({ path: CREATE_PATH });
		expect(creates.map((r) => r.body.called).sort()).toEqual(['88884001', '88884002']);
	});

	test('a bad parameter stops the workflow with our message, and nothing is sent', async () => {
		const run = await e2e.run('e2eBesCreate0001', [{ called: '88885001', params: 'has {braces}' }]);
		expect(run.status).toBe('error');
		expect(run.error.message).toMatch(/\[item 0\]/);
		expect(run.error.message).toMatch(/Template Parameters/);
		expect(besRequests({ path: CREATE_PATH })).toHaveLength(0);
	});

	test('the BES API credential test (n8n’s credential-test endpoint): good secret OK, wrong secret rejected', async () => {
		const data = {
			baseUrl: e2e.sim.url,
			appKey: DEFAULTS.bes.appKey,
			appSecret: DEFAULTS.bes.appSecret,
			lifetimeSeconds: 3600,
		};
		const good = await e2e.n8n.testCredential({ ...CRED.bes, data });
		expect(good).toMatchObject({ status: 'OK' });
		const bad = await e2e.n8n.testCredential({
			...CRED.besBad,
			data: { ...data, appSecret: 'not-the-secret' },
		});
		expect(bad.status).toBe('Error');
		expect(bad.message).toMatch(/App Key|App Secret|secret|rejected/i);
		const tokenReqs = besRequests({ path: TOKEN_PATH });
		expect(tokenReqs.map((r) => r.body.app_secret)).toEqual([
			DEFAULTS.bes.appSecret,
			'not-the-secret',
		]);
		expect(tokenReqs.map((r) => r.responseStatus)).toEqual([200, 401]);
		// Only the good credential reached the call-record test request.
		expect(besRequests({ path: RECORDS_PATH })).toHaveLength(1);
	});

	// --- BES Trigger (issue 5): signed release-event callbacks to the production URL ----------

	test('BES Trigger: signed release events posted to the callBackUrl start the workflow and get BES’s answer', async () => {
		const { sim } = e2e;
		await sim.bes.settleAll(); // nothing left over from earlier tests
		const url = e2e.triggerUrl('e2eBesTrigger001', 'n8n-nodes-bitel.besTrigger');
		const before = await e2e.executionIds('e2eBesTrigger001');
		const placed = await e2e.run('e2eBesCreate0001', [
			{ called: '88886001', callBackUrl: url },
			{ called: '88886007', callBackUrl: url },
		]);
		const serials = placed.json('BES').map((j) => j.callSerialNo);
		sim.clearLog();
		await sim.bes.settleAll(); // resolves when n8n has answered both callbacks
		expect(sim.outbound).toHaveLength(2);
		for (const o of sim.outbound) {
			expect(o.url).toBe(url);
			expect(o.status).toBe(200);
			expect(JSON.parse(o.responseBody)).toEqual({ retCode: '0', retMsg: 'success' });
			expect(o.body.signature).toBeDefined();
		}
		const runs = await e2e.n8n.waitForExecutions('e2eBesTrigger001', {
			after: before,
			count: 2,
			timeoutMs: 30000,
		});
		const outs = runs
			.map((ex) => {
				expect(ex.status).toBe('success');
				return ex.data.resultData.runData['BES Trigger'][0].data.main[0][0].json;
			})
			.sort((a, b) => a.called.localeCompare(b.called));
		expect(outs[0]).toMatchObject({
			called: '88886001',
			releaseReason: '1',
			completed: true,
			answered: true,
		});
		expect(outs[0].releaseReasonDescription).toMatch(/Completed/);
		expect(outs[1]).toMatchObject({
			called: '88886007',
			releaseReason: '4',
			completed: false,
			answered: false,
		});
		expect(outs[1].releaseReasonDescription).toMatch(/Not answered/);
		expect(outs.map((o) => o.callSerialNo).sort()).toEqual([...serials].sort());
	});

	test('BES Trigger: unsigned, wrongly signed and stale callbacks get 401 and start nothing', async () => {
		const url = e2e.triggerUrl('e2eBesTrigger001', 'n8n-nodes-bitel.besTrigger');
		const before = await e2e.executionIds('e2eBesTrigger001');
		const key = DEFAULTS.bes.sharedKey;
		const base = {
			callSerialNo: '1197765398201387012',
			called: '88887001',
			releaseReason: '1',
			talkDuration: '12',
			locationId: '0',
		};
		const signed = (fields, timestamp = String(Date.now())) => {
			const p = { ...fields, timestamp, nonce: '-1482421808053124529' };
			return { ...p, signature: signBesCallback(p, key, 'sha256') };
		};
		const good = signed(base);
		const cases = {
			unsigned: base,
			tampered: { ...good, releaseReason: '0' },
			wrongKey: {
				...base,
				timestamp: good.timestamp,
				nonce: good.nonce,
				signature: signBesCallback(
					{ ...base, timestamp: good.timestamp, nonce: good.nonce },
					'another-shared-key-012345',
					'sha256',
				),
			},
			stale: signed(base, String(Date.now() - 24 * 3600 * 1000)),
		};
		for (const [name, body] of Object.entries(cases)) {
			const res = await rt.httpRequest('POST', url, { body });
			expect({ name, status: res.status }).toEqual({ name, status: 401 });
		}
		// HMAC-SHA256 is the other reading the docs allow: accepted too.
		const hmacFields = {
			...base,
			called: '88887002',
			timestamp: String(Date.now()),
			nonce: '42',
		};
		const hmac = { ...hmacFields, signature: signBesCallback(hmacFields, key, 'hmac') };
		const ok = await rt.httpRequest('POST', url, { body: hmac });
		expect(ok.status).toBe(200);
		expect(JSON.parse(ok.text)).toEqual({ retCode: '0', retMsg: 'success' });
		const runs = await e2e.n8n.waitForExecutions('e2eBesTrigger001', {
			after: before,
			count: 1,
			timeoutMs: 30000,
		});
		expect(runs[0].data.resultData.runData['BES Trigger'][0].data.main[0][0].json).toMatchObject({
			called: '88887002',
			completed: true,
		});
		// The same callback again (a replay, or BES sending it once more): acknowledged, no run.
		const repeat = await rt.httpRequest('POST', url, { body: hmac });
		expect([repeat.status, JSON.parse(repeat.text)]).toEqual([
			200,
			{ retCode: '0', retMsg: 'success' },
		]);
		await new Promise((r) => setTimeout(r, 500));
		expect(
			(await e2e.executionIds('e2eBesTrigger001')).filter((id) => !before.includes(id)),
		).toHaveLength(1);
	});

	test('the BES shared key credential test (n8n’s credential-test endpoint)', async () => {
		const good = await e2e.n8n.testCredential({
			...CRED.besHook,
			data: { sharedSecret: DEFAULTS.bes.sharedKey },
		});
		expect(good.status).toBe('OK');
		const bad = await e2e.n8n.testCredential({ ...CRED.besHook, data: { sharedSecret: 'short' } });
		expect(bad.status).toBe('Error');
	});
});
