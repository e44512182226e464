'use strict';
const wf = require('../workflows');
const { MAX_NUMBERS_PER_REQUEST, phones, figure } = require('../common');
const { measureSend } = require('./sends');

const FIGURES = ['requests', 'ms', 'executionMs', 'firstRequestMs', 'sendingMs'];

/**
 * Each variant against the others, for every size in `sizes`, `runs` times: the median of
 * every figure. `makeItems(n)`: the N input items.
 */
async function compareSends(ctx, name, variants, sizes, makeItems) {
	const results = {};
	for (const n of sizes) {
		const items = makeItems(n);
		const runs = Object.fromEntries(
			Object.keys(variants).map((k) => [k, Object.fromEntries(FIGURES.map((f) => [f, []]))]),
		);
		for (let run = 0; run < ctx.config.runs; run++) {
			for (const [key, variant] of Object.entries(variants)) {
				const figures = await measureSend(
					ctx,
					`${name} N=${n} ${key} run ${run + 1}`,
					variant,
					items,
				);
				for (const f of FIGURES) if (figures[f] !== undefined) runs[key][f].push(figures[f]);
			}
		}
		results[n] = {
			floorRequests: Math.ceil(n / MAX_NUMBERS_PER_REQUEST),
			...Object.fromEntries(
				Object.entries(runs).map(([key, r]) => [
					key,
					Object.fromEntries(FIGURES.filter((f) => r[f].length > 0).map((f) => [f, figure(r[f])])),
				]),
			),
		};
	}
	return results;
}

/** 1. Batch call: our batch operation, HTTP Request per item (default, batching), the floor. */
async function benchBatch(ctx) {
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
	return await compareSends(ctx, 'batch', variants, ctx.config.n, (n) =>
		phones(n).map((phone) => ({ phone })),
	);
}

/** N personalized messages: one number and its own text per item. */
const personalized = (n) =>
	phones(n, '0913').map((phone, i) => ({
		phone,
		message: `Dear customer ${i}, your code is ${1000 + (i % 9000)}`,
	}));

/** 1b. Personalized SMS: our Send Personalized Batch SMS against HTTP Request per item. */
async function benchP2p(ctx) {
	const variants = {
		ours: {
			workflowId: 'benchBitelP2pSms',
			path: 'bench-bitel-p2p',
			node: wf.NODE.bitel,
			endpoint: '/api/v2/sms/batch/p2p',
		},
		httpDefault: {
			workflowId: 'benchHttpSmsOne1',
			path: 'bench-http-sms',
			node: wf.NODE.http,
			endpoint: '/api/v2/sms/single',
		},
	};
	return await compareSends(ctx, 'p2p', variants, [ctx.config.p2pN], personalized);
}

module.exports = { benchBatch, benchP2p, personalized, compareSends };
