#!/usr/bin/env node
'use strict';
/**
 * `npm run bench`: our nodes in a real n8n against what a user would build with n8n's own
 * nodes, and against the floor, on the simulator with a fixed per-request latency.
 * Not part of `npm test`: speed is measured here, never in timed tests.
 *
 * One n8n 2.41.1 (tools/n8n-runtime) with the packed package installed as a community
 * package, one simulator in this process. Every figure is the median of BENCH_RUNS runs.
 * Wall times come from n8n's run data (the node under test's executionTime, or for a loop
 * the span of its nodes); requests are counted in the simulator's log.
 *
 * Writes bench/results/bench.json (every figure), bench.png (the chart) and bench.md (the
 * tables), and prints the tables.
 * Configuration: environment variables or flags (--runs=3, --n=1000,10000, --quick, …);
 * `node bench/run.js --help` lists them.
 */
const os = require('node:os');
const path = require('node:path');

const { rt, startSimulator, DEFAULTS, HOUR_MS, secs, log } = require('./common');
const { readConfig } = require('./config');
const wf = require('./workflows');
const { benchBatch, benchP2p } = require('./scenarios/batch');
const { benchGrowth } = require('./scenarios/growth');
const { benchStatus } = require('./scenarios/status');
const { benchBes } = require('./scenarios/bes');
const { benchOverhead, benchMemory, memoryWorkflows } = require('./scenarios/overhead');
const { benchPackage } = require('./scenarios/package');
const { benchVerification } = require('./scenarios/verification');
const { benchFastParameters } = require('./scenarios/fastParameters');
const { METHOD, writeReport, render } = require('./report');

async function main() {
	const config = readConfig(process.argv.slice(2));
	const benchStarted = Date.now();
	const loadAverageAtStart = os.loadavg();
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
			wf.bitelP2p(),
			wf.bitelCheckCode(),
			wf.httpSmsSingle(sim.url),
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
			'benchBitelP2pSms',
			'benchBitelCheck1',
			'benchHttpSmsOne1',
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
		await timed('p2p', benchP2p);
		await timed('growth', benchGrowth);
		await timed('status', benchStatus);
		await timed('bes', benchBes);
		await timed('overhead', benchOverhead);
		if (config.only.has('overhead')) await timed('memory', benchMemory);
		await timed('verification', benchVerification);
		await timed('fastParameters', benchFastParameters);
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
			loadAverageAtStart,
			loadAverageAtEnd: os.loadavg(),
		},
		config: { ...config, only: [...config.only], out: path.relative(rt.REPO_DIR, config.out) },
		method: METHOD(config),
		results,
	};
	await writeReport(report, config.out);
}

if (require.main === module) {
	const flag = (name) =>
		process.argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
	const renderFile = flag('render');
	(renderFile ? render(renderFile, flag('baseline')) : main()).catch((error) => {
		console.error(error.stack || error.message || error);
		process.exitCode = 1;
	});
}
