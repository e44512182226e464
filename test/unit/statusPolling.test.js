'use strict';
/**
 * The Wait for Final Status schedule (nodes/shared/polling.ts) on a virtual clock:
 * calls that end at known times, a check that reads "final" once a call has ended, and a
 * wait that only moves the clock. What is asserted is which calls are checked when.
 */
const { pollUntilFinal, SCOUT_SHARE, SCOUT_PATIENCE_MS } = require('../../nodes/shared/polling');

/**
 * A virtual clock driven like an event loop: `sleep(ms)` wakes at clock + ms, and the clock
 * jumps to the next wake-up once nothing else can run, until `promise` settles.
 */
async function runOnVirtualClock(startedAt, body) {
	let clock = startedAt;
	const timers = []; // { at, resolve }
	const sleep = (ms) =>
		new Promise((resolve) => timers.push({ at: clock + Math.max(0, ms), resolve }));
	let settled = false;
	const result = body({ now: () => clock, sleep }).finally(() => {
		settled = true;
	});
	for (;;) {
		await new Promise((resolve) => setImmediate(resolve)); // let everything runnable run
		if (settled) break;
		if (timers.length === 0) throw new Error('nothing left to wait for: the schedule hangs');
		timers.sort((a, b) => a.at - b.at);
		const timer = timers.shift();
		clock = Math.max(clock, timer.at);
		timer.resolve();
	}
	await result;
	return clock;
}

/**
 * Runs the schedule over `calls` ({ createdAt?, endsAt }) from `startedAt`, each check taking
 * `checkMs` with `concurrency` in flight; the checks made ([call index, start time]) and when
 * the schedule ended.
 */
async function simulate(
	calls,
	{
		startedAt = 100_000,
		pollMs = 1000,
		timeoutMs = 300_000,
		checkMs = 50,
		checkMsOf = () => checkMs,
		concurrency = 50,
	} = {},
) {
	const checks = [];
	const states = calls.map((call, index) => ({ ...call, index, final: false }));
	let inFlight = 0;
	let maxInFlight = 0;
	const end = await runOnVirtualClock(startedAt, async ({ now, sleep }) => {
		await pollUntilFinal(
			{
				calls: states,
				createdAt: (state) => state.createdAt,
				pollMs: () => pollMs,
				timeoutMs: () => timeoutMs,
				pending: (state) => !state.final,
				isFinal: (state) => state.final,
				check: async (state) => {
					checks.push([state.index, now()]);
					maxInFlight = Math.max(maxInFlight, ++inFlight);
					const final = now() >= state.endsAt; // Bitel reads the status when asked
					await sleep(checkMsOf(state.index));
					inFlight--;
					state.final = final;
				},
				concurrency,
				now,
				wait: sleep,
			},
			startedAt,
		);
	});
	return { checks, states, end, maxInFlight };
}

const checksOf = (checks, index) => checks.filter(([i]) => i === index).map(([, at]) => at);

describe('Wait for Final Status schedule', () => {
	test('1,000 calls of one batch that end 5 s after placing: each checked about once, soon after it ends', async () => {
		const startedAt = 100_000;
		// Placed over 600 ms before the node started, as ten batch requests are.
		const calls = Array.from({ length: 1000 }, (_, i) => {
			const createdAt = startedAt - 700 + Math.floor(i * 0.6);
			return { createdAt, endsAt: createdAt + 5000 };
		});
		const { checks, states, end } = await simulate(calls, { startedAt });
		expect(states.every((state) => state.final)).toBe(true);
		expect(checks.length).toBeLessThanOrEqual(1.2 * calls.length);
		// Done as soon as the checks can be: from the first call's end, 1,000 checks at 50 in
		// flight of 50 ms each take 1 s (the calls end over 600 ms), plus little. Scouts checked
		// one every 50 ms see the first end within about 100 ms (before they were spread, up to
		// one Poll Interval: 1 s here); rounds that waited for their slowest check left places idle.
		const firstEnd = Math.min(...calls.map((c) => c.endsAt));
		expect(end).toBeLessThanOrEqual(firstEnd + 1000 + 200);
	});

	test('the first Poll Interval checks only the oldest calls (one in SCOUT_SHARE), spread over it', async () => {
		const startedAt = 100_000;
		const calls = Array.from({ length: 200 }, (_, i) => ({
			createdAt: startedAt - 1000 + i,
			endsAt: startedAt + 4000,
		}));
		const { checks } = await simulate(calls, { startedAt });
		// In the first Poll Interval: each scout once, oldest first, spread over the interval.
		const scouts = Math.ceil(200 / SCOUT_SHARE);
		const first = checks.filter(([, at]) => at < startedAt + 1000);
		expect(first).toEqual(
			Array.from({ length: scouts }, (_, i) => [i, startedAt + (i * 1000) / scouts]),
		);
	});

	test('checks run as a pool: never more than the concurrency in flight, a free place used at once', async () => {
		const startedAt = 100_000;
		// 200 calls already ended, created long before: all due at the first check.
		const calls = Array.from({ length: 200 }, () => ({ createdAt: 10_000, endsAt: 50_000 }));
		const { checks, states, end, maxInFlight } = await simulate(calls, {
			startedAt,
			concurrency: 10,
			checkMs: 40,
		});
		expect(states.every((state) => state.final)).toBe(true);
		expect(maxInFlight).toBe(10);
		expect(checks).toHaveLength(200);
		// 4 scouts spread over the first second; the first seen final at once teaches the age,
		// and the other 196 go 10 at a time without a pause: 20 × 40 ms.
		expect(end).toBeLessThanOrEqual(startedAt + 40 + 20 * 40 + 40);
	});

	test('a call that comes due while a slow check is in flight is started at once', async () => {
		const startedAt = 100_000;
		// 60 calls: two scouts, first checked at 0 and 500 ms; the first scout's check takes 1 s.
		const calls = Array.from({ length: 60 }, (_, i) => ({
			createdAt: 90_000 + i,
			endsAt: Infinity,
		}));
		const { checks } = await simulate(calls, {
			startedAt,
			timeoutMs: 3000,
			checkMsOf: (index) => (index === 0 ? 1000 : 50),
		});
		expect(checksOf(checks, 0)[0]).toBe(startedAt);
		// Not after the slow check ended (a round would have waited for it).
		expect(checksOf(checks, 1)[0]).toBe(startedAt + 500);
	});

	test('a check that throws (a defect) stops polling and is rethrown once the others ended', async () => {
		const calls = Array.from({ length: 5 }, (_, i) => ({ index: i, final: false }));
		let running = 0;
		let clock = 0;
		const run = pollUntilFinal(
			{
				calls,
				createdAt: () => undefined,
				pollMs: () => 1000,
				timeoutMs: () => 10_000,
				pending: (call) => !call.final,
				isFinal: (call) => call.final,
				check: async (call) => {
					running++;
					await new Promise((resolve) => setImmediate(resolve));
					running--;
					if (call.index === 0) throw new Error('defect');
					call.final = true;
				},
				concurrency: 5,
				now: () => clock,
				wait: async (ms) => {
					clock += ms;
				},
			},
			0,
		);
		await expect(run).rejects.toThrow('defect');
		expect(running).toBe(0);
	});

	test('Poll Interval: two checks of one call are never closer than it', async () => {
		const calls = Array.from({ length: 120 }, (_, i) => ({
			createdAt: 99_000 + i * 10,
			endsAt: 100_000 + (i % 3 === 0 ? 2000 : 20_000 + i * 100),
		}));
		const { checks, states } = await simulate(calls, { pollMs: 3000 });
		expect(states.every((state) => state.final)).toBe(true);
		for (let i = 0; i < calls.length; i++) {
			const times = checksOf(checks, i);
			for (let k = 1; k < times.length; k++)
				expect(times[k] - times[k - 1]).toBeGreaterThanOrEqual(3000);
		}
	});

	test('Timeout: calls that never end are each checked, none after the Timeout, and the loop ends', async () => {
		const startedAt = 100_000;
		const calls = Array.from({ length: 100 }, () => ({ createdAt: startedAt, endsAt: Infinity }));
		const { checks, states, end } = await simulate(calls, { startedAt, timeoutMs: 10_000 });
		expect(states.some((state) => state.final)).toBe(false);
		for (let i = 0; i < calls.length; i++)
			expect(checksOf(checks, i).length).toBeGreaterThanOrEqual(1);
		// The last checks are all due at the Timeout; 100 at 50 in flight start within 50 ms of it.
		expect(Math.max(...checks.map(([, at]) => at))).toBeLessThanOrEqual(startedAt + 10_000 + 50);
		expect(end).toBeLessThan(startedAt + 10_000 + 1000);
	});

	test('while no call has ended, the young calls are first checked after SCOUT_PATIENCE_MS', async () => {
		const startedAt = 100_000;
		const calls = Array.from({ length: 100 }, (_, i) => ({
			createdAt: startedAt - 100 + i,
			endsAt: startedAt + 120_000,
		}));
		const { checks } = await simulate(calls, { startedAt, concurrency: 100 });
		const firstOfYoungest = checksOf(checks, 99)[0];
		expect(firstOfYoungest).toBe(startedAt + SCOUT_PATIENCE_MS);
	});

	test('calls without a creation time are taken as placed at the start and all become final', async () => {
		const calls = Array.from({ length: 60 }, (_, i) => ({ endsAt: 100_000 + 3000 + i * 20 }));
		const { checks, states } = await simulate(calls);
		expect(states.every((state) => state.final)).toBe(true);
		// Without creation times, calls that end over more than a Poll Interval cost a recheck
		// (the last few, ending more than a Poll Interval after the first, two).
		expect(checks.length).toBeLessThanOrEqual(2 * 60 + 10);
	});
});
