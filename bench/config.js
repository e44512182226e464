'use strict';
/** The benchmark's settings: flags, BENCH_* variables, full and quick defaults. */
const path = require('node:path');

const { rt } = require('./common');

const OPTIONS = {
	runs: { env: 'BENCH_RUNS', full: 3, quick: 1, help: 'runs per figure (the median is reported)' },
	n: {
		env: 'BENCH_N',
		full: '1000,10000',
		quick: '200,1000',
		help: 'batch sizes N, comma-separated',
	},
	p2pN: {
		env: 'BENCH_P2P_N',
		full: 10000,
		quick: 1000,
		help: 'personalized SMS (one per item) against HTTP Request per item',
	},
	growthN: {
		env: 'BENCH_GROWTH_N',
		full: '1000,10000,100000',
		quick: '200,1000',
		help: 'sizes N of the growth curve (Make Batch, Send Personalized Batch SMS), comma-separated',
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
	verificationN: {
		env: 'BENCH_VERIFICATION_N',
		full: 100000,
		quick: 10000,
		help: 'open verifications whose memory is measured',
	},
	verificationChecks: {
		env: 'BENCH_VERIFICATION_CHECKS',
		full: 100000,
		quick: 10000,
		help: 'token open + memory checks timed',
	},
	verificationNodeChecks: {
		env: 'BENCH_VERIFICATION_NODE_CHECKS',
		full: 20000,
		quick: 2000,
		help: 'Check Code in n8n on N items, one token and code each (1 in 4 codes wrong)',
	},
	fastParametersN: {
		env: 'BENCH_FAST_PARAMETERS_N',
		full: 10000,
		quick: 1000,
		help: 'Make Batch on N `$json` items, as shipped and with plain getNodeParameter',
	},
	only: {
		env: 'BENCH_ONLY',
		full: 'batch,p2p,growth,status,bes,overhead,verification,fastParameters,package',
		quick: 'batch,p2p,growth,status,bes,overhead,verification,fastParameters,package',
		help: 'scenarios to run',
	},
	baseline: {
		env: 'BENCH_BASELINE',
		full: '',
		quick: '',
		help: 'an earlier bench.json to show beside this run (table column and grey chart bars)',
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
	config.growthN = config.growthN.split(',').map(Number);
	config.only = new Set(config.only.split(','));
	config.out = path.resolve(rt.REPO_DIR, config.out);
	return config;
}

module.exports = { OPTIONS, readConfig };
