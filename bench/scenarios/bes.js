'use strict';
const wf = require('../workflows');
const m = require('../measure');
const { log, secs, figure, resetSimulator } = require('../common');

/** 3. BES: token requests and time for notifications in one and in several executions. */
async function benchBes(ctx) {
	const { n8n, sim, config } = ctx;
	const total = config.besNotifications;
	const perExecution = Math.ceil(total / config.besExecutions);
	const tokenPath = '/apigovernance/api/oauth/tokenByAkSk';
	const createPath = '/apiaccess/rest/voiceNotification/v2/createVoiceNotification';
	const scenarios = { oneExecution: 1, manyExecutions: config.besExecutions };
	const runs = Object.fromEntries(
		Object.keys(scenarios).map((k) => [k, { tokens: [], ms: [], outsideMs: [] }]),
	);
	let credential = 0; // a fresh credential (no stored token) for every measured scenario
	for (let run = 0; run < config.runs; run++) {
		for (const [name, executions] of Object.entries(scenarios)) {
			const index = credential++;
			resetSimulator(sim);
			const called = Array.from({ length: total }, (_, i) => ({
				called: `8888${String(i).padStart(4, '0')}`,
			}));
			const size = executions === 1 ? total : perExecution;
			let ms = 0;
			const started = Date.now();
			for (let e = 0; e * size < total; e++) {
				const items = called.slice(e * size, (e + 1) * size);
				const r = await m.runWorkflow(n8n, {
					workflowId: wf.besWorkflowId(index),
					path: `bench-bes-${index}`,
					items,
				});
				const out = m.outputItems(r.execution, wf.NODE.bes);
				if (out.length !== items.length || !out.every((item) => item.json.callSerialNo))
					throw new Error(`BES ${name}: ${out.length} notifications (want ${items.length})`);
				ms += m.nodeSpan(r.execution, [wf.NODE.bes]).ms;
			}
			const tokens = sim.requests({ provider: 'bes', path: tokenPath }).length;
			const creates = sim.requests({ provider: 'bes', path: createPath }).length;
			if (creates !== total)
				throw new Error(`BES ${name}: ${creates} create requests (want ${total})`);
			runs[name].tokens.push(tokens);
			runs[name].ms.push(ms);
			runs[name].outsideMs.push(Date.now() - started);
			log(`BES ${name} run ${run + 1}: ${tokens} token request(s), BES node ${secs(ms)} in all`);
		}
	}
	return {
		notifications: total,
		executions: config.besExecutions,
		floorTokenRequests: 1,
		...Object.fromEntries(
			Object.entries(runs).map(([k, r]) => [
				k,
				{ tokenRequests: figure(r.tokens), ms: figure(r.ms), outsideMs: figure(r.outsideMs) },
			]),
		),
	};
}

module.exports = { benchBes };
