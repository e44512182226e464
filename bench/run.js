#!/usr/bin/env node
'use strict';
/**
 * `npm run bench`: our nodes in a real n8n against what a user would build with n8n's own
 * nodes, and against the floor, on the simulator with a fixed per-request latency.
 * Not part of `npm test`: speed is measured here, never in timed tests.
 *
 * One n8n 2.41.1 (scripts/n8n-runtime.js) with the packed package installed as a community
 * package, one simulator in this process. Every figure is the median of BENCH_RUNS runs.
 * Wall times come from n8n's run data (the node under test's executionTime, or for a loop
 * the span of its nodes); requests are counted in the simulator's log.
 *
 * Writes bench/results/bench.json (every figure), bench.png (the chart) and bench.md (the
 * tables), and prints the tables.
 * Configuration: environment variables or flags (--runs=3, --n=1000,10000, --quick, …);
 * `node bench/run.js --help` lists them.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const rt = require('../tools/n8n-runtime');
const { startSimulator, DEFAULTS } = require('../tools/simulator');
const wf = require('./workflows');
const m = require('./measure');
const { renderChart } = require('./chart');

const HOUR_MS = 3600 * 1000;
const MAX_NUMBERS_PER_REQUEST = 100; // Bitel's batch limit

// ------------------------------------------------------------------------------ config

const OPTIONS = {
	runs: { env: 'BENCH_RUNS', full: 3, quick: 1, help: 'runs per figure (the median is reported)' },
	n: {
		env: 'BENCH_N',
		full: '1000,10000',
		quick: '200,1000',
		help: 'batch sizes N, comma-separated',
	},
	latency: {
		env: 'BENCH_LATENCY_MS',
		full: 50,
		quick: 50,
		help: 'simulator latency per request, ms',
	},
	statusCalls: {
		env: 'BENCH_STATUS_CALLS',
		full: 1000,
		quick: 100,
		help: 'calls whose status is awaited',
	},
	finalAfter: {
		env: 'BENCH_FINAL_AFTER_MS',
		full: 5000,
		quick: 3000,
		help: 'ms after creation a call turns final',
	},
	poll: {
		env: 'BENCH_POLL_SECONDS',
		full: 1,
		quick: 1,
		help: 'poll interval of both status workflows, s',
	},
	besNotifications: {
		env: 'BENCH_BES_NOTIFICATIONS',
		full: 1000,
		quick: 100,
		help: 'BES notifications',
	},
	besExecutions: {
		env: 'BENCH_BES_EXECUTIONS',
		full: 10,
		quick: 5,
		help: 'executions they are spread over',
	},
	overheadN: {
		env: 'BENCH_OVERHEAD_N',
		full: 1000,
		quick: 200,
		help: 'requests of the zero-latency overhead test',
	},
	httpBatchSize: {
		env: 'BENCH_HTTP_BATCH_SIZE',
		full: 100,
		quick: 100,
		help: 'HTTP Request batching: items per batch',
	},
	httpBatchInterval: {
		env: 'BENCH_HTTP_BATCH_INTERVAL_MS',
		full: 1000,
		quick: 1000,
		help: 'HTTP Request batching: interval, ms',
	},
	startRuns: {
		env: 'BENCH_START_RUNS',
		full: 5,
		quick: 1,
		help: 'n8n starts with and without the package',
	},
	only: {
		env: 'BENCH_ONLY',
		full: 'batch,status,bes,overhead,package',
		quick: 'batch,status,bes,overhead,package',
		help: 'scenarios to run',
	},
	out: {
		env: 'BENCH_OUT',
		full: 'bench/results',
		quick: 'bench/results-quick',
		help: 'output folder',
	},
};

function readConfig(argv) {
	const flags = {};
	for (const arg of argv) {
		const [key, value] = arg.replace(/^--/, '').split(/=(.*)/s);
		flags[key] = value === undefined ? 'true' : value;
	}
	if (flags.help) {
		console.log(
			'node bench/run.js [--quick] [--<option>=<value> …]   (or the environment variables)',
		);
		for (const [key, o] of Object.entries(OPTIONS))
			console.log(
				`  --${key.padEnd(18)} ${o.env.padEnd(30)} ${o.help} (default ${o.full}; quick ${o.quick})`,
			);
		process.exit(0);
	}
	const quick = flags.quick === 'true' || process.env.BENCH_QUICK === '1';
	const config = { quick };
	for (const [key, o] of Object.entries(OPTIONS)) {
		const raw = flags[key] ?? process.env[o.env] ?? (quick ? o.quick : o.full);
		config[key] = typeof o.full === 'number' ? Number(raw) : String(raw);
		if (typeof o.full === 'number' && !(config[key] >= 0))
			throw new Error(`--${key} / ${o.env} must be a number >= 0, got ${JSON.stringify(raw)}`);
	}
	config.n = config.n.split(',').map(Number);
	config.only = new Set(config.only.split(','));
	config.out = path.resolve(rt.REPO_DIR, config.out);
	return config;
}

// ------------------------------------------------------------------------------ inputs

/** N distinct national mobile numbers. */
const phones = (count, prefix = '0912') =>
	Array.from({ length: count }, (_, i) => `${prefix}${String(i).padStart(7, '0')}`);

const log = (...args) => process.stderr.write(`[bench] ${args.join(' ')}\n`);
const secs = (ms) => `${(ms / 1000).toFixed(2)} s`;

/** Whether an output item carries a Bitel call id: ours bare, HTTP Request's in Bitel's envelope. */
const hasCallId = (item) =>
	Boolean(item.json && (item.json.id || (item.json.result && item.json.result.id)));

/** A figure measured in several runs: the runs and their median. */
function figure(runs) {
	return { median: m.median(runs), runs };
}

/** Empties the simulator's log and stored calls/notifications, so every run starts alike. */
function resetSimulator(sim) {
	sim.clearLog();
	Map.prototype.clear.call(sim.bitel.calls);
	Map.prototype.clear.call(sim.bes.notifications);
}

/** Creates `count` Bitel calls directly at the simulator (as a batch call would); their ids. */
async function createCalls(sim, count) {
	const ids = [];
	const numbers = phones(count, '0935');
	for (let start = 0; start < count; start += MAX_NUMBERS_PER_REQUEST) {
		const res = await rt.httpRequest('POST', `${sim.url}/api/v2/voice/batch`, {
			headers: { authorization: `Bearer ${DEFAULTS.bitel.token}` },
			body: {
				voiceId: wf.VOICE_ID,
				phoneNumbers: numbers.slice(start, start + MAX_NUMBERS_PER_REQUEST),
			},
		});
		if (res.status !== 200) throw new Error(`creating calls: HTTP ${res.status} ${res.text}`);
		ids.push(...JSON.parse(res.text).result.map((record) => record.id));
	}
	return ids;
}

// ------------------------------------------------------------------------------ scenarios

/** 1. Batch call: our batch operation, HTTP Request per item (default, batching), the floor. */
async function benchBatch(ctx) {
	const { n8n, sim, config } = ctx;
	const results = {};
	const variants = {
		ours: {
			workflowId: 'benchBitelBatch1',
			path: 'bench-bitel-batch',
			node: wf.NODE.bitel,
			endpoint: '/api/v2/voice/batch',
		},
		httpDefault: {
			workflowId: 'benchHttpSingle1',
			path: 'bench-http-single',
			node: wf.NODE.http,
			endpoint: '/api/v2/voice/single',
		},
		httpBatching: {
			workflowId: 'benchHttpBatchd1',
			path: 'bench-http-batched',
			node: wf.NODE.http,
			endpoint: '/api/v2/voice/single',
		},
		expressionFloor: {
			workflowId: 'benchExprFloor01',
			path: 'bench-expr-floor',
			node: wf.NODE.set,
		},
	};
	for (const n of config.n) {
		const items = phones(n).map((phone) => ({ phone }));
		const runs = Object.fromEntries(
			Object.keys(variants).map((k) => [
				k,
				{ requests: [], ms: [], executionMs: [], firstRequestMs: [], sendingMs: [] },
			]),
		);
		for (let run = 0; run < config.runs; run++) {
			for (const [name, v] of Object.entries(variants)) {
				resetSimulator(sim);
				const r = await m.runWorkflow(n8n, { workflowId: v.workflowId, path: v.path, items });
				const out = m.outputItems(r.execution, v.node);
				const span = m.nodeSpan(r.execution, [v.node]);
				runs[name].ms.push(span.ms);
				runs[name].executionMs.push(r.executionMs);
				if (!v.endpoint) {
					if (out.length !== n)
						throw new Error(`batch ${name} N=${n}: ${out.length} items (want ${n})`);
					log(`batch N=${n} ${name} run ${run + 1}: node ${secs(span.ms)}`);
					continue;
				}
				const requests = sim.requests({ provider: 'bitel', path: v.endpoint });
				const numbers = requests.reduce(
					(sum, req) =>
						sum + (Array.isArray(req.body.phoneNumbers) ? req.body.phoneNumbers.length : 1),
					0,
				);
				if (out.length !== n || numbers !== n || !out.every(hasCallId))
					throw new Error(
						`batch ${name} N=${n}: ${out.length} items, ${numbers} numbers sent (want ${n})`,
					);
				// Where the node's time went: reading its parameters until the first request, then sending.
				const nodeStart = r.execution.data.resultData.runData[v.node][0].startTime;
				runs[name].requests.push(requests.length);
				runs[name].firstRequestMs.push(requests[0].time - nodeStart);
				runs[name].sendingMs.push(nodeStart + span.ms - requests[0].time);
				log(
					`batch N=${n} ${name} run ${run + 1}: ${requests.length} requests, node ${secs(span.ms)} (first request after ${secs(requests[0].time - nodeStart)})`,
				);
			}
		}
		results[n] = {
			floorRequests: Math.ceil(n / MAX_NUMBERS_PER_REQUEST),
			...Object.fromEntries(
				Object.entries(runs).map(([k, r]) => [
					k,
					{
						...(variants[k].endpoint ? { requests: figure(r.requests) } : {}),
						ms: figure(r.ms),
						executionMs: figure(r.executionMs),
						...(variants[k].endpoint
							? { firstRequestMs: figure(r.firstRequestMs), sendingMs: figure(r.sendingMs) }
							: {}),
					},
				]),
			),
		};
	}
	return results;
}

/** 2. Wait for the final status of many calls: ours against the Loop Over Items workflow. */
async function benchStatus(ctx) {
	const { n8n, sim, config } = ctx;
	const variants = {
		ours: {
			workflowId: 'benchBitelStatus',
			path: 'bench-bitel-status',
			nodes: [wf.NODE.bitel],
			out: [wf.NODE.bitel, 0],
		},
		loop: {
			workflowId: 'benchLoopStatus1',
			path: 'bench-loop-status',
			nodes: [wf.NODE.loop, wf.NODE.http, wf.NODE.final, wf.NODE.wait],
			out: [wf.NODE.loop, 0],
		},
	};
	const runs = Object.fromEntries(
		Object.keys(variants).map((k) => [k, { requests: [], ms: [], executionMs: [], lagMs: [] }]),
	);
	sim.bitel.options.finalAfterMs = config.finalAfter;
	try {
		for (let run = 0; run < config.runs; run++) {
			for (const [name, v] of Object.entries(variants)) {
				resetSimulator(sim);
				const ids = await createCalls(sim, config.statusCalls);
				const createdAt = Date.now();
				sim.clearLog();
				const r = await m.runWorkflow(n8n, {
					workflowId: v.workflowId,
					path: v.path,
					items: ids.map((id) => ({ id })),
				});
				const out = m.outputItems(r.execution, ...v.out);
				const finals = out.filter(
					(item) => item.json.status && item.json.status !== 'WAITING',
				).length;
				if (out.length !== ids.length || finals !== ids.length)
					throw new Error(
						`status ${name}: ${out.length} items, ${finals} final (want ${ids.length})`,
					);
				const span = m.nodeSpan(r.execution, v.nodes);
				const requests = sim.requests({
					provider: 'bitel',
					path: /^\/api\/v2\/voice\/status\//,
				}).length;
				runs[name].requests.push(requests);
				runs[name].ms.push(span.ms);
				runs[name].executionMs.push(r.executionMs);
				// How late after the calls were created the workflow started: part of the floor's wait had passed.
				runs[name].lagMs.push(new Date(r.execution.startedAt).getTime() - createdAt);
				log(
					`status ${name} run ${run + 1}: ${requests} requests, nodes ${secs(span.ms)} (${span.runs} node runs)`,
				);
			}
		}
	} finally {
		sim.bitel.options.finalAfterMs = HOUR_MS;
	}
	return {
		calls: config.statusCalls,
		finalAfterMs: config.finalAfter,
		pollSeconds: config.poll,
		floorRequests: config.statusCalls,
		floorMs: config.finalAfter,
		...Object.fromEntries(
			Object.entries(runs).map(([k, r]) => [
				k,
				{
					requests: figure(r.requests),
					ms: figure(r.ms),
					executionMs: figure(r.executionMs),
					startLagMs: figure(r.lagMs),
				},
			]),
		),
	};
}

/** 3. BES: token requests and time for notifications in one and in several executions. */
async function benchBes(ctx) {
	const { n8n, sim, config } = ctx;
	const total = config.besNotifications;
	const perExecution = Math.ceil(total / config.besExecutions);
	const tokenPath = '/apigovernance/api/oauth/tokenByAkSk';
	const createPath = '/apiaccess/rest/voiceNotification/v2/createVoiceNotification';
	const scenarios = { oneExecution: 1, manyExecutions: config.besExecutions };
	const runs = Object.fromEntries(
		Object.keys(scenarios).map((k) => [k, { tokens: [], ms: [], outsideMs: [] }]),
	);
	let credential = 0; // a fresh credential (no stored token) for every measured scenario
	for (let run = 0; run < config.runs; run++) {
		for (const [name, executions] of Object.entries(scenarios)) {
			const index = credential++;
			resetSimulator(sim);
			const called = Array.from({ length: total }, (_, i) => ({
				called: `8888${String(i).padStart(4, '0')}`,
			}));
			const size = executions === 1 ? total : perExecution;
			let ms = 0;
			const started = Date.now();
			for (let e = 0; e * size < total; e++) {
				const items = called.slice(e * size, (e + 1) * size);
				const r = await m.runWorkflow(n8n, {
					workflowId: wf.besWorkflowId(index),
					path: `bench-bes-${index}`,
					items,
				});
				const out = m.outputItems(r.execution, wf.NODE.bes);
				if (out.length !== items.length || !out.every((item) => item.json.callSerialNo))
					throw new Error(`BES ${name}: ${out.length} notifications (want ${items.length})`);
				ms += m.nodeSpan(r.execution, [wf.NODE.bes]).ms;
			}
			const tokens = sim.requests({ provider: 'bes', path: tokenPath }).length;
			const creates = sim.requests({ provider: 'bes', path: createPath }).length;
			if (creates !== total)
				throw new Error(`BES ${name}: ${creates} create requests (want ${total})`);
			runs[name].tokens.push(tokens);
			runs[name].ms.push(ms);
			runs[name].outsideMs.push(Date.now() - started);
			log(`BES ${name} run ${run + 1}: ${tokens} token request(s), BES node ${secs(ms)} in all`);
		}
	}
	return {
		notifications: total,
		executions: config.besExecutions,
		floorTokenRequests: 1,
		...Object.fromEntries(
			Object.entries(runs).map(([k, r]) => [
				k,
				{ tokenRequests: figure(r.tokens), ms: figure(r.ms), outsideMs: figure(r.outsideMs) },
			]),
		),
	};
}

/** 4. Node overhead: the same N requests to a zero-latency simulator, ours against HTTP Request. */
async function benchOverhead(ctx) {
	const { n8n, sim, config } = ctx;
	const n = config.overheadN;
	const items = phones(n, '0919').map((phone) => ({ phone }));
	const variants = {
		ours: { workflowId: 'benchBitelSingl1', path: 'bench-bitel-single', node: wf.NODE.bitel },
		http: { workflowId: 'benchHttpSingle1', path: 'bench-http-single', node: wf.NODE.http },
	};
	const runs = Object.fromEntries(Object.keys(variants).map((k) => [k, { ms: [], cpu: [] }]));
	const latency = sim.latencyMs;
	sim.latencyMs = 0;
	try {
		// One unmeasured run each: n8n and V8 warm up (JIT, first-use allocations) before anything counts.
		for (const v of Object.values(variants))
			await m.runWorkflow(n8n, { ...v, items: items.slice(0, 50) });
		for (let run = 0; run < config.runs; run++) {
			for (const [name, v] of Object.entries(variants)) {
				resetSimulator(sim);
				const r = await m.runWorkflow(n8n, { ...v, items });
				const requests = sim.requests({ provider: 'bitel', path: '/api/v2/voice/single' }).length;
				const out = m.outputItems(r.execution, v.node);
				if (requests !== n || out.length !== n)
					throw new Error(
						`overhead ${name}: ${requests} requests, ${out.length} items (want ${n})`,
					);
				const span = m.nodeSpan(r.execution, [v.node]);
				runs[name].ms.push(span.ms);
				runs[name].cpu.push(r.cpuMs);
				log(`overhead ${name} run ${run + 1}: node ${secs(span.ms)}, n8n CPU ${secs(r.cpuMs)}`);
			}
		}
	} finally {
		sim.latencyMs = latency;
	}
	return {
		requests: n,
		...Object.fromEntries(
			Object.entries(runs).map(([k, r]) => [k, { ms: figure(r.ms), cpuMs: figure(r.cpu) }]),
		),
	};
}

/**
 * 4b. Peak memory of the same comparison: each variant in a fresh `n8n execute` process
 * (n8n start stopped), minus a baseline that only produces the N items. A long-lived n8n
 * keeps the heap it grew once, so its peak RSS says little about a single execution.
 */
async function benchMemory(ctx) {
	const { n8n, sim, config } = ctx;
	const n = config.overheadN;
	const variants = {
		baseline: 'benchMemBase0001',
		ours: 'benchMemOurs0001',
		http: 'benchMemHttp0001',
	};
	const peaks = { baseline: [], ours: [], http: [] };
	const latency = sim.latencyMs;
	sim.latencyMs = 0;
	await n8n.stop();
	try {
		for (let run = 0; run < config.runs; run++) {
			for (const [name, id] of Object.entries(variants)) {
				resetSimulator(sim);
				const r = await m.executeWithPeak(n8n, id);
				const requests = sim.requests({ provider: 'bitel', path: '/api/v2/voice/single' }).length;
				if (requests !== (name === 'baseline' ? 0 : n))
					throw new Error(
						`memory ${name}: ${requests} requests (want ${name === 'baseline' ? 0 : n})`,
					);
				peaks[name].push(r.peak);
				log(`memory ${name} run ${run + 1}: peak RSS ${(r.peak / 2 ** 20).toFixed(1)} MiB`);
			}
		}
	} finally {
		sim.latencyMs = latency;
	}
	const base = m.median(peaks.baseline);
	return {
		requests: n,
		peakRssBytes: Object.fromEntries(Object.entries(peaks).map(([k, v]) => [k, figure(v)])),
		aboveBaselineBytes: { ours: m.median(peaks.ours) - base, http: m.median(peaks.http) - base },
	};
}

/** 5. The package: tarball, dist/, and how long n8n takes to load it. */
async function benchPackage(ctx) {
	const { runtime, tgz, n8n, config } = ctx;
	const listing = await rt.run('tar', ['-tzvf', tgz]);
	let distBytes = 0;
	let distFiles = 0;
	for (const line of listing.stdout.split('\n')) {
		const match = /^\S+\s+\S+\s+(\d+)\s+\S+\s+\S+\s+(\S+)$/.exec(line.trim());
		if (match && match[2].startsWith('package/dist/')) {
			distBytes += Number(match[1]);
			distFiles++;
		}
	}

	// Loading our files as n8n does (require every declared node and credential, construct
	// each class), in a fresh Node 24 per run, with n8n-workflow already loaded as in n8n.
	const installed = path.join(n8n.userFolder, '.n8n', 'nodes', 'node_modules', 'n8n-nodes-bitel');
	const probe = `
		const { performance } = require('node:perf_hooks');
		require('n8n-workflow');
		const pkg = require(${JSON.stringify(path.join(installed, 'package.json'))});
		const t0 = performance.now();
		for (const file of [...pkg.n8n.nodes, ...pkg.n8n.credentials]) {
			const mod = require(require('node:path').join(${JSON.stringify(installed)}, file));
			for (const Class of Object.values(mod)) if (typeof Class === 'function') new Class();
		}
		console.log(JSON.stringify({ ms: performance.now() - t0 }));`;
	const requireMs = [];
	for (let run = 0; run < Math.max(3, config.startRuns); run++) {
		const r = await rt.run(runtime.nodeBin, ['-e', probe], {
			cwd: installed, // so n8n-workflow resolves to n8n's own copy (NODE_PATH), as our files see it
			env: { ...process.env, NODE_PATH: path.join(runtime.n8nDir, 'node_modules') },
		});
		if (r.code !== 0) throw new Error(`loading the package failed: ${r.stderr}`);
		requireMs.push(JSON.parse(r.stdout.trim().split('\n').pop()).ms);
	}

	// n8n start → ready (/healthz/readiness, polled every 20 ms) in two fresh user folders that
	// differ only in the package: no workflows, no credentials, no execution history.
	await n8n.stop();
	const instances = {
		withPackage: await rt.createInstance({ runtime, tgz, name: 'bench-with-package' }),
		withoutPackage: await rt.createInstance({ runtime, name: 'bench-without-package' }),
	};
	const startMs = { withPackage: [], withoutPackage: [] };
	try {
		for (const instance of Object.values(instances)) {
			await instance.start(); // first start: database migrations, not counted
			await instance.stop();
		}
		for (let run = 0; run < config.startRuns; run++) {
			for (const [name, instance] of Object.entries(instances)) {
				await instance.start({ readyPollMs: 20 });
				startMs[name].push(instance.startMs);
				await instance.stop();
				log(`start ${name} run ${run + 1}: ready in ${secs(instance.startMs)}`);
			}
		}
	} finally {
		for (const instance of Object.values(instances)) await instance.dispose();
	}
	const withMedian = m.median(startMs.withPackage);
	const withoutMedian = m.median(startMs.withoutPackage);
	return {
		tarballBytes: fs.statSync(tgz).size,
		distBytes,
		distFiles,
		requireMs: figure(requireMs),
		startMs: {
			withPackage: figure(startMs.withPackage),
			withoutPackage: figure(startMs.withoutPackage),
		},
		loadMs: withMedian - withoutMedian,
	};
}

function memoryWorkflows(simUrl, n) {
	const items = phones(n, '0919').map((phone) => ({ phone }));
	return [
		wf.memoryWorkflow('benchMemBase0001', items),
		wf.memoryWorkflow('benchMemOurs0001', items, wf.nodeOf(wf.bitelSingle())),
		wf.memoryWorkflow(
			'benchMemHttp0001',
			items,
			wf.nodeOf(wf.httpSingle(simUrl, { id: 'x', path: 'x' })),
		),
	];
}

// ------------------------------------------------------------------------------ report

/** The ratio rows of the table and the chart. */
function ratioRows(results, config) {
	const rows = [];
	const add = (group, what, ours, other, versus, target, unit) => {
		const ratio = ours === null || other === null || other === 0 ? null : ours / other;
		rows.push({
			group,
			what,
			versus,
			ours,
			other,
			unit,
			ratio,
			target: target ? target.text : '',
			targetValue: target ? target.value : null,
			met: target && ratio !== null ? target.check(ratio) : null,
		});
	};
	const atMost = (value, text) => ({
		value,
		text: text || `≤ ${value}`,
		check: (r) => r <= value + 1e-9,
	});
	const exactly = (value) => ({
		value,
		text: `= ${value}`,
		check: (r) => Math.abs(r - value) < 1e-9,
	});
	const largest = Math.max(...config.n);
	for (const n of config.n) {
		const b = results.batch && results.batch[n];
		if (!b) continue;
		const label = `Batch call, N = ${n.toLocaleString('en-US')}`;
		add(
			label,
			'requests',
			b.ours.requests.median,
			b.floorRequests,
			'floor ⌈N/100⌉',
			exactly(1),
			'',
		);
		add(
			label,
			'requests',
			b.ours.requests.median,
			b.httpDefault.requests.median,
			'HTTP Request per item',
			null,
			'',
		);
		add(
			label,
			'wall time',
			b.ours.ms.median,
			b.httpDefault.ms.median,
			'HTTP Request per item, defaults',
			n === largest ? atMost(0.05, '≤ 1/20') : null,
			'ms',
		);
		add(
			label,
			'wall time',
			b.ours.ms.median,
			b.httpBatching.ms.median,
			'HTTP Request per item, batching',
			null,
			'ms',
		);
		add(
			label,
			'wall time',
			b.ours.ms.median,
			b.expressionFloor.ms.median,
			'n8n floor: 1 expression per item',
			null,
			'ms',
		);
	}
	const s = results.status;
	if (s) {
		const label = `Wait for final status, ${s.calls.toLocaleString('en-US')} calls`;
		add(
			label,
			'wall time',
			s.ours.ms.median,
			s.loop.ms.median,
			'Loop Over Items + Wait + HTTP Request',
			atMost(0.1, '≤ 1/10'),
			'ms',
		);
		add(
			label,
			'requests',
			s.ours.requests.median,
			s.loop.requests.median,
			'Loop Over Items + Wait + HTTP Request',
			null,
			'',
		);
		add(label, 'wall time', s.ours.ms.median, s.floorMs, 'floor (time until final)', null, 'ms');
		add(
			label,
			'requests',
			s.ours.requests.median,
			s.floorRequests,
			'floor (one per call)',
			null,
			'',
		);
	}
	const bes = results.bes;
	if (bes) {
		const label = `BES, ${bes.notifications.toLocaleString('en-US')} notifications`;
		add(
			label,
			'token requests, 1 execution',
			bes.oneExecution.tokenRequests.median,
			1,
			'floor 1',
			exactly(1),
			'',
		);
		add(
			label,
			`token requests, ${bes.executions} executions`,
			bes.manyExecutions.tokenRequests.median,
			1,
			'floor 1',
			exactly(1),
			'',
		);
	}
	const o = results.overhead;
	if (o) {
		const label = `Node overhead, ${o.requests.toLocaleString('en-US')} requests, 0 ms latency`;
		add(
			label,
			'wall time',
			o.ours.ms.median,
			o.http.ms.median,
			'HTTP Request per item',
			atMost(1.2, '≤ 1.2'),
			'ms',
		);
		add(
			label,
			'n8n CPU time',
			o.ours.cpuMs.median,
			o.http.cpuMs.median,
			'HTTP Request per item',
			null,
			'ms',
		);
	}
	const mem = results.memory;
	if (mem) {
		const label = `Node overhead, ${mem.requests.toLocaleString('en-US')} requests, 0 ms latency`;
		add(
			label,
			'peak memory above baseline',
			mem.aboveBaselineBytes.ours,
			mem.aboveBaselineBytes.http,
			'HTTP Request per item',
			atMost(1.2, '≤ 1.2'),
			'B',
		);
		add(
			label,
			'peak memory of n8n execute',
			mem.peakRssBytes.ours.median,
			mem.peakRssBytes.http.median,
			'HTTP Request per item',
			atMost(1.2, '≤ 1.2'),
			'B',
		);
	}
	return rows;
}

function formatValue(value, unit) {
	if (value === null || value === undefined) return 'n/a';
	if (unit === 'ms')
		return value >= 10000
			? `${(value / 1000).toFixed(1)} s`
			: value >= 1000
				? `${(value / 1000).toFixed(2)} s`
				: `${Math.round(value)} ms`;
	if (unit === 'B') return `${(value / 2 ** 20).toFixed(1)} MiB`;
	return Number.isInteger(value) ? value.toLocaleString('en-US') : value.toFixed(1);
}

function formatRatio(ratio) {
	if (ratio === null) return 'n/a';
	if (ratio >= 0.1) return ratio.toFixed(2);
	return `${ratio.toFixed(3)} (1/${Math.round(1 / ratio)})`;
}

/** A Markdown table (stdout and README). */
function markdownTable(rows) {
	const lines = [
		'| Scenario | Figure | Ours | Against | Theirs | Ours / theirs | Target | Met |',
		'|---|---|--:|---|--:|--:|---|---|',
	];
	for (const r of rows) {
		lines.push(
			`| ${r.group} | ${r.what} | ${formatValue(r.ours, r.unit)} | ${r.versus} | ${formatValue(r.other, r.unit)} | ${formatRatio(r.ratio)} | ${r.target} | ${r.met === null ? '' : r.met ? 'yes' : '**no**'} |`,
		);
	}
	return lines.join('\n');
}

function packageTable(p) {
	const kib = (b) => `${(b / 1024).toFixed(1)} KiB`;
	return [
		'| Package | |',
		'|---|--:|',
		`| packed tarball | ${kib(p.tarballBytes)} |`,
		`| dist/ (${p.distFiles} files) | ${kib(p.distBytes)} |`,
		`| require + construct every node and credential (Node 24, median) | ${p.requireMs.median.toFixed(1)} ms |`,
		`| n8n start → ready, with the package (median) | ${(p.startMs.withPackage.median / 1000).toFixed(2)} s |`,
		`| n8n start → ready, without it (median) | ${(p.startMs.withoutPackage.median / 1000).toFixed(2)} s |`,
		`| difference | ${Math.round(p.loadMs)} ms |`,
	].join('\n');
}

// ------------------------------------------------------------------------------ main

async function main() {
	const config = readConfig(process.argv.slice(2));
	const benchStarted = Date.now();
	log(`config: ${JSON.stringify({ ...config, only: [...config.only] })}`);
	const runtime = await rt.ensureRuntime();
	const tgz = await rt.packPackage();

	const sim = await startSimulator({
		port: 0,
		seed: 7,
		latencyMs: config.latency,
		// Calls and notifications stay pending unless a scenario wants them to end: no sweep work.
		bitel: { finalAfterMs: HOUR_MS },
		bes: { finishAfterMs: HOUR_MS },
	});
	let n8n;
	const results = {};
	try {
		n8n = await rt.createInstance({ runtime, tgz, name: 'bench' });
		const besCount = config.runs * 2;
		await n8n.importCredentials(wf.credentials(sim, DEFAULTS, besCount));
		await n8n.importWorkflows([
			wf.bitelBatch(),
			wf.bitelSingle(),
			wf.expressionFloor(),
			wf.httpSingle(sim.url, { id: 'benchHttpSingle1', path: 'bench-http-single' }),
			wf.httpSingle(sim.url, {
				id: 'benchHttpBatchd1',
				path: 'bench-http-batched',
				batching: { batchSize: config.httpBatchSize, batchInterval: config.httpBatchInterval },
			}),
			wf.bitelStatus(config.poll),
			wf.loopStatus(sim.url, config.poll),
			...Array.from({ length: besCount }, (_, index) => wf.besCreate(index)),
			...memoryWorkflows(sim.url, config.overheadN),
		]);
		await n8n.start();
		await n8n.setupOwner();
		const ids = [
			'benchBitelBatch1',
			'benchBitelSingl1',
			'benchExprFloor01',
			'benchHttpSingle1',
			'benchHttpBatchd1',
			'benchBitelStatus',
			'benchLoopStatus1',
			...Array.from({ length: besCount }, (_, index) => wf.besWorkflowId(index)),
		];
		for (const id of ids) await n8n.activateWorkflow(id);
		const ctx = { n8n, sim, config, runtime, tgz };

		const timed = async (name, fn) => {
			if (!config.only.has(name) && name !== 'memory') return;
			const t0 = Date.now();
			results[name] = await fn(ctx);
			log(`${name}: done in ${secs(Date.now() - t0)}`);
		};
		await timed('batch', benchBatch);
		await timed('status', benchStatus);
		await timed('bes', benchBes);
		await timed('overhead', benchOverhead);
		if (config.only.has('overhead')) await timed('memory', benchMemory);
		await timed('package', benchPackage);
	} finally {
		if (n8n) await n8n.dispose().catch(() => {});
		await sim.close().catch(() => {});
	}

	const report = {
		date: new Date().toISOString(),
		durationMs: Date.now() - benchStarted,
		environment: {
			n8n: runtime.n8nVersion,
			node: runtime.nodeVersion,
			cpus: os.cpus().length,
			cpuModel: os.cpus()[0] && os.cpus()[0].model,
			loadAverageAtEnd: os.loadavg(),
		},
		config: { ...config, only: [...config.only], out: path.relative(rt.REPO_DIR, config.out) },
		method: METHOD(config),
		results,
	};
	await writeReport(report, config.out);
}

/** What each figure is, stored with the figures. */
const METHOD = (config) => ({
	wallTime:
		"n8n's run data: the node under test's executionTime; for the Loop Over Items workflow, from the first start to the last end of its four nodes",
	requests: "the simulator's request log",
	cpu: 'n8n main process: utime + stime from /proc/<pid>/stat, from the webhook call until the execution is reported finished',
	memory:
		'peak RSS (VmHWM, read every 20 ms) of a fresh `n8n execute` process per run, n8n start stopped; "above baseline" subtracts the median peak of the same workflow without the node under test',
	packageLoad:
		'n8n start until /healthz/readiness answers (polled every 20 ms), in two fresh user folders with and without the package; and require + construct of every declared node and credential file in a fresh Node 24',
	httpRequestBatching: `Items per Batch ${config.httpBatchSize}, Batch Interval ${config.httpBatchInterval} ms`,
});

/** Ratios, JSON, Markdown, chart and the summary on stdout, from a report. */
async function writeReport(report, outDir) {
	const { results, config } = report;
	const rows = ratioRows(results, config);
	report.ratios = rows;
	fs.mkdirSync(outDir, { recursive: true });
	const jsonFile = path.join(outDir, 'bench.json');
	fs.writeFileSync(jsonFile, `${JSON.stringify(report, null, 2)}\n`);
	const pngFile = path.join(outDir, 'bench.png');
	await renderChart(report, pngFile);

	const summary = [
		markdownTable(rows),
		detailTable(results),
		...(results.package ? [packageTable(results.package)] : []),
		`Latency ${config.latency} ms per request, median of ${config.runs} run(s); n8n ${report.environment.n8n} on Node ${report.environment.node}, ${report.environment.cpus} CPUs; the bench took ${secs(report.durationMs)}.`,
	]
		.filter(Boolean)
		.join('\n\n');
	fs.writeFileSync(path.join(outDir, 'bench.md'), `${summary}\n`);
	console.log(`\n${summary}\n`);
	console.log(
		`JSON: ${path.relative(rt.REPO_DIR, jsonFile)}  chart: ${path.relative(rt.REPO_DIR, pngFile)}`,
	);
	const missed = rows.filter((r) => r.met === false);
	if (missed.length)
		console.log(
			`Targets missed: ${missed.map((r) => `${r.group}: ${r.what} vs ${r.versus}`).join('; ')}`,
		);
}

/** Where the time went: figures without an alternative to divide by. */
function detailTable(results) {
	const lines = ['| Detail | Median |', '|---|--:|'];
	const ms = (value) => formatValue(value, 'ms');
	for (const [n, b] of Object.entries(results.batch || {})) {
		const count = Number(n).toLocaleString('en-US');
		lines.push(
			`| Batch N = ${count}, ours: reading the items' parameters until the first request | ${ms(b.ours.firstRequestMs.median)} |`,
			`| Batch N = ${count}, ours: sending ${b.ours.requests.median} requests, 2 in flight | ${ms(b.ours.sendingMs.median)} |`,
			`| Batch N = ${count}, Edit Fields evaluating \`{{ $json.phone }}\` once per item | ${ms(b.expressionFloor.ms.median)} |`,
		);
	}
	const bes = results.bes;
	if (bes) {
		const count = bes.notifications.toLocaleString('en-US');
		lines.push(
			`| BES, ${count} notifications in 1 execution: BES node | ${ms(bes.oneExecution.ms.median)} |`,
			`| BES, ${count} notifications in ${bes.executions} executions: BES node, summed | ${ms(bes.manyExecutions.ms.median)} |`,
		);
	}
	return lines.length > 2 ? lines.join('\n') : '';
}

/** `node bench/run.js --render=bench/results/bench.json`: tables and chart again, from a JSON. */
async function render(file) {
	const report = JSON.parse(fs.readFileSync(file, 'utf8'));
	await writeReport(report, path.dirname(path.resolve(file)));
}

if (require.main === module) {
	const renderFlag = process.argv.find((arg) => arg.startsWith('--render='));
	(renderFlag ? render(renderFlag.slice('--render='.length)) : main()).catch((error) => {
		console.error(error.stack || error.message || error);
		process.exitCode = 1;
	});
}

module.exports = { readConfig, ratioRows, markdownTable, packageTable };
