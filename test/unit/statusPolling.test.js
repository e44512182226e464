'use strict';
/**
 * The Wait for Final Status schedule (nodes/Bitel/statusPolling.ts) on a virtual clock:
 * calls that end at known times, a check that reads "final" once a call has ended, and a
 * wait that only moves the clock. What is asserted is which calls are checked when.
 */
const {
	pollUntilFinal,
	SCOUT_SHARE,
	SCOUT_PATIENCE_MS,
} = require('../../nodes/Bitel/helpers/statusPolling');

/** Runs the schedule over `calls` ({ createdAt?, endsAt }) from `startedAt`; the checks made. */
async function simulate(calls, { startedAt = 100_000, pollMs = 1000, timeoutMs = 300_000 } = {}) {
	let clock = startedAt;
	const checks = []; // [call index, time]
	const rounds = [];
	const states = calls.map((call, index) => ({ ...call, index, final: false }));
	await pollUntilFinal(
		{
			calls: states,
			createdAt: (state) => state.createdAt,
			pollMs: () => pollMs,
			timeoutMs: () => timeoutMs,
			pending: (state) => !state.final,
			isFinal: (state) => state.final,
			check: async (due) => {
				rounds.push({ at: clock, indexes: due.map((state) => state.index) });
				for (const state of due) {
					checks.push([state.index, clock]);
					state.final = clock >= state.endsAt;
				}
				clock += 50; // one round of requests
			},
			now: () => clock,
			wait: async (ms) => {
				clock += ms;
			},
		},
		startedAt,
	);
	return { checks, rounds, states, end: clock };
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
		// Done soon after the last call's end: the scouts, checked one every 50 ms, see the
		// calls end within about 100 ms (before they were spread: 750 ms here, up to one Poll Interval).
		expect(end).toBeLessThanOrEqual(Math.max(...calls.map((c) => c.endsAt)) + 500);
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
		expect(Math.max(...checks.map(([, at]) => at))).toBeLessThanOrEqual(startedAt + 10_000);
		expect(end).toBeLessThan(startedAt + 10_000 + 1000);
	});

	test('while no call has ended, the young calls are first checked after SCOUT_PATIENCE_MS', async () => {
		const startedAt = 100_000;
		const calls = Array.from({ length: 100 }, (_, i) => ({
			createdAt: startedAt - 100 + i,
			endsAt: startedAt + 120_000,
		}));
		const { checks } = await simulate(calls, { startedAt });
		const firstOfYoungest = checksOf(checks, 99)[0];
		expect(firstOfYoungest).toBe(startedAt + SCOUT_PATIENCE_MS);
	});

	test('calls without a creation time are taken as placed at the start and all become final', async () => {
		const calls = Array.from({ length: 60 }, (_, i) => ({ endsAt: 100_000 + 3000 + i * 20 }));
		const { checks, states } = await simulate(calls);
		expect(states.every((state) => state.final)).toBe(true);
		// Without creation times, calls that end over more than a Poll Interval cost a recheck.
		expect(checks.length).toBeLessThanOrEqual(2 * 60 + 6);
	});
});
