'use strict';
const path = require('node:path');

const wf = require('../workflows');
const m = require('../measure');
const { rt, DEFAULTS, log, secs, figure, phones } = require('../common');

const PROBE = path.join(__dirname, 'verification-probe.js');

const CHECK = { workflowId: 'benchBitelCheck1', path: 'bench-bitel-check', node: wf.NODE.bitel };
/** Every 4th item's code is wrong: the node answers both approved and wrongCode in every run. */
const WRONG_EVERY = 4;
const CODE_LENGTH = 5;
/** Check Code's default Max Attempts: a fresh verification's first wrong code leaves 4. */
const MAX_ATTEMPTS = 5;
// Long enough that no token expires while a run waits on a loaded machine.
const EXPIRES_IN_MS = 30 * 60 * 1000;
const WARM_UP_ITEMS = 1000;

const isWrong = (index) => index % WRONG_EVERY === WRONG_EVERY - 1;

/** The package as installed in the bench's n8n (its user folder's community nodes). */
const installedPackage = (n8n) =>
	path.join(n8n.userFolder, '.n8n', 'nodes', 'node_modules', 'n8n-nodes-bitel');

/** The shipped token and code helpers, from the package as installed in n8n. */
function installedHelpers(installed) {
	const helper = (name) => require(path.join(installed, 'dist', 'nodes', 'Bitel', 'helpers', name));
	return { ...helper('verificationToken'), ...helper('otpCode') };
}

/** A code of the same length that is not `code`: each digit moved on by one. */
const wrongCodeFor = (code) => code.replace(/\d/g, (digit) => String((Number(digit) + 1) % 10));

/**
 * N Check Code inputs `{ token, code }`: a new verification each (a distinct number), sealed as
 * Send Code seals it with the key of `apiToken`, and the code as typed, wrong for every 4th item.
 */
function checkCodeItems(helpers, apiToken, n, now = Date.now()) {
	const key = helpers.verificationKey(apiToken);
	return phones(n, '0914').map((phoneNumber, index) => {
		const code = helpers.generateOtpCode(CODE_LENGTH);
		const claims = {
			verificationId: helpers.newVerificationId(),
			phoneNumber,
			code,
			issuedAt: now,
			expiresAt: now + EXPIRES_IN_MS,
		};
		const token = helpers.sealVerificationToken(claims, key);
		return { token, code: isWrong(index) ? wrongCodeFor(code) : code };
	});
}

/**
 * The statuses Check Code answered, counted; throws unless every item got its own answer
 * (approved for a right code, wrongCode with 4 attempts left for a wrong one) and no code.
 */
function countCheckOutputs(label, out, n) {
	const statuses = {};
	out.forEach(({ json }, index) => {
		const want = isWrong(index)
			? { approved: false, status: 'wrongCode', attemptsLeft: MAX_ATTEMPTS - 1 }
			: { approved: true, status: 'approved', attemptsLeft: 0 };
		const got = { approved: json.approved, status: json.status, attemptsLeft: json.attemptsLeft };
		if (JSON.stringify(got) !== JSON.stringify(want) || 'code' in json)
			throw new Error(`${label}: item ${index} answered ${JSON.stringify(json)}`);
		statuses[json.status] = (statuses[json.status] || 0) + 1;
	});
	if (out.length !== n) throw new Error(`${label}: ${out.length} items (want ${n})`);
	return statuses;
}

/** One run of the Check Code workflow on `n` new verifications: the node's time and answers. */
async function checkInNode(ctx, helpers, apiToken, n, label) {
	const items = checkCodeItems(helpers, apiToken, n);
	const r = await m.runWorkflow(ctx.n8n, { workflowId: CHECK.workflowId, path: CHECK.path, items });
	const statuses = countCheckOutputs(label, m.outputItems(r.execution, CHECK.node), n);
	const { ms } = m.nodeSpan(r.execution, [CHECK.node]);
	log(`${label}: node ${secs(ms)}, ${Math.round((n / ms) * 1000)} checks/s`);
	return { ms, statuses };
}

/**
 * Check Code in n8n: the bench's Check Code workflow on N items, after one unmeasured run.
 * Checks per second are N over the Bitel node's executionTime.
 */
async function benchCheckInNode(ctx) {
	const { n8n, sim, config } = ctx;
	const helpers = installedHelpers(installedPackage(n8n));
	// The API token of the credential the workflow uses: its key seals the tokens.
	const { apiToken } = wf.credentials(sim, DEFAULTS, 0).find((c) => c.type === 'bitelApi').data;
	const n = config.verificationNodeChecks;
	await checkInNode(ctx, helpers, apiToken, Math.min(WARM_UP_ITEMS, n), 'Check Code warm-up');
	const ms = [];
	let statuses;
	for (let run = 0; run < config.runs; run++) {
		const r = await checkInNode(ctx, helpers, apiToken, n, `Check Code N=${n} run ${run + 1}`);
		ms.push(r.ms);
		statuses = r.statuses;
	}
	return {
		nodeChecks: n,
		nodeStatuses: statuses,
		nodeMs: figure(ms),
		nodeChecksPerSecond: figure(ms.map((each) => Math.round((n / each) * 1000))),
	};
}

/** What part of the node's time N pure checks (token open + memory check) would take. */
function pureShareOfNodeTime(pureChecksPerSecond, n, nodeMs) {
	if (!pureChecksPerSecond || !nodeMs) return null;
	return ((n / pureChecksPerSecond) * 1000) / nodeMs;
}

/**
 * 6. Verification without a database. Pure figures, each run in a fresh Node (n8n's Node 24)
 * with --expose-gc, on the helpers as installed in n8n: the heap held by N open verifications
 * (a registered send and a counted attempt each), and token open + memory check per second.
 * Then Check Code in the node, in the bench's n8n, and the share of its time that is the
 * pure work.
 */
async function benchVerification(ctx) {
	const { n8n, runtime, config } = ctx;
	const installed = installedPackage(n8n);
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
	const pure = { open, heapBytes: figure(heap), checks, checksPerSecond: figure(perSecond) };
	if (!(config.verificationNodeChecks > 0)) return pure;
	const node = await benchCheckInNode(ctx);
	return {
		...pure,
		...node,
		pureShareOfNodeTime: pureShareOfNodeTime(
			pure.checksPerSecond.median,
			node.nodeChecks,
			node.nodeMs.median,
		),
	};
}

module.exports = {
	benchVerification,
	checkCodeItems,
	countCheckOutputs,
	wrongCodeFor,
	pureShareOfNodeTime,
};
