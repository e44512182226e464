'use strict';
/**
 * 6. How the cost grows: Make Batch and Send Personalized Batch SMS at each N of
 * `growthN`, N numbers as N items: node time, requests, the n8n main process's peak RSS
 * during the run (above its RSS before), and time and memory per number.
 */
const wf = require('../workflows');
const m = require('../measure');
const { phones, figure } = require('../common');
const { measureSend } = require('./sends');
const { personalized } = require('./batch');

const OPERATIONS = {
	batch: {
		variant: {
			workflowId: 'benchBitelBatch1',
			path: 'bench-bitel-batch',
			node: wf.NODE.bitel,
			endpoint: '/api/v2/voice/batch',
		},
		items: (n) => phones(n).map((phone) => ({ phone })),
	},
	p2p: {
		variant: {
			workflowId: 'benchBitelP2pSms',
			path: 'bench-bitel-p2p',
			node: wf.NODE.bitel,
			endpoint: '/api/v2/sms/batch/p2p',
		},
		items: personalized,
	},
};

async function benchGrowth(ctx) {
	const results = {};
	for (const [name, operation] of Object.entries(OPERATIONS)) {
		results[name] = {};
		for (const n of ctx.config.growthN) {
			const items = operation.items(n);
			const runs = { ms: [], requests: [], peakRssBytes: [], aboveBeforeBytes: [] };
			let peakBy;
			for (let run = 0; run < ctx.config.runs; run++) {
				const r = await measureSend(
					ctx,
					`growth ${name} N=${n} run ${run + 1}`,
					operation.variant,
					items,
					{ peakMemory: true },
				);
				runs.ms.push(r.ms);
				runs.requests.push(r.requests);
				runs.peakRssBytes.push(r.peakRssBytes);
				runs.aboveBeforeBytes.push(r.peakRssBytes - r.rssBeforeBytes);
				peakBy = r.peakBy;
			}
			const ms = m.median(runs.ms);
			const above = m.median(runs.aboveBeforeBytes);
			results[name][n] = {
				form: `${n} items, one number each`,
				ms: figure(runs.ms),
				requests: figure(runs.requests),
				peakRssBytes: figure(runs.peakRssBytes),
				aboveBeforeBytes: figure(runs.aboveBeforeBytes),
				peakBy,
				msPerNumber: ms / n,
				bytesPerNumber: above / n,
			};
		}
	}
	return results;
}

module.exports = { benchGrowth };
