'use strict';
const wf = require('../workflows');
const m = require('../measure');
const { HOUR_MS, log, secs, figure, resetSimulator, createCalls } = require('../common');

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
				const records = await createCalls(sim, config.statusCalls);
				const createdAt = Date.now();
				sim.clearLog();
				const r = await m.runWorkflow(n8n, {
					workflowId: v.workflowId,
					path: v.path,
					items: records,
				});
				const out = m.outputItems(r.execution, ...v.out);
				const finals = out.filter(
					(item) => item.json.status && item.json.status !== 'WAITING',
				).length;
				if (out.length !== records.length || finals !== records.length)
					throw new Error(
						`status ${name}: ${out.length} items, ${finals} final (want ${records.length})`,
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

module.exports = { benchStatus };
