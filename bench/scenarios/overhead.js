'use strict';
const wf = require('../workflows');
const m = require('../measure');
const { phones, log, secs, figure, resetSimulator } = require('../common');

/** 4. Node overhead: the same N requests to a zero-latency simulator, ours against HTTP Request. */
async function benchOverhead(ctx) {
	const { n8n, sim, config } = ctx;
	const n = config.overheadN;
	const items = phones(n, '0919').map((phone) => ({ phone }));
	const variants = {
		ours: { workflowId: 'benchBitelSingl1', path: 'bench-bitel-single', node: wf.NODE.bitel },
		http: { workflowId: 'benchHttpSingle1', path: 'bench-http-single', node: wf.NODE.http },
	};
	const runs = Object.fromEntries(Object.keys(variants).map((k) => [k, { ms: [], cpu: [] }]));
	const latency = sim.latencyMs;
	sim.latencyMs = 0;
	try {
		// One unmeasured run each: n8n and V8 warm up (JIT, first-use allocations) before anything counts.
		for (const v of Object.values(variants))
			await m.runWorkflow(n8n, { ...v, items: items.slice(0, 50) });
		for (let run = 0; run < config.runs; run++) {
			for (const [name, v] of Object.entries(variants)) {
				resetSimulator(sim);
				const r = await m.runWorkflow(n8n, { ...v, items });
				const requests = sim.requests({ provider: 'bitel', path: '/api/v2/voice/single' }).length;
				const out = m.outputItems(r.execution, v.node);
				if (requests !== n || out.length !== n)
					throw new Error(
						`overhead ${name}: ${requests} requests, ${out.length} items (want ${n})`,
					);
				const span = m.nodeSpan(r.execution, [v.node]);
				runs[name].ms.push(span.ms);
				runs[name].cpu.push(r.cpuMs);
				log(`overhead ${name} run ${run + 1}: node ${secs(span.ms)}, n8n CPU ${secs(r.cpuMs)}`);
			}
		}
	} finally {
		sim.latencyMs = latency;
	}
	return {
		requests: n,
		...Object.fromEntries(
			Object.entries(runs).map(([k, r]) => [k, { ms: figure(r.ms), cpuMs: figure(r.cpu) }]),
		),
	};
}

/**
 * 4b. Peak memory of the same comparison: each variant in a fresh `n8n execute` process
 * (n8n start stopped), minus a baseline that only produces the N items. A long-lived n8n
 * keeps the heap it grew once, so its peak RSS says little about a single execution. The bench's
 * n8n is stopped meanwhile (one database, one writer) and started again at the end.
 */
async function benchMemory(ctx) {
	const { n8n, sim, config } = ctx;
	const n = config.overheadN;
	const variants = {
		baseline: 'benchMemBase0001',
		ours: 'benchMemOurs0001',
		http: 'benchMemHttp0001',
	};
	const peaks = { baseline: [], ours: [], http: [] };
	const latency = sim.latencyMs;
	sim.latencyMs = 0;
	await n8n.stop();
	try {
		for (let run = 0; run < config.runs; run++) {
			for (const [name, id] of Object.entries(variants)) {
				resetSimulator(sim);
				const r = await m.executeWithPeak(n8n, id);
				const requests = sim.requests({ provider: 'bitel', path: '/api/v2/voice/single' }).length;
				if (requests !== (name === 'baseline' ? 0 : n))
					throw new Error(
						`memory ${name}: ${requests} requests (want ${name === 'baseline' ? 0 : n})`,
					);
				peaks[name].push(r.peak);
				log(`memory ${name} run ${run + 1}: peak RSS ${(r.peak / 2 ** 20).toFixed(1)} MiB`);
			}
		}
	} finally {
		sim.latencyMs = latency;
		// The scenarios after this one run their workflows in the bench's n8n again.
		await n8n.start();
		await n8n.login();
	}
	const base = m.median(peaks.baseline);
	return {
		requests: n,
		peakRssBytes: Object.fromEntries(Object.entries(peaks).map(([k, v]) => [k, figure(v)])),
		aboveBaselineBytes: { ours: m.median(peaks.ours) - base, http: m.median(peaks.http) - base },
	};
}

function memoryWorkflows(simUrl, n) {
	const items = phones(n, '0919').map((phone) => ({ phone }));
	return [
		wf.memoryWorkflow('benchMemBase0001', items),
		wf.memoryWorkflow('benchMemOurs0001', items, wf.nodeOf(wf.bitelSingle())),
		wf.memoryWorkflow(
			'benchMemHttp0001',
			items,
			wf.nodeOf(wf.httpSingle(simUrl, { id: 'x', path: 'x' })),
		),
	];
}

module.exports = { benchOverhead, benchMemory, memoryWorkflows };
