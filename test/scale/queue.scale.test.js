'use strict';
/**
 * Our nodes in n8n's queue mode: one main instance (webhooks, triggers, REST), two `n8n worker`
 * processes, Redis as the queue and one PostgreSQL database (see ./cluster.js). What holds on one
 * n8n process must hold here: every number dialled once and paired, BES tokens shared through the
 * database, triggers answered while workers execute, nothing lost when a worker stops.
 *
 * Which worker ran what comes from the workers' own logs ("Worker started execution <id>") and
 * the main instance's ("Enqueued execution <id>"). The simulator runs in this process.
 */
const fs = require('node:fs');
const path = require('node:path');
const {
	E2E,
	Run,
	pairedIndex,
	requirePackageNodes,
	BITEL_HOOK_TOKEN,
	SETUP_TIMEOUT_MS,
	rt,
} = require('../../tools/harness');
const { startQueueCluster } = require('../../tools/queue-cluster/cluster');
const load = require('../../tools/load-driver');

jest.setTimeout(240000);
requirePackageNodes();

const QUEUE_LOAD_SIZES = load.scenarioSizes('N8N_BITEL_QUEUE_LOAD', {
	webhook: 300,
	bitel: 500,
	bes: 300,
});

const VOICE = '08e815cbcd724386805103ac0d45e4c2';
const BATCH_PATH = '/api/v2/voice/batch';
const TOKEN_PATH = '/apigovernance/api/oauth/tokenByAkSk';
const CREATE_PATH = '/apiaccess/rest/voiceNotification/v2/createVoiceNotification';
/**
 * How long the simulated provider takes to answer a batch in the scenarios that check how jobs
 * spread: a job then holds a worker slot long enough that a burst of more jobs than one worker's
 * concurrency (5) must reach both workers, instead of one fast worker taking them all in turn.
 */
const SLOW_PROVIDER_MS = 1500;

const WORKFLOWS = [
	'e2eBitelBatch001',
	'e2eBitelWaitFin1',
	'e2eBitelTrigger1',
	'e2eBesTokens0001',
	'e2eBesCreate0001',
	'e2eBesTrigger001',
	'e2eLoadWebhook1',
];

/** `count` distinct mobile numbers 0912xxxxxxx starting at `start` (scenarios use disjoint ranges). */
function numbers(count, start) {
	return Array.from({ length: count }, (_, i) => `0912${String(start + i).padStart(7, '0')}`);
}

/** Count of each value. */
function tally(values) {
	const m = new Map();
	for (const v of values) m.set(v, (m.get(v) || 0) + 1);
	return m;
}

describe('queue mode: main + 2 workers + Redis + PostgreSQL', () => {
	let sim;
	let DEFAULTS;
	let cluster;
	let e2e;
	const report = { timings: {}, scenarios: {} };

	beforeAll(async () => {
		const t0 = Date.now();
		const simulator = require('../../tools/simulator');
		DEFAULTS = simulator.DEFAULTS;
		// Bitel calls stay WAITING until a test settles them, so polling executions run as long as a
		// scenario needs them to.
		sim = await simulator.startSimulator({ port: 0, seed: 8, bitel: { finalAfterMs: Infinity } });
		cluster = await startQueueCluster({
			sim,
			DEFAULTS,
			workflows: WORKFLOWS,
			activate: [
				'e2eBitelTrigger1',
				'e2eBesTrigger001',
				...WORKFLOWS.filter((w) => !/Trigger/.test(w)),
			],
		});
		e2e = new E2E({
			sim,
			n8n: cluster.main,
			DEFAULTS,
			workflows: WORKFLOWS.map((id) => require('../../tools/harness').loadWorkflow(id)),
			timings: cluster.timings,
		});
		report.timings = { ...cluster.timings, setupTotal: Date.now() - t0 };
		report.installedPackages = cluster.installedPackages;
	}, SETUP_TIMEOUT_MS);

	afterAll(async () => {
		if (sim) sim.clearFaults();
		if (cluster && cluster.main && cluster.main.running) {
			// What main still counts as running when the test ends (it waits for them when it stops).
			const filter = encodeURIComponent(JSON.stringify({ status: ['running', 'new', 'waiting'] }));
			const open = await cluster.main
				.rest('GET', `/rest/executions?filter=${filter}`)
				.catch((e) => ({ body: String(e) }));
			report.openExecutionsAtEnd = open.body && open.body.data ? open.body.data : open.body;
		}
		if (cluster) {
			const t0 = Date.now();
			await cluster.close();
			report.timings.shutdown = Date.now() - t0;
		}
		if (sim) await sim.close();
		const file = path.join(rt.REPO_DIR, 'test-artifacts', 'scale-report.json');
		fs.mkdirSync(path.dirname(file), { recursive: true });
		fs.writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
		const secs = (ms) => `${(ms / 1000).toFixed(1)} s`;
		process.stderr.write(
			`\n[scale] timings: ${Object.entries(report.timings)
				.map(([k, v]) => `${k} ${secs(v)}`)
				.join(', ')}\n[scale] ${Object.entries(report.scenarios)
				.map(([k, v]) => `${k}: ${JSON.stringify(v)}`)
				.join('\n[scale] ')}\n[scale] report: ${path.relative(rt.REPO_DIR, file)}\n`,
		);
	});

	beforeEach(() => {
		sim.clearLog();
		sim.clearFaults();
	});

	/**
	 * Post one webhook per entry of `itemLists` to a workflow, all at once, and return the
	 * finished executions (decoded, oldest first) with the time it took.
	 */
	async function burst(workflowId, itemLists, { timeoutMs = 150000 } = {}) {
		const before = await e2e.executionIds(workflowId);
		const url = cluster.main.webhookUrl(e2e.webhookPath(workflowId));
		const t0 = Date.now();
		const responses = await Promise.all(
			itemLists.map((items) => rt.httpRequest('POST', url, { body: { items }, timeoutMs })),
		);
		const executions = await cluster.main.waitForExecutions(workflowId, {
			after: before,
			count: itemLists.length,
			timeoutMs,
		});
		return { responses, runs: executions.map((ex) => new Run(ex)), ms: Date.now() - t0 };
	}

	/** Every execution was put on the queue by main and started by exactly one worker; counts per worker. */
	function expectRanOnWorkers(runs) {
		const ids = runs.map((r) => String(r.execution.id));
		const enqueued = new Set(cluster.enqueuedIds());
		for (const id of ids) expect(enqueued.has(id)).toBe(true);
		const who = cluster.whoRan(ids);
		for (const id of ids) expect(who[id]).toHaveLength(1);
		return cluster.perWorker(ids);
	}

	/** Bitel batch input: 100 numbers as two items (an array of 60, a comma-separated text of 40). */
	function batchItems(hundred) {
		return [
			{ phoneNumbers: hundred.slice(0, 60), voiceId: VOICE },
			{ phoneNumbers: hundred.slice(60).join(', '), voiceId: VOICE },
		];
	}

	/**
	 * Check Bitel batch executions against their input and the simulator: each number dialled
	 * exactly once, one output item per number paired to the item it came from.
	 */
	function expectBatchesDialledOnce(runs, inputs) {
		const all = inputs.flat();
		for (const run of runs) {
			expect(run.status).toBe('success');
			const items = run.items('Bitel');
			expect(items).toHaveLength(100);
			const hundred = inputs.find((h) => h[0] === items[0].json.phoneNumber);
			expect(hundred).toBeDefined();
			items.forEach((item, k) => {
				expect(item.json.phoneNumber).toBe(hundred[k]);
				expect(pairedIndex(item)).toBe(k < 60 ? 0 : 1);
				expect(item.json.status).toBe('WAITING');
			});
		}
		const outIds = runs.flatMap((r) => r.json('Bitel').map((j) => j.id));
		expect(new Set(outIds).size).toBe(all.length);

		const reqs = sim.requests({ provider: 'bitel', method: 'POST', path: BATCH_PATH });
		for (const r of reqs) {
			expect(r.responseStatus).toBe(200);
			expect(r.body.phoneNumbers.length).toBeLessThanOrEqual(100);
			expect(r.headers.authorization).toBe(`Bearer ${DEFAULTS.bitel.token}`);
		}
		const dialled = tally(reqs.flatMap((r) => r.body.phoneNumbers));
		expect(dialled.size).toBe(all.length);
		expect([...dialled.values()].every((n) => n === 1)).toBe(true);
		expect([...dialled.keys()].sort()).toEqual([...all].sort());
		// The provider's own record: one call per number, the id the node returned.
		const calls = [...sim.bitel.calls.values()].filter((c) => dialled.has(c.phoneNumber));
		expect(calls).toHaveLength(all.length);
		expect(new Set(calls.map((c) => c.id))).toEqual(new Set(outIds));
	}

	test('Bitel: 1,000 numbers over 10 concurrent executions, each dialled once and paired, on both workers', async () => {
		const inputs = Array.from({ length: 10 }, (_, i) => numbers(100, 1000000 + i * 100));
		sim.injectFault({
			method: 'POST',
			path: BATCH_PATH,
			type: 'delay',
			delayMs: SLOW_PROVIDER_MS,
			times: Infinity,
		});
		const { runs, responses, ms } = await burst('e2eBitelBatch001', inputs.map(batchItems));
		expect(responses.map((r) => r.status)).toEqual(Array(10).fill(200));
		expect(runs).toHaveLength(10);
		expectBatchesDialledOnce(runs, inputs);
		// Same voice, ≤100 per request: one request per execution.
		expect(sim.requests({ provider: 'bitel', path: BATCH_PATH })).toHaveLength(10);
		const perWorker = expectRanOnWorkers(runs);
		expect(Object.values(perWorker).every((n) => n >= 1)).toBe(true);
		report.scenarios.bitelBatches = { executions: 10, numbers: 1000, perWorker, ms };
	});

	describe('BES tokens across workers', () => {
		const tokenRequests = () => sim.requests({ provider: 'bes', path: TOKEN_PATH });
		const creates = () => sim.requests({ provider: 'bes', path: CREATE_PATH });
		const calledItems = (start, n) =>
			Array.from({ length: n }, (_, i) => ({ called: `8888${start + i}` }));
		let minted;

		test('20 executions of 3 notifications: one token (two if both workers start cold at once), shared through the database', async () => {
			// Token requests and creates slowed a little, so both workers hold jobs at the same time.
			sim.injectFault({
				method: 'POST',
				path: CREATE_PATH,
				type: 'delay',
				delayMs: 300,
				times: Infinity,
			});
			const inputs = Array.from({ length: 20 }, (_, i) => calledItems(100000 + i * 10, 3));

			// Two executions on a credential without a stored token, at once: the cold start.
			const cold = await burst('e2eBesTokens0001', inputs.slice(0, 2));
			const coldTokens = tokenRequests().length;
			const coldWorkers = expectRanOnWorkers(cold.runs);
			// Then 18 at once: every worker reads the stored token from the database.
			sim.clearLog();
			const warm = await burst('e2eBesTokens0001', inputs.slice(2));
			const warmTokens = tokenRequests().length;
			const runs = [...cold.runs, ...warm.runs];

			for (const run of runs) {
				expect(run.status).toBe('success');
				const out = run.items('BES');
				expect(out).toHaveLength(3);
				const input = inputs.find((list) => list[0].called === out[0].json.called);
				out.forEach((item, k) => {
					expect(pairedIndex(item)).toBe(k);
					expect(item.json.called).toBe(input[k].called);
					expect(item.json.callSerialNo).toMatch(/^\d+$/);
				});
			}
			const serials = runs.flatMap((r) => r.json('BES').map((j) => j.callSerialNo));
			expect(new Set(serials).size).toBe(60);

			expect(coldTokens).toBeGreaterThanOrEqual(1);
			expect(coldTokens).toBeLessThanOrEqual(2);
			expect(warmTokens).toBe(0);
			const warmCreates = creates();
			expect(warmCreates).toHaveLength(54);
			expect(warmCreates.every((r) => r.responseStatus === 200)).toBe(true);
			// One token, minted by the cold start and read back from the database by both workers.
			const used = new Set(warmCreates.map((r) => r.headers.authorization));
			expect(used.size).toBe(1);
			minted = [...used][0].replace(/^Bearer /, '');
			expect(sim.bes.tokens.has(minted)).toBe(true);
			const placed = tally([...sim.bes.notifications.values()].map((n) => n.called));
			for (const list of inputs) for (const { called } of list) expect(placed.get(called)).toBe(1);

			const perWorker = expectRanOnWorkers(runs);
			expect(Object.values(perWorker).every((n) => n >= 1)).toBe(true);
			report.scenarios.besTokens = {
				executions: 20,
				notifications: 60,
				tokenRequestsColdPairOfExecutions: coldTokens,
				coldPairWorkers: coldWorkers,
				tokenRequestsNext18Executions: warmTokens,
				perWorker,
				ms: cold.ms + warm.ms,
			};
		});

		test('an expired token hit by 6 executions at once: each refreshes on its own, every notification placed exactly once', async () => {
			sim.injectFault({
				method: 'POST',
				path: CREATE_PATH,
				type: 'delay',
				delayMs: 300,
				times: Infinity,
			});
			sim.bes.expireTokens();
			const inputs = Array.from({ length: 6 }, (_, i) => calledItems(200000 + i * 10, 2));
			const { runs, ms } = await burst('e2eBesTokens0001', inputs);
			for (const run of runs) {
				expect(run.status).toBe('success');
				expect(run.items('BES')).toHaveLength(2);
			}
			const refreshes = tokenRequests().length;
			// n8n refreshes per request that got 401, with no lock across executions (or processes).
			expect(refreshes).toBeGreaterThanOrEqual(1);
			expect(refreshes).toBeLessThanOrEqual(6);
			const all = creates();
			const accepted = tally(all.filter((r) => r.responseStatus === 200).map((r) => r.body.called));
			const rejected = tally(all.filter((r) => r.responseStatus === 401).map((r) => r.body.called));
			for (const list of inputs)
				for (const { called } of list) {
					expect(accepted.get(called)).toBe(1);
					expect(rejected.get(called) || 0).toBeLessThanOrEqual(1);
				}
			expect(all.every((r) => [200, 401].includes(r.responseStatus))).toBe(true);
			// A 401 placed nothing, so sending that request again once is safe: one call per number.
			const placed = tally([...sim.bes.notifications.values()].map((n) => n.called));
			for (const list of inputs) for (const { called } of list) expect(placed.get(called)).toBe(1);

			// Afterwards the stored token serves everyone again: no further token request.
			sim.clearLog();
			const after = await burst('e2eBesTokens0001', [
				calledItems(200100, 2),
				calledItems(200110, 2),
			]);
			expect(after.runs.every((r) => r.status === 'success')).toBe(true);
			expect(tokenRequests()).toHaveLength(0);
			report.scenarios.besExpiredToken = {
				executions: 6,
				tokenRequests: refreshes,
				rejectedFirstAttempts: [...rejected.values()].reduce((a, b) => a + b, 0),
				tokenBefore: minted ? 'expired at the simulator' : 'none',
				perWorker: expectRanOnWorkers(runs),
				ms,
			};
		});
	});

	test('Wait for Final Status polling on workers while both triggers receive callbacks through main', async () => {
		// Calls left over from earlier tests end first, with no webhook URL set, so they post nothing.
		sim.bitel.setWebhookUrl(null);
		await sim.bitel.settleAll();
		await sim.bes.settleAll();
		sim.clearLog();
		const bitelHook = `${e2e.triggerUrl('e2eBitelTrigger1', 'n8n-nodes-bitel.bitelTrigger')}?token=${BITEL_HOOK_TOKEN}`;
		const besHook = e2e.triggerUrl('e2eBesTrigger001', 'n8n-nodes-bitel.besTrigger');
		const bitelBefore = await e2e.executionIds('e2eBitelTrigger1');
		const besBefore = await e2e.executionIds('e2eBesTrigger001');
		sim.bitel.setWebhookUrl(bitelHook);
		try {
			const t0 = Date.now();
			// 4 executions × 2 Bitel calls that poll every second until final (the simulator keeps
			// Bitel calls WAITING until settleAll), on 4 of the 10 worker slots …
			const waitInputs = Array.from({ length: 4 }, (_, i) => [
				{ phoneNumber: `0912${String(3000000 + i * 10 + 1).padStart(7, '0')}` },
				{ phoneNumber: `0912${String(3000000 + i * 10 + 8).padStart(7, '0')}` },
			]);
			let waitsDone = false;
			const waiting = burst('e2eBitelWaitFin1', waitInputs).then((r) => {
				waitsDone = true;
				return r;
			});
			// … while 4 executions × 2 BES notifications run, whose signed release events BES posts
			// 1.5 s later to the BES Trigger's URL on main, which queues them for the workers.
			const besInputs = Array.from({ length: 4 }, (_, i) => [
				{ called: `88883${String(i * 10 + 1).padStart(4, '0')}`, callBackUrl: besHook },
				{ called: `88883${String(i * 10 + 7).padStart(4, '0')}`, callBackUrl: besHook },
			]);
			const bes = await burst('e2eBesCreate0001', besInputs);
			const besTriggers = (
				await cluster.main.waitForExecutions('e2eBesTrigger001', {
					after: besBefore,
					count: 8,
					timeoutMs: 60000,
				})
			).map((ex) => new Run(ex));
			// Every BES Trigger execution finished while the polling executions were still running.
			expect(waitsDone).toBe(false);
			const running = (await cluster.main.listExecutions('e2eBitelWaitFin1', { limit: 20 })).filter(
				(e) => e.status === 'running',
			);
			expect(running).toHaveLength(4);

			// Now the Bitel calls end: Bitel posts a webhook per call to the Bitel Trigger on main,
			// and the polling executions see the final status on their next poll.
			const settled = await sim.bitel.settleAll();
			expect(settled).toHaveLength(8);
			const waits = await waiting;
			const bitelTriggers = (
				await cluster.main.waitForExecutions('e2eBitelTrigger1', {
					after: bitelBefore,
					count: 8,
					timeoutMs: 60000,
				})
			).map((ex) => new Run(ex));
			await sim.waitForOutbound(16, { timeoutMs: 30000 });
			const ms = Date.now() - t0;

			// Get Status waited on the workers until each call was final, as the provider has it.
			const placedIds = [];
			for (const run of waits.runs) {
				expect(run.status).toBe('success');
				const out = run.items('Wait for Status');
				expect(out).toHaveLength(2);
				expect(out.map(pairedIndex)).toEqual([0, 1]);
				for (const { json } of out) {
					const call = sim.bitel.calls.get(json.id);
					expect(json.final).toBe(true);
					expect(json.status).toBe(call.status);
					expect(json.answered).toBe(call.status === 'NORMAL');
					placedIds.push(json.id);
				}
			}
			expect(new Set(placedIds).size).toBe(8);
			const statusPolls = sim.requests({
				provider: 'bitel',
				method: 'GET',
				path: /^\/api\/v2\/voice\/status\//,
			});
			// Each call was polled while WAITING at least once, then seen final.
			expect(statusPolls.length).toBeGreaterThanOrEqual(16);

			// Bitel Trigger: one execution per call, each with its call's outcome.
			const hooks = sim.outbound.filter((o) => o.provider === 'bitel');
			expect(hooks).toHaveLength(8);
			expect(hooks.every((o) => o.status === 200)).toBe(true);
			const fromTrigger = bitelTriggers.map((r) => {
				expect(r.status).toBe('success');
				return r.json('Bitel Trigger')[0];
			});
			expect(fromTrigger.map((j) => j.requestId).sort()).toEqual([...placedIds].sort());
			for (const j of fromTrigger) {
				const call = sim.bitel.calls.get(j.requestId);
				expect(j.status).toBe(call.status);
				expect(j.event).toBe(call.status === 'NORMAL' ? 'callAnswered' : 'callNotAnswered');
			}

			// BES Trigger: every signed callback answered as BES requires, one execution each.
			const serials = bes.runs.flatMap((r) => {
				expect(r.status).toBe('success');
				return r.json('BES').map((j) => j.callSerialNo);
			});
			expect(new Set(serials).size).toBe(8);
			const callbacks = sim.outbound.filter((o) => o.provider === 'bes');
			expect(callbacks).toHaveLength(8);
			for (const o of callbacks) {
				expect(o.status).toBe(200);
				expect(JSON.parse(o.responseBody)).toEqual({ retCode: '0', retMsg: 'success' });
			}
			const releases = besTriggers.map((r) => {
				expect(r.status).toBe('success');
				return r.json('BES Trigger')[0];
			});
			expect(releases.map((j) => j.callSerialNo).sort()).toEqual([...serials].sort());
			for (const j of releases) expect(j.answered).toBe(['0', '1'].includes(j.releaseReason));

			// Every execution, the triggers' included, ran on a worker.
			report.scenarios.waitAndTriggers = {
				waitForFinalExecutions: 4,
				statusPolls: statusPolls.length,
				besCreateExecutions: 4,
				besTriggerExecutionsWhilePolling: besTriggers.length,
				bitelTriggerExecutions: bitelTriggers.length,
				waitPerWorker: expectRanOnWorkers(waits.runs),
				besCreatePerWorker: expectRanOnWorkers(bes.runs),
				triggerPerWorker: expectRanOnWorkers([...bitelTriggers, ...besTriggers]),
				ms,
			};
		} finally {
			sim.bitel.setWebhookUrl(null);
		}
	});

	test('a worker stopped (SIGTERM) and started again between executions: nothing lost, nothing doubled', async () => {
		const [, worker2] = cluster.workers;
		const inputs = Array.from({ length: 13 }, (_, i) => numbers(100, 4000000 + i * 100));

		const stopped = await worker2.stop();
		// A graceful stop: n8n's worker exits on its own after SIGTERM.
		expect(stopped.result).toMatchObject({ code: 0 });
		const whileDown = await burst('e2eBitelBatch001', inputs.slice(0, 3).map(batchItems));
		const downPerWorker = expectRanOnWorkers(whileDown.runs);
		expect(downPerWorker[worker2.name]).toBe(0);

		const restart0 = Date.now();
		await worker2.start();
		const restartMs = Date.now() - restart0;
		sim.injectFault({
			method: 'POST',
			path: BATCH_PATH,
			type: 'delay',
			delayMs: SLOW_PROVIDER_MS,
			times: Infinity,
		});
		const afterRestart = await burst('e2eBitelBatch001', inputs.slice(3).map(batchItems));
		const upPerWorker = expectRanOnWorkers(afterRestart.runs);
		expect(upPerWorker[worker2.name]).toBeGreaterThanOrEqual(1);

		const runs = [...whileDown.runs, ...afterRestart.runs];
		expect(runs).toHaveLength(13);
		expectBatchesDialledOnce(runs, inputs);
		report.scenarios.workerRestart = {
			stopMs: stopped.ms,
			restartMs,
			executionsWhileDown: 3,
			downPerWorker,
			executionsAfterRestart: 10,
			upPerWorker,
			ms: whileDown.ms + afterRestart.ms,
		};
	});

	/**
	 * The load of test/load/ at a higher rate (40 in flight): main takes the posts and queues
	 * them, the two workers run them. Same invariants; figures (with CPU of main + workers) in
	 * the output and test-artifacts/load/triggers-queue.json. Fewer posts than test/load/ (the
	 * rate, not the size, is what queue mode adds); N8N_BITEL_QUEUE_LOAD_WEBHOOK / _BITEL / _BES
	 * change them (`npm run test:load:full`: 2,000 / 2,000 / 1,000).
	 */
	test(
		`load: ${QUEUE_LOAD_SIZES.bitelCount} Bitel webhooks and ${QUEUE_LOAD_SIZES.besCount} signed BES callbacks, 40 in flight, nothing lost or doubled`,
		async () => {
			const concurrency = 40;
			// Main is an `n8n start` (proc), the workers run through services.startProcess (process).
			const pgids = [cluster.main.proc.pid, ...cluster.workers.map((w) => w.process.pid)];
			const scenarios = load.triggerScenarios(e2e, {
				prefix: 'queue',
				...QUEUE_LOAD_SIZES,
				token: BITEL_HOOK_TOKEN,
			});
			const figures = {};
			const outcomes = [];
			try {
				for (const scenario of scenarios) {
					const outcome = await load.runScenario({
						...scenario,
						n8n: cluster.main,
						concurrency,
						pgids,
					});
					figures[scenario.key] = outcome.figures;
					outcomes.push([scenario, outcome]);
				}
			} finally {
				report.scenarios.load = figures;
				load.writeArtifact('triggers-queue', {
					n8n: rt.N8N_VERSION,
					mode: 'queue',
					database: 'postgresdb',
					workers: cluster.workers.length,
					scenarios: figures,
				});
			}
			for (const [scenario, outcome] of outcomes) load.expectNothingLost(scenario, outcome);
		},
		30 * 60 * 1000,
	);
});
