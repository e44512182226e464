/**
 * Fault suite: every operation over many items against a simulator that misbehaves at
 * random (seeded: FAULT_SEED=<seed> reproduces a run), with Continue On Fail on and off.
 * From the simulator's log, its call records and the node's outputs it asserts that
 * - every input item, and every number of a batch, yields exactly one output item, paired
 *   to its input, and that output tells the truth (a result is a call that exists; an
 *   error that says "nothing was sent" had no call behind it);
 * - no number is called more often than the input asked for it;
 * - a request is sent again only after the provider refused it (429, or 401 before a BES
 *   token refresh), and the waits before those resends are the ones asked for, bounded;
 * - no secret appears in any output, error or log line;
 * - without Continue On Fail the node stops with an error for the first failed item.
 * The figures (items, faults by kind) are printed at the end.
 */

// Every wait the nodes ask for is recorded, and then slept for a tenth of it: the suite
// checks the waits asked for, without spending them. The retry rule takes its `wait` as an
// argument (nodes/shared/retry.ts, `sendWithRetry`): the suite passes a recording one there,
// so a retry wait is told from a polling wait (n8n's `sleep`) by where it was asked for.
const mockSleeps = [];
const mockShortWait = (from) => async (ms) => {
	mockSleeps.push({ ms, from });
	await new Promise((resolve) => setTimeout(resolve, Math.min(ms / 10, 500)));
};
jest.mock('n8n-workflow', () => ({
	...jest.requireActual('n8n-workflow'),
	sleep: mockShortWait('poll'),
}));
jest.mock('../../nodes/shared/retry', () => {
	const actual = jest.requireActual('../../nodes/shared/retry');
	return {
		...actual,
		sendWithRetry: (send, policy, _wait, classify) =>
			actual.sendWithRetry(send, policy, mockShortWait('retry'), classify),
	};
});

const { NodeApiError } = require('n8n-workflow');
const { startSimulator, DEFAULTS } = require('../../tools/simulator');
const { runNode, runNodeWithRetryOnFail } = require('../../tools/n8n-context');
const checks = require('../helpers/faultChecks');
const { Bitel } = require('../../nodes/Bitel/Bitel.node');
const { BitelApi } = require('../../credentials/BitelApi.credentials');
const { Bes } = require('../../nodes/Bes/Bes.node');
const { BesApi } = require('../../credentials/BesApi.credentials');

jest.setTimeout(60_000);

const SEED = checks.faultSeed();
/** Share of requests that misbehave. */
const FAULT_RATE = 0.3;
const BITEL_TOKEN = DEFAULTS.bitel.token;
const BES_SECRET = DEFAULTS.bes.appSecret;
const VOICE = DEFAULTS.bitel.voiceId;
const BES_CREATE = '/apiaccess/rest/voiceNotification/v2/createVoiceNotification';
/**
 * The retry contract, written out rather than read from the code under test so that a
 * looser policy fails here: a refused request is sent at most 5 times (4 retries), each
 * wait at most 15 s, at most 30 s of waits per request (README, "Never a second call").
 */
const MAX_SENDS_PER_REQUEST = 5;
const MAX_WAIT_MS = 15_000;

const totals = { items: {}, faults: {}, requests: 0, retryWaits: 0 };

afterAll(() => {
	// The figures of the run, for the report and for reproducing a failure.
	console.log(
		[
			`fault suite seed: ${SEED} (FAULT_SEED=${SEED} reproduces this run)`,
			`items run: ${JSON.stringify(totals.items)}`,
			`provider requests: ${totals.requests}`,
			`faults injected by kind: ${JSON.stringify(totals.faults)}`,
			`retry waits asked for: ${totals.retryWaits}`,
		].join('\n'),
	);
});

function tally(kind, count, entries) {
	totals.items[kind] = (totals.items[kind] ?? 0) + count;
	totals.requests += entries.length;
	totals.retryWaits += mockSleeps.filter((sleep) => sleep.from === 'retry').length;
	checks.countFaults(entries, totals.faults);
}

/** A BES API credential on the simulator, without a token yet. */
function besCredentials(sim) {
	return {
		besApi: {
			baseUrl: sim.url,
			appKey: DEFAULTS.bes.appKey,
			appSecret: BES_SECRET,
			lifetimeSeconds: 3600,
			accessToken: '',
		},
	};
}

/** National 0912… numbers, deterministic, distinct from `start` on. */
function mobile(index) {
	return `0912${String(index).padStart(7, '0')}`;
}

/** The ways people write the same number, so the suite covers them under faults too. */
function written(national, index) {
	const persian = (text) => text.replace(/\d/g, (digit) => '۰۱۲۳۴۵۶۷۸۹'[digit]);
	switch (index % 5) {
		case 1:
			return `+98 ${national.slice(1, 4)} ${national.slice(4, 7)} ${national.slice(7)}`;
		case 3:
			return persian(national);
		default:
			return national;
	}
}

/** Checks shared by every run: nothing leaked, nothing re-sent that was not refused. */
function expectSafeRun(run, entries, timesAsked, secrets) {
	const leaks = checks.leakedSecrets(
		{ outputs: run.items ?? [], error: run.error ?? null, log: run.logs.messages },
		secrets,
	);
	const resends = checks.unrefusedResends(entries, timesAsked);
	expect(leaks).toEqual([]);
	expect(resends).toEqual([]);
}

/**
 * The waits the retry rule asked for: one per 429 that was sent again, each the
 * Retry-After asked for, and never more sends of one request than the policy allows
 * (its retries, each of which may carry one 401 token refresh).
 */
function expectBoundedRetries(entries, timesAsked) {
	const retryWaits = mockSleeps.filter((sleep) => sleep.from === 'retry').map((sleep) => sleep.ms);
	const { count, sendsPerAsk } = checks.retriedRefusals(entries, timesAsked);
	expect(retryWaits).toHaveLength(count);
	for (const wait of retryWaits) expect(wait).toBe(checks.RETRY_AFTER_SECONDS * 1000);
	// Each send may carry one 401 token refresh (BES), hence twice the sends.
	expect(sendsPerAsk).toBeLessThanOrEqual(MAX_SENDS_PER_REQUEST * 2);
	expect(retryWaits.reduce((sum, ms) => sum + ms, 0)).toBeLessThanOrEqual(count * MAX_WAIT_MS);
}

/**
 * Whether each input item's request succeeded, read from the simulator's log. `keys`
 * holds each item's request key in input order; items that ask for the same request
 * take the sends of its chain in order: an item's refused sends (429, 401), then the
 * one that decided it, which succeeded when it was answered 200 without a fault.
 */
function outcomesFromLog(keys, entries, keyOfEntry) {
	const chains = new Map();
	for (const entry of [...entries].sort((a, b) => a.seq - b.seq)) {
		const key = keyOfEntry(entry);
		if (!chains.has(key)) chains.set(key, []);
		chains.get(key).push(entry);
	}
	const position = new Map();
	return keys.map((key) => {
		const chain = chains.get(key) ?? [];
		let index = position.get(key) ?? 0;
		while (index < chain.length - 1 && checks.isRefusal(chain[index])) index++;
		position.set(key, index + 1);
		const decided = chain[index];
		return decided !== undefined && decided.responseStatus === 200 && !decided.fault;
	});
}

/**
 * Without Continue On Fail the node stops with the error of the first failed item. The
 * log predicts which one; only a request answered after the node's timeout can fail an
 * earlier item than the log shows, and its error says it timed out.
 */
function expectStoppedAt(error, firstFailed) {
	if (error.context.itemIndex !== firstFailed) {
		expect(error.message).toMatch(/timed out/);
		expect(error.context.itemIndex).toBeLessThan(firstFailed);
	}
}

/**
 * An error item (or error) tells the truth about the provider: "nothing was sent" or
 * "rejected" only when no call (or SMS) exists for it; one that exists and failed says it
 * may have been placed (sent).
 */
function expectTruthfulError(json, callExists, mayHave = /may have placed the call/) {
	expect(['unknown', 'rejected', 'notSent']).toContain(json.outcome);
	if (callExists) {
		expect(json.outcome).toBe('unknown');
		expect(json.error).toMatch(mayHave);
	}
	expect(typeof json.description).toBe('string');
}

describe.each([
	['with Continue On Fail', true],
	['without Continue On Fail', false],
])('Bitel under random faults, %s', (_, continueOnFail) => {
	let sim;
	const runBitel = (parameters) =>
		runNode(Bitel, {
			parameters,
			credentials: { bitelApi: { apiToken: BITEL_TOKEN, baseUrl: sim.url } },
			credentialTypes: { bitelApi: new BitelApi() },
			continueOnFail,
			requestTimeoutCapMs: checks.REQUEST_TIMEOUT_CAP_MS,
		});

	beforeAll(async () => {
		sim = await startSimulator({ port: 0, seed: SEED, bitel: { finalAfterMs: 300 } });
	});
	afterAll(async () => {
		await sim.close();
	});
	beforeEach(() => {
		sim.clearLog();
		sim.clearRandomFaults();
		mockSleeps.splice(0);
	});

	const newCalls = (before) => [...sim.bitel.calls.values()].filter((call) => !before.has(call.id));
	/** What a batch creates at Bitel (calls or SMS), and how the node counts those already made. */
	const CALLS = {
		records: () => sim.bitel.calls,
		placed: 'other calls? (was|were) already placed',
		mayHave: /^Bitel may have placed the call/,
	};
	const SMS = {
		records: () => sim.bitel.messages,
		placed: 'other SMS (was|were) already sent',
		mayHave: /^Bitel may have sent the SMS/,
	};

	test.each([
		['call batch', { operation: 'batch', voiceId: VOICE }, 1040, 0, '/api/v2/voice/batch', CALLS],
		[
			'call batchTts',
			{ operation: 'batchTts', text: 'سفارش شما ارسال شد. Your order has shipped.' },
			320,
			500_000,
			'/api/v2/voice/batch/tts',
			CALLS,
		],
		[
			'SMS sendBatch',
			{ resource: 'sms', operation: 'sendBatch', message: 'حراج از امروز. Sale starts today.' },
			2000,
			800_000,
			'/api/v2/sms/batch',
			SMS,
		],
	])(
		'%s: every number gets one output item, no number is sent to twice',
		async (label, content, count, offset, path, kind) => {
			const tag = continueOnFail ? 1 : 2;
			// 40 items; every 10th item repeats three numbers of the item before it, and the last
			// two items (Remove Duplicates off) ask for one number twice on purpose.
			const perItem = Math.ceil(count / 40);
			const parameters = [];
			const expected = []; // [itemIndex, as written, national], in output order
			let next = offset + tag * 1_000_000;
			for (let item = 0; item < 40; item++) {
				const list = [];
				for (let n = 0; n < perItem; n++) list.push(mobile(next++));
				if (item % 10 === 9) list.push(...parameters[item - 1].nationals.slice(0, 3));
				const asWritten = list.map((national, index) => written(national, index));
				list.forEach((national, index) => expected.push([item, asWritten[index], national]));
				parameters.push({
					...content,
					phoneNumbers: item % 2 ? asWritten : asWritten.join(', '),
					nationals: list,
				});
			}
			const twice = mobile(next++);
			for (const item of [40, 41]) {
				parameters.push({
					...content,
					phoneNumbers: [twice],
					options: { dedupe: false },
					nationals: [twice],
				});
				expected.push([item, twice, twice]);
			}
			const asked = new Map();
			for (const [, , national] of expected) asked.set(national, 1);
			asked.set(twice, 2);

			const before = new Set(kind.records().keys());
			sim.setRandomFaults({ seed: SEED, rules: [{ path, faults: checks.faultMix(FAULT_RATE) }] });
			const run = await runBitel(parameters.map(({ nationals, ...rest }) => rest));
			await checks.settleSlowRequests(sim.requests({ provider: 'bitel' }));
			const entries = sim.requests({ provider: 'bitel' });
			tally(`Bitel ${label} numbers`, expected.length, entries);

			// Every batch request has its own numbers: nothing may be sent twice unless refused.
			expectSafeRun(run, entries, () => 1, [BITEL_TOKEN]);
			expectBoundedRetries(entries, () => 1);
			expect(entries.every((entry) => entry.method === 'POST' && entry.path === path)).toBe(true);
			const callsTo = new Map();
			const made = [...kind.records().values()].filter((record) => !before.has(record.id));
			for (const call of made.filter((c) => asked.has(c.phoneNumber)))
				callsTo.set(call.phoneNumber, (callsTo.get(call.phoneNumber) ?? 0) + 1);
			for (const [number, made] of callsTo) {
				expect({ number, made: Math.min(made, asked.get(number) ?? 0) }).toEqual({ number, made });
			}

			// The numbers whose request succeeded (its last send answered 200 without a fault).
			const delivered = new Set();
			for (const chain of checks.requestChains(entries).values()) {
				const last = chain[chain.length - 1];
				if (last.responseStatus === 200 && !last.fault)
					last.body.phoneNumbers.forEach((number) => delivered.add(number));
			}

			if (continueOnFail || (delivered.size === asked.size && !run.error)) {
				expect(run.error).toBeUndefined();
				expect(run.items).toHaveLength(expected.length);
				const called = new Set(); // numbers of the Remove Duplicates group seen so far
				run.items.forEach((item, index) => {
					const [itemIndex, asWritten, national] = expected[index];
					const duplicate = itemIndex < 40 && called.has(national);
					if (itemIndex < 40) called.add(national);
					expect(item.pairedItem).toEqual({ item: itemIndex });
					if (item.json.error) {
						expect(item.json.phoneNumber).toBe(asWritten);
						// Answered, yet an error: only when the answer came after the node's timeout.
						if (delivered.has(national)) expect(item.json.error).toMatch(/timed out/);
						expectTruthfulError(item.json, callsTo.has(national), kind.mayHave);
					} else {
						expect(item.json.inputPhoneNumber).toBe(asWritten);
						expect(item.json.phoneNumber).toBe(national);
						expect(kind.records().get(item.json.id)?.phoneNumber).toBe(national);
						expect(item.json.duplicate === true).toBe(duplicate);
					}
				});
			} else {
				// Stops with the first failed number's item, and counts the calls already placed.
				const firstFailed = expected.find(([, , national]) => !delivered.has(national));
				expect(run.error).toBeInstanceOf(NodeApiError);
				expectStoppedAt(run.error, firstFailed ? firstFailed[0] : Infinity);
				const placedNumbers = [...delivered].reduce(
					(sum, number) => sum + (asked.get(number) ?? 0),
					0,
				);
				expect(run.error.description).toMatch(new RegExp(`${placedNumbers} ${kind.placed}`));
			}
		},
	);

	test.each([
		['otp', (index) => ({ code: String(1000 + (index % 9000)) })],
		['single', () => ({ voiceId: VOICE })],
		['singleTts', () => ({ text: 'کد شما ۱۲۳۴ است' })],
	])('%s: 100 items, one output each, no number called twice', async (operation, content) => {
		const tag = continueOnFail ? 3 : 4;
		const base = tag * 1_000_000 + { otp: 0, single: 1000, singleTts: 2000 }[operation];
		// Items 98 and 99 ask for the same call as items 0 and 1: two calls each are allowed.
		const numbers = Array.from({ length: 100 }, (_, index) => mobile(base + (index % 98)));
		const parameters = numbers.map((national, index) => ({
			operation,
			phoneNumber: written(national, index),
			...content(index % 98),
		}));
		const asked = new Map();
		for (const national of numbers) asked.set(national, (asked.get(national) ?? 0) + 1);

		const before = new Set(sim.bitel.calls.keys());
		const path = `/api/v2/voice/${{ otp: 'otp', single: 'single', singleTts: 'single/tts' }[operation]}`;
		sim.setRandomFaults({ seed: SEED, rules: [{ path, faults: checks.faultMix(FAULT_RATE) }] });
		const run = await runBitel(parameters);
		await checks.settleSlowRequests(sim.requests({ provider: 'bitel' }));
		const entries = sim.requests({ provider: 'bitel' });
		tally(`Bitel ${operation} items`, parameters.length, entries);

		const timesAsked = (entry) => asked.get(entry.body.phoneNumber) ?? 0;
		expectSafeRun(run, entries, timesAsked, [BITEL_TOKEN]);
		expectBoundedRetries(entries, timesAsked);
		const calls = newCalls(before);
		for (const [number, times] of asked) {
			expect(calls.filter((call) => call.phoneNumber === number).length).toBeLessThanOrEqual(times);
		}

		const succeeded = outcomesFromLog(numbers, entries, (entry) => entry.body.phoneNumber);
		const firstFailed = succeeded.indexOf(false);
		if (continueOnFail || (firstFailed === -1 && !run.error)) {
			expect(run.error).toBeUndefined();
			expect(run.items).toHaveLength(parameters.length);
			run.items.forEach((item, index) => {
				expect(item.pairedItem).toEqual({ item: index });
				if (item.json.error) {
					if (succeeded[index]) expect(item.json.error).toMatch(/timed out/);
					expectTruthfulError(
						item.json,
						calls.some((call) => call.phoneNumber === numbers[index]),
					);
				} else {
					expect(succeeded[index]).toBe(true);
					expect(sim.bitel.calls.get(item.json.id)?.phoneNumber).toBe(numbers[index]);
				}
			});
		} else {
			expect(run.error).toBeInstanceOf(NodeApiError);
			expectStoppedAt(run.error, firstFailed === -1 ? Infinity : firstFailed);
		}
	});

	test('SMS sendP2p: 1200 personalized messages, one output each in input order, none sent twice', async () => {
		const tag = continueOnFail ? 5 : 6;
		// Items 1198 and 1199 send the numbers of items 0 and 1 another message: two SMS each.
		const numbers = Array.from({ length: 1200 }, (_, index) =>
			mobile(tag * 1_000_000 + (index % 1198)),
		);
		const messages = numbers.map(
			(_, index) => `مشتری گرامی ${index}: your code is ${1000 + index}`,
		);
		const parameters = numbers.map((national, index) => ({
			resource: 'sms',
			operation: 'sendP2p',
			phoneNumber: written(national, index),
			message: messages[index],
		}));
		const itemOfPair = new Map(
			numbers.map((number, index) => [`${number} ${messages[index]}`, index]),
		);

		const before = new Set(sim.bitel.messages.keys());
		const path = '/api/v2/sms/batch/p2p';
		sim.setRandomFaults({ seed: SEED, rules: [{ path, faults: checks.faultMix(FAULT_RATE) }] });
		const run = await runBitel(parameters);
		await checks.settleSlowRequests(sim.requests({ provider: 'bitel' }));
		const entries = sim.requests({ provider: 'bitel' });
		tally('Bitel SMS sendP2p items', parameters.length, entries);

		// Each pooled request carries its own pairs: nothing may be sent twice unless refused.
		expectSafeRun(run, entries, () => 1, [BITEL_TOKEN]);
		expectBoundedRetries(entries, () => 1);
		const delivered = new Set(); // items whose pair went out in a request answered 200
		for (const entry of entries) {
			expect(entry).toMatchObject({ method: 'POST', path });
			expect(entry.body.messages).toHaveLength(entry.body.phoneNumbers.length);
			entry.body.phoneNumbers.forEach((number, k) => {
				// Each message stands next to its own number.
				expect(itemOfPair.has(`${number} ${entry.body.messages[k]}`)).toBe(true);
			});
		}
		for (const chain of checks.requestChains(entries).values()) {
			const last = chain[chain.length - 1];
			if (last.responseStatus === 200 && !last.fault)
				last.body.phoneNumbers.forEach((number, k) =>
					delivered.add(itemOfPair.get(`${number} ${last.body.messages[k]}`)),
				);
		}
		const sent = [...sim.bitel.messages.values()].filter((sms) => !before.has(sms.id));
		const sentPairs = new Map();
		for (const sms of sent) {
			const key = `${sms.phoneNumber} ${sms.message}`;
			sentPairs.set(key, (sentPairs.get(key) ?? 0) + 1);
		}
		for (const [pair, times] of sentPairs) expect({ pair, times }).toEqual({ pair, times: 1 });

		if (continueOnFail || (delivered.size === numbers.length && !run.error)) {
			expect(run.error).toBeUndefined();
			expect(run.items).toHaveLength(parameters.length);
			run.items.forEach((item, index) => {
				expect(item.pairedItem).toEqual({ item: index });
				if (item.json.error) {
					if (delivered.has(index)) expect(item.json.error).toMatch(/timed out/);
					expectTruthfulError(
						item.json,
						sentPairs.has(`${numbers[index]} ${messages[index]}`),
						/^Bitel may have sent the SMS/,
					);
				} else {
					const sms = sim.bitel.messages.get(item.json.id);
					expect({ phoneNumber: sms?.phoneNumber, message: sms?.message }).toEqual({
						phoneNumber: numbers[index],
						message: messages[index],
					});
					expect(item.json.inputPhoneNumber).toBe(written(numbers[index], index));
				}
			});
		} else {
			const firstFailed = numbers.findIndex((_, index) => !delivered.has(index));
			expect(run.error).toBeInstanceOf(NodeApiError);
			expectStoppedAt(run.error, firstFailed === -1 ? Infinity : firstFailed);
			expect(run.error.description).toMatch(new RegExp(`${delivered.size} ${SMS.placed}`));
		}
	});
});

describe('Bitel Get Status with Wait for Final Status under random faults', () => {
	let sim;
	beforeAll(async () => {
		sim = await startSimulator({ port: 0, seed: SEED, bitel: { finalAfterMs: 400 } });
	});
	afterAll(async () => {
		await sim.close();
	});

	test('200 calls polled together: one output each, the real status or an error, nothing placed', async () => {
		const credentials = { bitelApi: { apiToken: BITEL_TOKEN, baseUrl: sim.url } };
		const credentialTypes = { bitelApi: new BitelApi() };
		const placed = await runNode(Bitel, {
			parameters: {
				operation: 'batch',
				voiceId: VOICE,
				phoneNumbers: Array.from({ length: 200 }, (_, index) => mobile(7_000_000 + index)),
			},
			credentials,
			credentialTypes,
		});
		expect(placed.items).toHaveLength(200);
		const ids = placed.items.map((item) => item.json.id);

		sim.clearLog();
		mockSleeps.splice(0);
		// One call's status is refused every time: the retry rule must give up within its bound.
		const refused = `/api/v2/voice/status/${ids[0]}`;
		sim.injectFault({ path: refused, type: 'status', status: 429, retryAfter: 1, times: Infinity });
		sim.setRandomFaults({
			seed: SEED,
			rules: [{ path: /^\/api\/v2\/voice\/status\//, faults: checks.faultMix(FAULT_RATE) }],
		});
		const run = await runNode(Bitel, {
			// The refused call waits 3 s at most: while waiting, a refusal is asked again (issue 12).
			parameters: ids.map((callId, index) => ({
				operation: 'status',
				callId,
				options: { waitForFinal: true, pollInterval: 1, timeout: index === 0 ? 3 : 30 },
			})),
			credentials,
			credentialTypes,
			continueOnFail: true,
			requestTimeoutCapMs: checks.REQUEST_TIMEOUT_CAP_MS,
		});
		const entries = sim.requests({ provider: 'bitel' });
		tally('Bitel status polls (items)', ids.length, entries);

		expect(entries.every((entry) => entry.method === 'GET')).toBe(true);
		// Reading a status places nothing, so re-asking is allowed; only the waits are checked.
		expectSafeRun(run, [], () => 1, [BITEL_TOKEN]);
		expect(run.error).toBeUndefined();
		expect(run.items).toHaveLength(ids.length);
		const retryWaits = mockSleeps
			.filter((sleep) => sleep.from === 'retry')
			.map((sleep) => sleep.ms);
		expect(retryWaits.length).toBeLessThanOrEqual(
			entries.filter((entry) => entry.responseStatus === 429).length,
		);
		for (const wait of retryWaits) expect(wait).toBe(checks.RETRY_AFTER_SECONDS * 1000);
		// Each check of the refused call stays within the retry rule's bound, and it is checked
		// again at every poll until its Timeout: never more checks than polls.
		const refusedSends = entries.filter((entry) => entry.path === refused).length;
		const polls = mockSleeps.filter((sleep) => sleep.from === 'poll').length;
		expect(refusedSends).toBeGreaterThan(1);
		expect(refusedSends).toBeLessThanOrEqual(MAX_SENDS_PER_REQUEST * (polls + 1));
		// Its item is the last failed check: the 429, or (on a loaded machine, where a check
		// can outlast the capped request timeout) a check that got no answer.
		const refusedItem = run.items[0].json;
		expect(refusedItem.callId).toBe(ids[0]);
		if (refusedItem.outcome === 'unknown') {
			expect(refusedItem.error).toBe('Bitel did not answer the request');
		} else {
			expect(refusedItem).toMatchObject({
				httpCode: '429',
				outcome: 'rejected',
				error: expect.stringMatching(/too many requests/),
			});
		}
		run.items.forEach((item, index) => {
			expect(item.pairedItem).toEqual({ item: index });
			if (item.json.error) {
				expect(item.json.callId).toBe(ids[index]);
				expect(['unknown', 'rejected']).toContain(item.json.outcome);
			} else {
				const truth = sim.bitel.calls.get(ids[index]);
				expect(item.json.id).toBe(ids[index]);
				expect(item.json.final).toBe(true);
				expect(item.json.timedOut).toBe(false);
				expect(item.json.status).toBe(truth.status);
			}
		});
	});
});

describe.each([
	['with Continue On Fail', true],
	['without Continue On Fail', false],
])('BES Create under random faults and a token revoked mid-run, %s', (_, continueOnFail) => {
	let sim;
	const hooks = { onRequest: () => {} };
	beforeAll(async () => {
		sim = await startSimulator({
			port: 0,
			seed: SEED,
			bes: { finishAfterMs: 60_000 },
			onRequest: (entry) => hooks.onRequest(entry),
		});
	});
	afterAll(async () => {
		await sim.close();
	});

	test('200 notifications: one output each, no number called twice, tokens never shown', async () => {
		const tag = continueOnFail ? 1 : 2;
		// Items 198 and 199 repeat items 0 and 1: those numbers may be called twice.
		const numbers = Array.from(
			{ length: 200 },
			(_, index) => `8888${tag}${String(index % 198).padStart(4, '0')}`,
		);
		const asked = new Map();
		for (const number of numbers) asked.set(number, (asked.get(number) ?? 0) + 1);
		const parameters = numbers.map((called, index) => ({
			resource: 'voiceNotification',
			operation: 'create',
			called: index % 4 === 3 ? called.replace(/\d/g, (digit) => '٠١٢٣٤٥٦٧٨٩'[digit]) : called,
			playList: { entry: [{ source: 'voiceId', value: DEFAULTS.bes.voiceId }] },
			options: { callBackUrl: 'https://n8n.example.com/webhook/bes', priority: 5 },
		}));

		// Revoke every token after the 50th and the 130th notification request.
		let creates = 0;
		hooks.onRequest = (entry) => {
			if (entry.path !== BES_CREATE) return;
			creates++;
			if (creates === 50 || creates === 130) sim.bes.revokeAll();
		};
		sim.clearLog();
		mockSleeps.splice(0);
		const notificationsBefore = new Set(sim.bes.notifications.keys());
		sim.setRandomFaults({
			seed: SEED,
			rules: [{ path: BES_CREATE, faults: checks.faultMix(FAULT_RATE) }],
		});
		const run = await runNode(Bes, {
			parameters,
			credentials: besCredentials(sim),
			credentialTypes: { besApi: new BesApi() },
			continueOnFail,
			requestTimeoutCapMs: checks.REQUEST_TIMEOUT_CAP_MS,
		});
		await checks.settleSlowRequests(sim.requests({ provider: 'bes' }));
		hooks.onRequest = () => {};
		const entries = sim.requests({ provider: 'bes', path: BES_CREATE });
		tally('BES notifications (items)', parameters.length, entries);

		const tokens = [...sim.bes.tokens.keys()];
		expect(tokens.length).toBeGreaterThanOrEqual(3); // the first, and one after each revocation
		expect(entries.filter((entry) => entry.responseStatus === 401).length).toBeGreaterThan(0);
		const timesAsked = (entry) => asked.get(entry.body.called) ?? 0;
		expectSafeRun(run, entries, timesAsked, [BES_SECRET, ...tokens]);
		expectBoundedRetries(entries, timesAsked);
		const notifications = [...sim.bes.notifications.values()].filter(
			(notification) => !notificationsBefore.has(notification.callSerialNo),
		);
		for (const [number, times] of asked) {
			expect(notifications.filter((n) => n.called === number).length).toBeLessThanOrEqual(times);
		}

		const succeeded = outcomesFromLog(numbers, entries, (entry) => entry.body.called);
		const firstFailed = succeeded.indexOf(false);
		if (continueOnFail || (firstFailed === -1 && !run.error)) {
			expect(run.error).toBeUndefined();
			expect(run.items).toHaveLength(parameters.length);
			run.items.forEach((item, index) => {
				expect(item.pairedItem).toEqual({ item: index });
				if (item.json.error) {
					if (succeeded[index]) expect(item.json.error).toMatch(/timed out/);
					expect(item.json.called).toBe(numbers[index]);
					expectTruthfulError(
						item.json,
						notifications.some((n) => n.called === numbers[index]),
					);
				} else {
					expect(succeeded[index]).toBe(true);
					expect(sim.bes.notifications.get(item.json.callSerialNo)?.called).toBe(numbers[index]);
				}
			});
		} else {
			expect(run.error).toBeInstanceOf(NodeApiError);
			expectStoppedAt(run.error, firstFailed === -1 ? Infinity : firstFailed);
		}
	});
});

/**
 * n8n's Retry On Fail runs execute() again in the same execution (same node context, same
 * run index) after a thrown error or an output whose first item is an error item. These
 * faults place calls and then fail, the case where a blind retry calls everyone again.
 * From the simulator's log: every number is dialled at most once over all tries, and the
 * error that stops the node lists every placed call. The figures are printed per scenario.
 */
describe('Retry On Fail: a retried node never places a call twice', () => {
	let sim;
	const figures = [];
	const expectDialledOnce = (...args) => checks.expectDialledOnce(figures, ...args);
	const BATCH = '/api/v2/voice/batch';
	const SINGLE = '/api/v2/voice/single';

	beforeAll(async () => {
		sim = await startSimulator({ port: 0, seed: SEED, bitel: { finalAfterMs: 60_000 } });
	});
	afterAll(async () => {
		console.log(`Retry On Fail figures (numbers dialled twice):\n${figures.join('\n')}`);
		await sim.close();
	});
	beforeEach(() => {
		sim.clearLog();
		sim.clearFaults();
		sim.clearRandomFaults();
	});

	const bitelRun = (parameters, run = {}) => ({
		parameters,
		credentials: { bitelApi: { apiToken: BITEL_TOKEN, baseUrl: sim.url } },
		credentialTypes: { bitelApi: new BitelApi() },
		...run,
	});

	/** Runs `count` items of a Bitel operation with Retry On Fail; request `skip + 1` fails after placing. */
	async function placeThenFail({ name, operation, field, path, start, count, skip, maxTries }) {
		const numbers = Array.from({ length: count }, (_, index) => mobile(start + index * 10));
		sim.injectFault({ path, type: 'status-after', status: 500, skip });
		const run = await runNodeWithRetryOnFail(
			Bitel,
			bitelRun(numbers.map((number) => ({ operation, [field]: number, voiceId: VOICE }))),
			{ maxTries },
		);
		const entries = sim.requests({ provider: 'bitel', path });
		const numbersOf = (entry) => [entry.body[field]].flat();
		expectDialledOnce(name, checks.dialledCounts(entries, numbersOf), count);
		return { run, entries };
	}

	test('Make Batch, 1,000 numbers as 1,000 items, the 4th of 10 requests answered 500 after placing', async () => {
		const { run, entries } = await placeThenFail({
			name: 'Make Batch 1,000 items',
			operation: 'batch',
			field: 'phoneNumbers',
			path: BATCH,
			start: 3_000_000,
			count: 1000,
			skip: 3,
			maxTries: 3,
		});
		expect(run.tries).toHaveLength(3);
		expect(entries).toHaveLength(10); // every try after the first sent nothing

		// Every try stops with the same error, which lists the 900 placed calls and the 100 unknown.
		const { error } = run;
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.context.outcome).toBe('unknown');
		expect(error.context.placedCalls).toHaveLength(900);
		expect(error.context.unknownCalls).toHaveLength(100);
		const calls = sim.bitel.calls;
		for (const placed of error.context.placedCalls) {
			expect(calls.get(placed['call ID'])?.phoneNumber).toBe(placed.number);
			expect(error.description).toContain(`${placed.number} (call ID ${placed['call ID']})`);
		}
		expect(error.description).toMatch(/Use Get Status for these; do not re-run this node for them/);
		expect(error.description).toMatch(/May have been placed, outcome unknown \(100\)/);
	});

	test('Make, 30 items, the 7th request answered 500 after placing', async () => {
		const { run, entries } = await placeThenFail({
			name: 'Make 30 items',
			operation: 'single',
			field: 'phoneNumber',
			path: SINGLE,
			start: 3_100_000,
			count: 30,
			skip: 6,
			maxTries: 5,
		});
		expect(run.tries).toHaveLength(5);
		expect(entries).toHaveLength(30);
		expect(run.error.context.placedCalls).toHaveLength(29);
		expect(run.error.context.unknownCalls).toEqual([
			{ itemIndex: expect.any(Number), number: expect.stringMatching(/^0912/) },
		]);
	});

	test('Continue On Fail with an invalid first item: 200 valid numbers, 3 tries, each dialled once', async () => {
		const numbers = Array.from({ length: 200 }, (_, index) => mobile(3_200_000 + index * 10));
		const parameters = ['12345', ...numbers].map((phoneNumbers) => ({
			operation: 'batch',
			phoneNumbers,
			voiceId: VOICE,
		}));
		const run = await runNodeWithRetryOnFail(
			Bitel,
			bitelRun(parameters, { continueOnFail: true }),
			{
				maxTries: 3,
			},
		);
		const entries = sim.requests({ provider: 'bitel', path: BATCH });
		expectDialledOnce(
			'Continue On Fail, invalid first item',
			checks.dialledCounts(entries, (e) => e.body.phoneNumbers),
			200,
		);
		expect(run.tries).toHaveLength(3); // the first item is an error item on every try
		expect(entries).toHaveLength(2);
		// The last try's output: one item per input item, the valid ones with their calls.
		expect(run.items).toHaveLength(201);
		expect(run.items[0].json.error).toMatch(/is not an Iranian phone number/);
		const first = run.tries[0].items.slice(1).map((item) => item.json.id);
		expect(run.items.slice(1).map((item) => item.json.id)).toEqual(first);
		expect(new Set(first).size).toBe(200);
	});

	test('an input changed between tries, or another run index, is sent: memory is per request and per run', async () => {
		const execution = { contextData: {}, runIndex: 0 };
		const run = (phoneNumber, voiceId = VOICE) =>
			runNode(Bitel, bitelRun({ operation: 'single', phoneNumber, voiceId }, { execution }));
		// A run that completed frees its memory (n8n does not run it again); a failed one keeps it.
		await run('09123000001');
		expect(execution.contextData['node:Bitel']).toEqual({});
		sim.injectFault({ path: SINGLE, type: 'status-after', status: 500 });
		await run('09123000002');
		expect(Object.keys(execution.contextData['node:Bitel'].neverTwice.runs)).toEqual(['0']);
		await run('09123000002'); // the same request: answered from memory
		await run('09123000003'); // another number
		await run('09123000002', DEFAULTS.bitel.voiceId.replace(/.$/, '0')); // another voice
		execution.runIndex = 1;
		await run('09123000002'); // the node's second run in a loop
		const bodies = sim.requests({ provider: 'bitel', path: SINGLE }).map((e) => e.body.phoneNumber);
		expect(bodies).toEqual([
			'09123000001',
			'09123000002',
			'09123000003',
			'09123000002',
			'09123000002',
		]);
	});

	test('a request refused with 429 is sent again on the next try (it placed nothing)', async () => {
		sim.injectFault({ path: SINGLE, type: 'status', status: 429, retryAfter: 60 });
		const run = await runNodeWithRetryOnFail(
			Bitel,
			bitelRun({ operation: 'single', phoneNumber: '09123000010', voiceId: VOICE }),
			{ maxTries: 2 },
		);
		expect(run.error).toBeUndefined();
		expect(run.tries[0].error.message).toMatch(/too many requests/);
		expect(sim.requests({ provider: 'bitel', path: SINGLE })).toHaveLength(2);
	});

	test('BES: 20 notifications, the 7th answered 500 after creating', async () => {
		const numbers = Array.from(
			{ length: 20 },
			(_, index) => `8889${String(index).padStart(4, '0')}`,
		);
		sim.injectFault({ path: BES_CREATE, type: 'status-after', status: 500, skip: 6 });
		const run = await runNodeWithRetryOnFail(
			Bes,
			{
				parameters: numbers.map((called) => ({
					resource: 'voiceNotification',
					operation: 'create',
					called,
					playList: { entry: [{ source: 'voiceId', value: DEFAULTS.bes.voiceId }] },
				})),
				credentials: besCredentials(sim),
				credentialTypes: { besApi: new BesApi() },
			},
			{ maxTries: 3 },
		);
		const entries = sim.requests({ provider: 'bes', path: BES_CREATE });
		expectDialledOnce(
			'BES 20 notifications',
			checks.dialledCounts(entries, (entry) => [entry.body.called]),
			20,
		);
		expect(entries).toHaveLength(20);
		const { placedCalls, unknownCalls } = run.error.context;
		expect(placedCalls).toHaveLength(19);
		expect(unknownCalls).toHaveLength(1);
		for (const placed of placedCalls) {
			expect(sim.bes.notifications.get(placed.callSerialNo)?.called).toBe(placed.number);
		}
		expect(run.error.description).toMatch(/\(callSerialNo \d+\)/);
	});
});
