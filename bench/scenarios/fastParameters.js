'use strict';
/**
 * 7. What `withFastParameters` (nodes/shared/fastParameters.ts) buys: Make Batch on N numbers
 * given as N items `{{ $json.phone }}`, in two fresh n8n on their default expression engine that
 * differ only in the Bitel node: the package as packed, and a copy whose node hands its router
 * the plain context, so every parameter read is n8n's getNodeParameter.
 */
const fs = require('node:fs');
const path = require('node:path');

const wf = require('../workflows');
const { rt, DEFAULTS, phones } = require('../common');
const { measureSend } = require('./sends');
const { compareSends } = require('./batch');

const BITEL_NODE_FILE = 'dist/nodes/Bitel/Bitel.node.js';
/** `withFastParameters(this)` as tsc compiles it: `(0, fastParameters_1.withFastParameters)(this)`. */
const FAST_CALL = /\(0,\s*[\w$]+\.withFastParameters\)\(this\)/g;
const WARM_UP_ITEMS = 1000;

const BATCH = {
	workflowId: 'benchBitelBatch1',
	path: 'bench-bitel-batch',
	node: wf.NODE.bitel,
	endpoint: '/api/v2/voice/batch',
};

/**
 * The compiled Bitel node with `withFastParameters(this)` replaced by `this`. Throws unless the
 * call is there exactly once, so the two variants can never be the same package.
 */
function withPlainParameters(source) {
	const found = source.match(FAST_CALL) || [];
	if (found.length !== 1)
		throw new Error(
			`${BITEL_NODE_FILE}: withFastParameters(this) found ${found.length} times, want exactly 1`,
		);
	return { source: source.replace(FAST_CALL, 'this'), replaced: found[0] };
}

/** A fresh n8n with the packed package (`plain`: the Bitel node rewritten) and the batch workflow. */
async function startInstance(ctx, name, plain) {
	const { runtime, tgz, sim } = ctx;
	const n8n = await rt.createInstance({ runtime, tgz, name });
	let replaced;
	try {
		if (plain) {
			// The user folder holds its own copy of the installed package: only this n8n sees the change.
			const installed = path.join(
				n8n.userFolder,
				'.n8n',
				'nodes',
				'node_modules',
				'n8n-nodes-bitel',
			);
			const file = path.join(installed, BITEL_NODE_FILE);
			const variant = withPlainParameters(fs.readFileSync(file, 'utf8'));
			fs.writeFileSync(file, variant.source);
			replaced = variant.replaced;
		}
		await n8n.importCredentials(wf.credentials(sim, DEFAULTS, 0));
		await n8n.importWorkflows([wf.bitelBatch()]);
		await n8n.start();
		await n8n.setupOwner();
		await n8n.activateWorkflow(BATCH.workflowId);
	} catch (error) {
		await n8n.dispose().catch(() => {});
		throw error;
	}
	return { n8n, replaced };
}

async function benchFastParameters(ctx) {
	const n = ctx.config.fastParametersN;
	const started = [];
	try {
		const shipped = await startInstance(ctx, 'bench-fast-parameters', false);
		started.push(shipped.n8n);
		const plain = await startInstance(ctx, 'bench-plain-parameters', true);
		started.push(plain.n8n);
		const variants = {
			shipped: { ...BATCH, n8n: shipped.n8n },
			plain: { ...BATCH, n8n: plain.n8n },
		};
		// One unmeasured run each: a fresh n8n and V8 warm up before anything counts.
		const warmUp = phones(WARM_UP_ITEMS).map((phone) => ({ phone }));
		for (const [key, variant] of Object.entries(variants))
			await measureSend(ctx, `fastParameters warm-up ${key}`, variant, warmUp);
		const results = await compareSends(ctx, 'fastParameters', variants, [n], (count) =>
			phones(count).map((phone) => ({ phone })),
		);
		return {
			n,
			variant: `${BITEL_NODE_FILE}: ${plain.replaced} → this (replaced once)`,
			...results[n],
		};
	} finally {
		for (const n8n of started) await n8n.dispose().catch(() => {});
	}
}

module.exports = { benchFastParameters, withPlainParameters };
