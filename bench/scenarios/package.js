'use strict';
const fs = require('node:fs');
const path = require('node:path');

const m = require('../measure');
const { rt, log, secs, figure } = require('../common');

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

module.exports = { benchPackage };
