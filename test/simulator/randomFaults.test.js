/** The simulator's seeded random faults (lib/random-faults.js): reproducible, per request. */
const { RandomFaults } = require('../../tools/simulator/lib/random-faults');
const { startSimulator } = require('../../tools/simulator');

const mix = [
	{ probability: 0.2, type: 'status', status: 429, retryAfter: 1 },
	{ probability: 0.2, type: 'drop-before' },
];

function draws(seed) {
	const plan = new RandomFaults({ seed, rules: [{ path: /^\/api\//, faults: mix }] });
	return Array.from({ length: 200 }, (_, i) => plan.take('POST', '/api/x', `{"n":${i % 150}}`))
		.map((fault) => (fault ? `${fault.type}${fault.status ?? ''}` : '-'))
		.join(',');
}

test('the same seed draws the same faults for the same requests; another seed does not', () => {
	expect(draws('a')).toBe(draws('a'));
	expect(draws('a')).not.toBe(draws('b'));
	const kinds = draws('a').split(',');
	// About 40 % of the requests misbehave, both kinds occur.
	expect(kinds.filter((kind) => kind !== '-').length).toBeGreaterThan(50);
	expect(kinds.filter((kind) => kind !== '-').length).toBeLessThan(110);
	expect(kinds).toContain('status429');
	expect(kinds).toContain('drop-before');
});

test('a resend of the same request draws anew, whatever order requests arrive in', () => {
	const plan = new RandomFaults({ seed: 's', rules: [{ path: '/p', faults: mix }] });
	const first = ['1', '2', '3'].map((body) => plan.take('POST', '/p', body)?.type ?? null);
	const other = new RandomFaults({ seed: 's', rules: [{ path: '/p', faults: mix }] });
	const reversed = ['3', '2', '1'].map((body) => other.take('POST', '/p', body)?.type ?? null);
	expect(reversed.reverse()).toEqual(first);
	expect(plan.seen.get('POST /p 1')).toBe(1);
	plan.take('POST', '/p', '1');
	expect(plan.seen.get('POST /p 1')).toBe(2);
});

test('paths no rule matches are never faulted; bad specs are refused', () => {
	const plan = new RandomFaults({
		seed: 1,
		rules: [{ path: '/p', faults: [{ probability: 1, type: 'drop-after' }] }],
	});
	expect(plan.take('POST', '/q', '')).toBeNull();
	expect(plan.take('POST', '/p', '').type).toBe('drop-after');
	expect(plan.injected).toEqual([{ method: 'POST', path: '/p', type: 'drop-after', status: null }]);
	expect(() => new RandomFaults({ rules: [] })).toThrow(/at least one rule/);
	expect(
		() =>
			new RandomFaults({
				rules: [
					{
						path: '/p',
						faults: [
							{ probability: 0.7, type: 'html' },
							{ probability: 0.7, type: 'html' },
						],
					},
				],
			}),
	).toThrow(/more than 1/);
	expect(
		() =>
			new RandomFaults({ rules: [{ path: '/p', faults: [{ probability: 0.1, type: 'nope' }] }] }),
	).toThrow(/fault type/);
});

test('a simulator with random faults logs each drawn fault on its request', async () => {
	const sim = await startSimulator({ port: 0 });
	try {
		const plan = sim.setRandomFaults({
			seed: 1,
			rules: [
				{
					path: '/api/v2/voice/status/abc',
					faults: [{ probability: 1, type: 'status', status: 503 }],
				},
			],
		});
		const response = await fetch(`${sim.url}/api/v2/voice/status/abc`);
		expect(response.status).toBe(503);
		expect(sim.log[0]).toMatchObject({ fault: 'status', responseStatus: 503 });
		expect(plan.injected).toHaveLength(1);
		sim.clearRandomFaults();
		expect((await fetch(`${sim.url}/api/v2/voice/status/abc`)).status).toBe(401);
	} finally {
		await sim.close();
	}
});
