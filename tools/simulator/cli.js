#!/usr/bin/env node
'use strict';

/**
 * Standalone simulator: `npm run simulator [-- --port 8787 --seed 1 --bitel-webhook URL]`.
 * Prints the credentials to use and one line per request; Ctrl-C closes it cleanly.
 */

const { startSimulator, DEFAULTS } = require('./index');

const USAGE = `usage: node tools/simulator/cli.js [--port N] [--seed S] [--latency MS] [--bitel-webhook URL]
  --port           port on 127.0.0.1 (default: $SIM_PORT or 8787; 0 = any free port)
  --seed           PRNG seed for ids, billSec and serial numbers (default: $SIM_SEED or ${DEFAULTS.seed})
  --latency        ms every provider request waits before it is answered (default: $SIM_LATENCY_MS or 0)
  --bitel-webhook  URL that call-ended webhooks are POSTed to (like Bitel's panel setting)`;

function parseArgs(argv) {
	const args = {};
	for (let i = 0; i < argv.length; i++) {
		let [flag, value] = argv[i].split(/=(.*)/s);
		if (flag === '--help' || flag === '-h') return { help: true };
		if (!['--port', '--seed', '--latency', '--bitel-webhook'].includes(flag))
			throw new Error(`unknown option ${flag}`);
		if (value === undefined) value = argv[++i];
		if (value === undefined) throw new Error(`${flag} needs a value`);
		args[flag.slice(2)] = value;
	}
	return args;
}

function summary(entry) {
	const status = entry.responseStatus === null ? 'DROPPED' : entry.responseStatus;
	const fault = entry.fault ? ` [fault: ${entry.fault}]` : '';
	const provider = (entry.provider || '-').padEnd(7);
	return `#${entry.seq} ${provider} ${entry.method} ${entry.path} -> ${status}${fault}`;
}

async function main() {
	let args;
	try {
		args = parseArgs(process.argv.slice(2));
	} catch (error) {
		console.error(`${error.message}\n${USAGE}`);
		process.exit(2);
	}
	if (args.help) {
		console.log(USAGE);
		return;
	}
	const port = Number(args.port ?? process.env.SIM_PORT ?? 8787);
	if (!Number.isInteger(port) || port < 0 || port > 65535) {
		console.error(`invalid port ${JSON.stringify(args.port ?? process.env.SIM_PORT)}`);
		process.exit(2);
	}
	const seed = args.seed ?? process.env.SIM_SEED ?? DEFAULTS.seed;
	const latency = args.latency ?? process.env.SIM_LATENCY_MS ?? DEFAULTS.latencyMs;
	if (!(Number(latency) >= 0) || String(latency).trim() === '') {
		console.error(`invalid latency ${JSON.stringify(latency)}: a number of milliseconds >= 0`);
		process.exit(2);
	}

	const sim = await startSimulator({
		port,
		seed,
		latencyMs: Number(latency),
		bitel: args['bitel-webhook'] ? { webhookUrl: args['bitel-webhook'] } : {},
		onRequest: (entry) => console.log(summary(entry)),
		onOutbound: (o) =>
			console.log(
				`   -> ${o.provider} ${o.kind} POST ${o.url} -> ${o.status ?? `FAILED (${o.error})`}`,
			),
	});

	console.log(
		`API simulator listening on ${sim.url}  (seed ${seed}${sim.latencyMs ? `, latency ${sim.latencyMs} ms` : ''})`,
	);
	console.log(
		`  Bitel   base URL ${sim.url}   token: ${DEFAULTS.bitel.token}   servers: ${DEFAULTS.bitel.servers.join(', ')}`,
	);
	console.log(
		`  BES     base URL ${sim.url}   app key: ${DEFAULTS.bes.appKey}   app secret: ${DEFAULTS.bes.appSecret}`,
	);
	console.log(`          callback shared key: ${DEFAULTS.bes.sharedKey}`);
	console.log(`  control ${sim.url}/__sim/health   (see tools/simulator/README.md)`);
	console.log('Ctrl-C to stop.');

	let stopping = false;
	const stop = async (signal) => {
		if (stopping) return;
		stopping = true;
		console.log(`\n${signal}: closing simulator`);
		await sim.close();
		process.exit(0);
	};
	process.on('SIGINT', () => stop('SIGINT'));
	process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error) => {
	console.error(error.message || error);
	process.exit(1);
});
