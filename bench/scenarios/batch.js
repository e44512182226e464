'use strict';
const wf = require('../workflows');
const m = require('../measure');
const {
	MAX_NUMBERS_PER_REQUEST,
	phones,
	log,
	secs,
	hasCallId,
	figure,
	resetSimulator,
} = require('../common');

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

module.exports = { benchBatch };
