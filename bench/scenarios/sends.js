'use strict';
/**
 * Sending N numbers (or N personalized messages) as N items: one workflow run, checked
 * (every item one output with an id, every number sent once) and measured from n8n's run
 * data and the simulator's log. Shared by the batch, P2P and growth scenarios.
 */
const m = require('../measure');
const { log, secs, hasCallId, resetSimulator } = require('../common');

/** Numbers the simulator received on `endpoint`: the lists of a batch, or one per request. */
function numbersSent(requests) {
	return requests.reduce(
		(sum, req) => sum + (Array.isArray(req.body.phoneNumbers) ? req.body.phoneNumbers.length : 1),
		0,
	);
}

/**
 * One run of `variant` ({ workflowId, path, node, endpoint?, n8n? }) on `items`, in the
 * variant's own n8n if it names one, else the bench's. Without an endpoint (the expression
 * floor) only the node time is taken. `peakMemory`: also the n8n main process's peak RSS
 * during the run.
 */
async function measureSend(ctx, label, variant, items, { peakMemory = false } = {}) {
	const { sim } = ctx;
	const n8n = variant.n8n || ctx.n8n;
	const n = items.length;
	resetSimulator(sim);
	const r = await m.runWorkflow(n8n, {
		workflowId: variant.workflowId,
		path: variant.path,
		items,
		peakMemory,
	});
	const out = m.outputItems(r.execution, variant.node);
	const span = m.nodeSpan(r.execution, [variant.node]);
	const memory = peakMemory
		? { peakRssBytes: r.peakRssBytes, rssBeforeBytes: r.rssBeforeBytes, peakBy: r.peakBy }
		: {};
	if (!variant.endpoint) {
		if (out.length !== n) throw new Error(`${label}: ${out.length} items (want ${n})`);
		log(`${label}: node ${secs(span.ms)}`);
		return { ms: span.ms, executionMs: r.executionMs, ...memory };
	}
	const requests = sim.requests({ provider: 'bitel', path: variant.endpoint });
	const numbers = numbersSent(requests);
	if (out.length !== n || numbers !== n || !out.every(hasCallId))
		throw new Error(`${label}: ${out.length} items, ${numbers} numbers sent (want ${n})`);
	// Where the node's time went: reading its parameters until the first request, then sending.
	const nodeStart = r.execution.data.resultData.runData[variant.node][0].startTime;
	const firstRequestMs = requests[0].time - nodeStart;
	log(
		`${label}: ${requests.length} requests, node ${secs(span.ms)} (first request after ${secs(firstRequestMs)})${
			peakMemory ? `, peak RSS ${(r.peakRssBytes / 2 ** 20).toFixed(0)} MiB` : ''
		}`,
	);
	return {
		ms: span.ms,
		executionMs: r.executionMs,
		requests: requests.length,
		firstRequestMs,
		sendingMs: nodeStart + span.ms - requests[0].time,
		...memory,
	};
}

module.exports = { measureSend, numbersSent };
