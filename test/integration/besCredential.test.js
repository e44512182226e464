/**
 * The BES API credential against the simulator: one token per execution and across
 * executions, one refresh after an expired or revoked token, a clear error for a bad
 * secret, and a credential test that proves key and secret.
 */
const { NodeApiError } = require('n8n-workflow');
const {
	APP_KEY,
	APP_SECRET,
	besCredentials,
	createParams,
	createRequests,
	recordRequests,
	runBes,
	startSimulator,
	testCredential,
	tokenRequests,
	PATHS,
} = require('./besHelpers');

let sim;

beforeAll(async () => {
	sim = await startSimulator({ port: 0, seed: 21, bes: { finishAfterMs: 100 } });
});
afterAll(async () => {
	await sim.close();
});
beforeEach(() => {
	sim.clearLog();
	sim.clearFaults();
});

function manyItems(count) {
	return Array.from({ length: count }, (_, index) =>
		createParams({ called: `8888${String(index).padStart(4, '0')}` }),
	);
}

describe('one token, reused', () => {
	test('50 items in one execution make one token request, and every notification carries it', async () => {
		const store = besCredentials(sim);
		const run = await runBes(manyItems(50), { store });
		expect(run.error).toBeUndefined();

		const tokens = tokenRequests(sim);
		expect(tokens).toHaveLength(1);
		expect(tokens[0].method).toBe('POST');
		expect(tokens[0].headers['x-token-expire']).toBe('3600');
		expect(tokens[0].headers['content-type']).toMatch(/application\/json/);
		expect(tokens[0].body).toEqual({ app_key: APP_KEY, app_secret: APP_SECRET });
		// The token request comes first: nothing is sent without a token.
		expect(sim.requests({ provider: 'bes' })[0].path).toBe(PATHS.token);

		const token = store.besApi.accessToken;
		expect(token).toMatch(/^[0-9a-f]{32}$/);
		const creates = createRequests(sim);
		expect(creates).toHaveLength(50);
		for (const request of creates) {
			expect(request.headers.authorization).toBe(`Bearer ${token}`);
			expect(request.headers['x-app-key']).toBe(APP_KEY);
			expect(request.responseStatus).toBe(200);
		}
		expect(new Set(creates.map((request) => request.body.called)).size).toBe(50);

		expect(run.items).toHaveLength(50);
		run.items.forEach((item, index) => {
			expect(item.pairedItem).toEqual({ item: index });
			expect(item.json.called).toBe(`8888${String(index).padStart(4, '0')}`);
			expect(sim.bes.notifications.get(item.json.callSerialNo).called).toBe(item.json.called);
		});
		// Neither the token nor the secret ever reaches an output item.
		expect(JSON.stringify(run.items)).not.toContain(token);
		expect(JSON.stringify(run.items)).not.toContain(APP_SECRET);
	});

	test('the next execution reuses the stored token: no token request at all', async () => {
		const store = besCredentials(sim);
		await runBes(manyItems(3), { store });
		const token = store.besApi.accessToken;
		sim.clearLog();

		const run = await runBes(manyItems(5), { store });
		expect(run.error).toBeUndefined();
		expect(tokenRequests(sim)).toHaveLength(0);
		expect(createRequests(sim)).toHaveLength(5);
		expect(createRequests(sim).every((r) => r.headers.authorization === `Bearer ${token}`)).toBe(
			true,
		);
	});

	test('Token Lifetime is sent as X-Token-Expire and BES issues the token for that long', async () => {
		const store = besCredentials(sim, { lifetimeSeconds: 600 });
		await runBes(createParams(), { store });
		expect(tokenRequests(sim)[0].headers['x-token-expire']).toBe('600');
		expect(sim.bes.tokens.get(store.besApi.accessToken).lifetime).toBe(600);
	});

	test.each([
		[99999, '3600'],
		[10, '60'],
		['', '3600'],
		[undefined, '3600'],
	])('Token Lifetime %p is sent as %s (at most 3600)', async (lifetime, header) => {
		const store = besCredentials(sim, { lifetimeSeconds: lifetime });
		await runBes(createParams(), { store });
		expect(tokenRequests(sim)[0].headers['x-token-expire']).toBe(header);
	});

	test.each([
		[{ lifetimeSeconds: 3600, tokenLifetime: 900 }, '900'],
		[{ lifetimeSeconds: 600, tokenLifetime: 900 }, '600'],
		[{ lifetimeSeconds: 3600, tokenLifetime: '' }, '3600'],
	])(
		'a credential saved by an earlier build (%p) sends X-Token-Expire %s',
		async (fields, header) => {
			const store = besCredentials(sim, fields);
			await runBes(createParams(), { store });
			expect(tokenRequests(sim)[0].headers['x-token-expire']).toBe(header);
		},
	);
});

describe('an expired or revoked token is refreshed exactly once', () => {
	test.each([
		['expired', () => sim.bes.expireTokens()],
		['revoked', () => sim.bes.revokeAll()],
	])(
		'%s token: one 401, one new token, the request sent once more, every item succeeds',
		async (_, invalidate) => {
			const store = besCredentials(sim);
			await runBes(createParams(), { store });
			const oldToken = store.besApi.accessToken;
			invalidate();
			sim.clearLog();
			const notificationsBefore = sim.bes.notifications.size;

			const run = await runBes(manyItems(3), { store });
			expect(run.error).toBeUndefined();
			expect(run.items.map((item) => typeof item.json.callSerialNo)).toEqual([
				'string',
				'string',
				'string',
			]);

			expect(tokenRequests(sim)).toHaveLength(1);
			const newToken = store.besApi.accessToken;
			expect(newToken).not.toBe(oldToken);
			// The first notification went out with the old token (401), then once more with the
			// new one; the other two waited for it and used the new token straight away.
			const creates = createRequests(sim);
			expect(creates.map((r) => [r.headers.authorization, r.responseStatus])).toEqual([
				[`Bearer ${oldToken}`, 401],
				[`Bearer ${newToken}`, 200],
				[`Bearer ${newToken}`, 200],
				[`Bearer ${newToken}`, 200],
			]);
			expect(sim.bes.notifications.size - notificationsBefore).toBe(3);
		},
	);

	test('a 401 that persists after the refresh is an error, and the request is not sent a third time', async () => {
		const store = besCredentials(sim);
		await runBes(createParams(), { store });
		sim.clearLog();
		sim.injectFault({ path: PATHS.create, type: 'status', status: 401, times: 5 });

		const run = await runBes(createParams(), { store, continueOnFail: true });
		expect(tokenRequests(sim)).toHaveLength(1);
		expect(createRequests(sim)).toHaveLength(2);
		expect(run.items).toHaveLength(1);
		expect(run.items[0].json).toMatchObject({
			error: expect.stringMatching(/BES rejected the access token \(HTTP 401\)/),
			httpCode: '401',
			outcome: 'rejected',
			called: '88880000',
		});
		expect(run.items[0].json.description).toMatch(/service is purchased/);
	});
});

describe('a bad key or secret', () => {
	test('is a clear credential error that never contains the secret, and nothing else is sent', async () => {
		const secret = 'wrong-secret-1234567890';
		const run = await runBes(createParams(), { store: besCredentials(sim, { appSecret: secret }) });
		expect(run.error).toBeInstanceOf(NodeApiError);
		expect(run.error.message).toBe('BES rejected the App Key or App Secret');
		expect(run.error.description).toMatch(/Check App Key and App Secret in the BES API credential/);
		expect(run.error.description).toMatch(/Nothing was sent/);
		expect(run.error.httpCode).toBe('401');
		expect(run.error.context.outcome).toBe('notSent');
		const everything = JSON.stringify({
			message: run.error.message,
			description: run.error.description,
			context: run.error.context,
			cause: run.error.cause,
		});
		expect(everything).not.toContain(secret);

		// One token request (no second one for the 401 of the token request itself), no notification.
		expect(tokenRequests(sim)).toHaveLength(1);
		expect(tokenRequests(sim)[0].responseStatus).toBe(401);
		expect(createRequests(sim)).toHaveLength(0);
	});

	test('with Continue On Fail every item says so, paired, after a single token request', async () => {
		const run = await runBes(manyItems(4), {
			store: besCredentials(sim, { appKey: 'unknown-app' }),
			continueOnFail: true,
		});
		expect(run.error).toBeUndefined();
		expect(tokenRequests(sim)).toHaveLength(1);
		expect(createRequests(sim)).toHaveLength(0);
		expect(run.items.map((item) => item.pairedItem.item)).toEqual([0, 1, 2, 3]);
		for (const item of run.items) {
			expect(item.json).toMatchObject({
				error: 'BES rejected the App Key or App Secret',
				outcome: 'notSent',
				httpCode: '401',
			});
		}
	});

	test('a 403 from the token service explains the IP allow-list', async () => {
		sim.injectFault({ path: PATHS.token, type: 'status', status: 403 });
		const run = await runBes(createParams(), { store: besCredentials(sim) });
		expect(run.error.message).toBe('BES refused the token request (HTTP 403)');
		expect(run.error.description).toMatch(/allow-list/);
		expect(run.error.description).toContain('127.0.0.1');
		expect(createRequests(sim)).toHaveLength(0);
	});

	test('an unreachable token service says so, and nothing is sent', async () => {
		sim.injectFault({ path: PATHS.token, type: 'status', status: 500 });
		const run = await runBes(createParams(), { store: besCredentials(sim) });
		expect(run.error.message).toMatch(/BES did not issue an access token/);
		expect(run.error.context.outcome).toBe('notSent');
		expect(tokenRequests(sim)).toHaveLength(1);
		expect(createRequests(sim)).toHaveLength(0);
	});

	test('a token request refused with 429 is sent again, then the notification goes out', async () => {
		sim.injectFault({ path: PATHS.token, type: 'status', status: 429, retryAfter: 0, times: 2 });
		const run = await runBes(createParams(), { store: besCredentials(sim) });
		expect(run.error).toBeUndefined();
		expect(tokenRequests(sim).map((r) => r.responseStatus)).toEqual([429, 429, 200]);
		expect(createRequests(sim)).toHaveLength(1);
	});

	test('a Base URL without http(s) is a clear error and nothing is sent', async () => {
		const run = await runBes(createParams(), {
			store: besCredentials(sim, { baseUrl: 'service.besclouds.com' }),
		});
		expect(run.error.message).toBe('The Base URL of the BES API credential is not a web address');
		expect(sim.requests({ provider: 'bes' })).toHaveLength(0);
	});
});

describe('credential test (what n8n runs when the credential is saved)', () => {
	test('good key and secret: a token is minted and the records query accepts it', async () => {
		const store = besCredentials(sim);
		const result = await testCredential(store);
		expect(result.status).toBe('OK');
		expect(result.body).toMatchObject({ retCode: '1' });
		expect(tokenRequests(sim)).toHaveLength(1);
		const [query] = recordRequests(sim);
		expect(query.headers.authorization).toBe(`Bearer ${store.besApi.accessToken}`);
		expect(query.headers['x-app-key']).toBe(APP_KEY);
		expect(query.body).toEqual({
			startTime: '0',
			endTime: '1000',
			offset: '0',
			limit: '1',
			taskType: '3',
		});
		expect(createRequests(sim)).toHaveLength(0); // testing places no call
	});

	test('a bad secret fails the test with the credential message, before any other request', async () => {
		const result = await testCredential(besCredentials(sim, { appSecret: 'nope-nope-nope' }));
		expect(result.status).toBe('Error');
		expect(result.message).toBe('BES rejected the App Key or App Secret');
		expect(recordRequests(sim)).toHaveLength(0);
	});

	test('a 403 on the records query fails the test with the allow-list message', async () => {
		sim.injectFault({ path: PATHS.records, type: 'status', status: 403 });
		const result = await testCredential(besCredentials(sim));
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/allow-list/);
	});
});
