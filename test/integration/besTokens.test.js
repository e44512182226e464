/**
 * Issue 12, point 4 (BES tokens under concurrency): a token revoked while four
 * notifications are in flight, against a BES where every mint revokes the app's older
 * tokens (simulator option `bes.revokeOnMint`). No item may fail with the rejected-token
 * error, and the revocation costs one token request.
 */
const { resetTokenGate } = require('../../nodes/Bes/helpers/tokenGate');
const {
	APP_KEY,
	APP_SECRET,
	besCredentials,
	createParams,
	createRequests,
	runBes,
	startSimulator,
	tokenRequests,
	PATHS,
} = require('./besHelpers');

let sim;
const hooks = { onRequest: () => {} };

beforeAll(async () => {
	sim = await startSimulator({
		port: 0,
		seed: 41,
		latencyMs: 80, // so that four notifications are really in flight together
		bes: { finishAfterMs: 100, revokeOnMint: true },
		onRequest: (entry) => hooks.onRequest(entry),
	});
});
afterAll(async () => {
	await sim.close();
});
beforeEach(() => {
	resetTokenGate();
	sim.clearLog();
	sim.clearFaults();
	hooks.onRequest = () => {};
});

const items = (count, tag) =>
	Array.from({ length: count }, (_, index) =>
		createParams({ called: `8888${tag}${String(index).padStart(3, '0')}` }),
	);

/** Mints a token the way another n8n (or a credential test) would: it revokes ours. */
async function mintElsewhere() {
	await fetch(`${sim.url}${PATHS.token}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', 'x-token-expire': '600' },
		body: JSON.stringify({ app_key: APP_KEY, app_secret: APP_SECRET }),
	});
}

describe.each([
	['revoked by BES', () => sim.bes.revokeAll()],
	['revoked by a mint elsewhere', () => mintElsewhere()],
])('a token %s while 4 notifications are in flight', (_, revoke) => {
	test('one token request for the revocation, every item placed once, none fails', async () => {
		const store = besCredentials(sim);
		let answered = 0;
		hooks.onRequest = (entry) => {
			if (entry.path === PATHS.create && ++answered === 6) void revoke();
		};
		const run = await runBes(items(20, revoke === mintElsewhere ? 2 : 1), { store });
		hooks.onRequest = () => {};

		expect(run.error).toBeUndefined();
		expect(run.items).toHaveLength(20);
		for (const item of run.items) expect(item.json.callSerialNo).toMatch(/^\d{19}$/);
		const rejected = createRequests(sim).filter((entry) => entry.responseStatus === 401);
		expect(rejected.length).toBeGreaterThanOrEqual(1); // the revocation did hit requests in flight
		// The first token, and one after the revocation (the mint elsewhere is not ours).
		const ours = tokenRequests(sim).filter((entry) => entry.headers['x-token-expire'] === '3600');
		expect(ours).toHaveLength(2);
		// Every number reached BES exactly once with a token BES accepted.
		const placed = createRequests(sim).filter((entry) => entry.responseStatus === 200);
		expect(placed.map((entry) => entry.body.called).sort()).toEqual(
			run.items.map((item) => item.json.called).sort(),
		);
		expect(new Set(placed.map((entry) => entry.body.called)).size).toBe(20);
	});
});

test('a second execution after the refresh reuses the new token: no token request', async () => {
	const store = besCredentials(sim);
	await runBes(items(4, 3), { store });
	sim.bes.revokeAll();
	await runBes(items(8, 4), { store });
	sim.clearLog();
	const run = await runBes(items(8, 5), { store });
	expect(run.error).toBeUndefined();
	expect(tokenRequests(sim)).toHaveLength(0);
	// BES tokens are refreshed by n8n, so n8n reads the credential itself for each request
	// (a refresh by another execution is seen); only Bitel's never-changing one is handed over.
	expect(run.logs.credentialsPassed).toEqual([]);
});

describe('token answers in other shapes', () => {
	test.each(['camel', 'snake', 'result', 'data'])(
		'%s: the token is read and used, one token request',
		async (tokenShape) => {
			const shaped = await startSimulator({
				port: 0,
				seed: 42,
				bes: { finishAfterMs: 100, tokenShape },
			});
			try {
				const store = besCredentials(shaped);
				const run = await runBes(items(2, 6), { store });
				expect(run.error).toBeUndefined();
				expect(run.items.map((item) => typeof item.json.callSerialNo)).toEqual([
					'string',
					'string',
				]);
				expect(tokenRequests(shaped)).toHaveLength(1);
				const [token] = shaped.bes.tokens.keys();
				expect(store.besApi.accessToken).toBe(token);
				for (const request of createRequests(shaped))
					expect(request.headers.authorization).toBe(`Bearer ${token}`);
			} finally {
				await shaped.close();
			}
		},
	);

	test('unreadable: an error that does not blame the key and secret, and nothing is sent', async () => {
		const shaped = await startSimulator({ port: 0, seed: 43, bes: { tokenShape: 'unreadable' } });
		try {
			const run = await runBes(items(2, 7), {
				store: besCredentials(shaped),
				continueOnFail: true,
			});
			expect(run.items).toHaveLength(2);
			for (const item of run.items) {
				expect(item.json.error).toBe('BES’s answer to the token request could not be read');
				expect(item.json.description).not.toMatch(/Check App Key and App Secret/);
				expect(item.json.outcome).toBe('notSent');
			}
			expect(createRequests(shaped)).toHaveLength(0);
			expect(tokenRequests(shaped)).toHaveLength(1);
		} finally {
			await shaped.close();
		}
	});
});

describe('Token URL: tokenByAkSk on another host or port (issue 23, point 12)', () => {
	let split;
	beforeAll(async () => {
		split = await startSimulator({
			port: 0,
			seed: 44,
			bes: { finishAfterMs: 100, tokenHost: 'separate' },
		});
	});
	afterAll(async () => {
		await split.close();
	});

	test('empty: the token is asked at the Base URL; BES answers 404 there and the error points at Token URL', async () => {
		const run = await runBes(createParams(), { store: besCredentials(split) });
		expect(run.error.message).toMatch(/^BES has no token service at 127\.0\.0\.1:\d+ \(HTTP 404\)/);
		expect(run.error.description).toMatch(/set Token URL/);
		expect(createRequests(split)).toHaveLength(0);
	});

	test.each([
		['a host and port', (s) => s.besTokenUrl],
		['the whole address', (s) => `${s.besTokenUrl}${PATHS.token}`],
	])(
		'given as %s: the token comes from there, the notification goes to the Base URL',
		async (_, url) => {
			const store = besCredentials(split, { tokenUrl: url(split) });
			const run = await runBes(createParams(), { store });
			expect(run.error).toBeUndefined();
			expect(run.items[0].json.callSerialNo).toMatch(/^\d{19}$/);
			expect(createRequests(split)).toHaveLength(1);
			expect(store.besApi.accessToken).toMatch(/^[0-9a-f]{32}$/);
			split.clearLog();
		},
	);

	test('a Token URL that is not a web address is refused, nothing sent', async () => {
		const run = await runBes(createParams(), {
			store: besCredentials(split, { tokenUrl: 'lb.example:28070' }),
		});
		expect(run.error.message).toBe('The Token URL of the BES API credential is not a web address');
		expect(split.requests({ provider: 'bes' })).toHaveLength(0);
	});
});
