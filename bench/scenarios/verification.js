'use strict';
const path = require('node:path');

const { rt, log, figure } = require('../common');

const PROBE = path.join(__dirname, 'verification-probe.js');

/**
 * 6. Verification without a database. Pure figures, each run in a fresh Node (n8n's Node 24)
 * with --expose-gc, on the helpers as installed in n8n: the heap held by N open verifications
 * (a registered send and a counted attempt each), and token open + memory check per second.
 */
async function benchVerification(ctx) {
	const { n8n, runtime, config } = ctx;
	const installed = path.join(n8n.userFolder, '.n8n', 'nodes', 'node_modules', 'n8n-nodes-bitel');
	const open = config.verificationN;
	const checks = config.verificationChecks;
	const heap = [];
	const perSecond = [];
	for (let run = 0; run < config.runs; run++) {
		const r = await rt.run(runtime.nodeBin, [
			'--expose-gc',
			PROBE,
			installed,
			String(open),
			String(checks),
		]);
		if (r.code !== 0) throw new Error(`verification probe failed: ${r.stderr}`);
		const probe = JSON.parse(r.stdout.trim().split('\n').pop());
		heap.push(probe.heapBytes);
		perSecond.push(Math.round(probe.checksPerSecond));
		log(
			`verification run ${run + 1}: ${open} open hold ${(probe.heapBytes / 2 ** 20).toFixed(1)} MiB of heap; ${Math.round(probe.checksPerSecond)} checks/s`,
		);
	}
	return {
		open,
		heapBytes: figure(heap),
		checks,
		checksPerSecond: figure(perSecond),
		// Check Code in the node (a workflow in n8n, checks per second; target ≥ 5,000) belongs
		// here once the operation exists: `nodeChecksPerSecond`, with its row in report/ratios.js.
	};
}

module.exports = { benchVerification };
