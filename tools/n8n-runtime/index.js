#!/usr/bin/env node
'use strict';
/*
 * The real-n8n layer: install Node 24 + n8n into a cache outside the repo (once, reused),
 * pack this package and install it into a fresh n8n user folder the way a user gets it,
 * and drive n8n through its CLI and (when started) its REST API and webhooks.
 * One module per concern: settings.js (paths, versions), processes.js (commands, process groups,
 * steps), lock.js (cross-process lock), cache.js (the locked installs), pack.js, http.js,
 * instance.js (N8nInstance); this file re-exports them and is the CLI.
 *
 * Module:  const rt = require('./tools/n8n-runtime');
 *          const runtime = await rt.ensureRuntime();
 *          const tgz = await rt.packPackage();
 *          const n8n = await rt.createInstance({ runtime, tgz });
 * CLI:     node tools/n8n-runtime install | where | pack | n8n <n8n args…>
 *
 * Runs under any Node >= 18 (the system Node); only n8n itself runs on the cached Node 24.
 */

const path = require('node:path');
const { spawn } = require('node:child_process');
const settings = require('./settings');
const { secs, StepError, run, killGroup, isAlive } = require('./processes');
const cache = require('./cache');
const { ensureRuntime } = cache;
const { packPackage, installedTemplate } = require('./pack');
const { freePort, httpRequest } = require('./http');
const { parseExecuteOutput, N8nInstance, createInstance } = require('./instance');

module.exports = {
	...settings,
	StepError,
	run,
	killGroup,
	isAlive,
	...cache,
	packPackage,
	installedTemplate,
	freePort,
	httpRequest,
	parseExecuteOutput,
	N8nInstance,
	createInstance,
};

// ---------------------------------------------------------------------------------------------
// CLI
async function cli(argv) {
	const [cmd = 'install', ...rest] = argv;
	if (cmd === 'install') {
		const t0 = Date.now();
		const rt = await ensureRuntime();
		for (const t of rt.timings) console.log(`${t.step.padEnd(45)} ${secs(t.ms)}`);
		console.log(`${'total'.padEnd(45)} ${secs(Date.now() - t0)}${rt.cached ? ' (cached)' : ''}`);
		console.log(`node: ${rt.nodeBin}\nn8n:  ${rt.n8nBin}`);
		return 0;
	}
	if (cmd === 'where') {
		const rt = await ensureRuntime();
		console.log(
			JSON.stringify(
				{ cacheDir: rt.cacheDir, node: rt.nodeBin, n8n: rt.n8nBin, n8nVersion: rt.n8nVersion },
				null,
				2,
			),
		);
		return 0;
	}
	if (cmd === 'pack') {
		console.log(await packPackage({ force: true }));
		return 0;
	}
	if (cmd === 'n8n') {
		// The cached n8n on Node 24 with your arguments and environment (set N8N_USER_FOLDER yourself).
		const rt = await ensureRuntime();
		const child = spawn(rt.nodeBin, [rt.n8nBin, ...rest], {
			stdio: 'inherit',
			env: {
				...process.env,
				PATH: `${path.join(rt.nodeDir, 'bin')}${path.delimiter}${process.env.PATH || ''}`,
			},
		});
		for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
		return new Promise((resolve) =>
			child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0))),
		);
	}
	console.error(
		`unknown command ${cmd}. Usage: node tools/n8n-runtime <command>\n` +
			'  install   install (or find) Node 24 and n8n in the cache, print timings (default)\n' +
			'  where     print the cached paths\n' +
			'  pack      npm run build + npm pack into test-artifacts/pack/, print the tarball\n' +
			'  n8n ARGS  run the cached n8n with ARGS (e.g. n8n --version)',
	);
	return 2;
}

if (require.main === module) {
	cli(process.argv.slice(2)).then(
		(code) => process.exit(code),
		(err) => {
			console.error(err.message);
			process.exit(1);
		},
	);
}
