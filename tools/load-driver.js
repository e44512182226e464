'use strict';
/**
 * Load for the triggers against a real n8n: posts at a fixed concurrency, n8n's executions read
 * back through REST, and the figures (posts/s, answer latency, CPU per post from /proc of the n8n
 * processes). Used by test/load/ (one n8n, SQLite) and test/scale/ (queue mode). Figures go to the
 * output and to test-artifacts/load/, never into assertions.
 */
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const rt = require('./n8n-runtime');
const { signBesCallback } = require('./simulator/bes-signature');
const { callEndedBody } = require('./simulator/bitel');

const CLK_TCK = (() => {
	try {
		return Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
	} catch {
		return 100;
	}
})();

/** CPU seconds (user + system) used so far by every live process of the given process groups. */
function groupCpuSeconds(pgids) {
	const wanted = new Set(pgids.map(Number));
	let ticks = 0;
	for (const entry of fs.readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		let stat;
		try {
			stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
		} catch {
			continue;
		}
		// Fields after "(comm)": state, ppid, pgrp, …, utime (14th of the line), stime (15th).
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		if (!wanted.has(Number(fields[2]))) continue;
		ticks += Number(fields[11]) + Number(fields[12]);
	}
	return ticks / CLK_TCK;
}

function loadAverage() {
	return os.loadavg().map((v) => Number(v.toFixed(2)));
}

function percentile(sorted, p) {
	if (!sorted.length) return undefined;
	const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
	return Math.round(sorted[Math.max(0, index)]);
}

/** POSTs every entry of `posts` ({ id, url, body }) with `concurrency` in flight; one result each. */
async function postAll(posts, concurrency) {
	const results = new Array(posts.length);
	let next = 0;
	async function worker() {
		while (next < posts.length) {
			const i = next++;
			const { id, url, body } = posts[i];
			const t0 = performance.now();
			try {
				const res = await rt.httpRequest('POST', url, { body, timeoutMs: 5 * 60 * 1000 });
				results[i] = { id, status: res.status, ms: performance.now() - t0, text: res.text };
			} catch (error) {
				results[i] = { id, status: undefined, ms: performance.now() - t0, error: error.message };
			}
		}
	}
	await Promise.all(Array.from({ length: concurrency }, worker));
	return results;
}

const FINISHED = ['success', 'error', 'crashed', 'canceled'];
const UNFINISHED = ['new', 'running', 'waiting', 'unknown'];

/**
 * Every finished execution summary of a workflow, in pages of 100 (n8n's maximum): n8n 2.x pages
 * with `nextCursor`/`cursor`, 1.x with `lastId`.
 */
async function allExecutions(n8n, workflowId) {
	const filter = encodeURIComponent(JSON.stringify({ workflowId, status: FINISHED }));
	const out = [];
	let next = '';
	for (;;) {
		const page = await patiently(() =>
			n8n.restOk('GET', `/rest/executions?filter=${filter}&limit=100${next}`),
		);
		const results = Array.isArray(page) ? page : page.results || [];
		out.push(...results);
		if (results.length < 100) return out;
		if (page.nextCursor === null) return out;
		next =
			page.nextCursor !== undefined
				? `&cursor=${encodeURIComponent(page.nextCursor)}`
				: `&lastId=${results[results.length - 1].id}`;
	}
}

/** How many executions of a workflow n8n has in the given statuses, from one small page. */
async function countExecutions(n8n, workflowId, status) {
	const filter = encodeURIComponent(JSON.stringify({ workflowId, status }));
	const page = await patiently(() =>
		n8n.restOk('GET', `/rest/executions?filter=${filter}&limit=1`),
	);
	return Number(page.count ?? 0);
}

/**
 * Waits until n8n has finished what it took: at least `expected` finished executions more than `finishedBefore` and
 * none unfinished, or nothing changed for `quietMs` (executions that were never created never
 * come), bounded by `timeoutMs`. Resolves how many finished executions the workflow has.
 */
async function settle(
	n8n,
	workflowId,
	{ finishedBefore, expected, quietMs = 30000, timeoutMs = 10 * 60 * 1000 },
) {
	const deadline = Date.now() + timeoutMs;
	let lastSignature = '';
	let lastChange = Date.now();
	for (;;) {
		const unfinished = await countExecutions(n8n, workflowId, UNFINISHED);
		const finished = await countExecutions(n8n, workflowId, FINISHED);
		const signature = `${finished}/${unfinished}`;
		if (signature !== lastSignature) {
			lastSignature = signature;
			lastChange = Date.now();
		}
		const quiet = Date.now() - lastChange > quietMs;
		const done = finished - finishedBefore >= expected || quiet || Date.now() > deadline;
		if ((done && unfinished === 0) || Date.now() > deadline + quietMs) return finished;
		await new Promise((r) => setTimeout(r, 3000));
	}
}

/**
 * Runs `ask` again while it throws, a bounded number of times. While n8n's database ping fails,
 * n8n answers every request, REST included, 503 "Database is not ready!" (abstract-server.js
 * setupHealthCheck); such an answer says nothing about the executions, so the question is
 * asked again after a pause instead of being read as "none".
 */
async function patiently(ask, { attempts = 60, pauseMs = 2000 } = {}) {
	for (let attempt = 1; ; attempt++) {
		try {
			return await ask();
		} catch (error) {
			if (attempt >= attempts) throw error;
			await new Promise((r) => setTimeout(r, pauseMs));
		}
	}
}

/**
 * The executions of a workflow from id `firstId` on, each read once, by id. Not through the
 * list's pages: n8n 2.41 orders them by startedAt but pages by id, so in queue mode (where
 * workers start executions out of id order) pages overlap and skip rows. Execution ids are
 * sequential, so every id after the last known one is read until `expected` finished ones were
 * found. Unfinished ones are kept too, with their status, so a post whose execution never
 * finished shows as such instead of disappearing from the count.
 */
async function executionsAfter(
	n8n,
	workflowId,
	{ firstId, expected, idOf, concurrency = 4, patience },
) {
	let nextId = firstId;
	const out = [];
	let finished = 0;
	let misses = 0;
	while (finished < expected && misses < 200) {
		const ids = Array.from({ length: concurrency * 5 }, () => nextId++);
		const read = await Promise.all(
			ids.map(async (id) => {
				if (!(await executionExists(n8n, id, patience))) return undefined;
				return patiently(() => n8n.getExecution(id), patience);
			}),
		);
		for (const execution of read) {
			if (!execution) {
				misses += 1;
				continue;
			}
			misses = 0;
			if (execution.workflowId !== workflowId) continue;
			if (FINISHED.includes(execution.status)) finished += 1;
			out.push({ executionId: execution.id, status: execution.status, id: idOf(execution) });
		}
	}
	return out;
}

/**
 * Whether n8n has an execution with this id. n8n answers 200 with no data for an id it does
 * not have (and logs a permission warning); any other answer (a 503 while its database is
 * failing, no answer) is asked again, never taken for "missing".
 */
async function executionExists(n8n, id, patience) {
	return patiently(async () => {
		const res = await n8n.rest('GET', `/rest/executions/${id}`);
		if (res.status !== 200) throw new Error(`GET /rest/executions/${id} -> HTTP ${res.status}`);
		return Boolean(res.body?.data?.id);
	}, patience);
}

/** The id the next execution will get: the first free one after the highest known id. */
async function nextExecutionId(n8n, knownIds) {
	let id = knownIds.reduce((max, known) => Math.max(max, Number(known)), 0) + 1;
	while (await executionExists(n8n, id)) id += 1;
	return id;
}

/**
 * How many expression isolates n8n has taken from its pool so far (n8n 2.x's default "vm"
 * expression engine counts them as n8n_expression_pool_acquired_total), when the instance
 * serves /metrics (N8N_METRICS=true); undefined otherwise. Each acquisition disposes the
 * isolate after use and builds a new one, which is most of a post's CPU.
 */
async function isolateAcquisitions(n8n) {
	try {
		const res = await rt.httpRequest('GET', `${n8n.baseUrl}/metrics`, { timeoutMs: 10000 });
		if (res.status !== 200) return undefined;
		const line = res.text
			.split('\n')
			.find((l) => /^n8n_expression_pool_acquired_total(\{[^}]*\})? /.test(l));
		return line === undefined ? undefined : Number(line.split(' ').pop());
	} catch {
		return undefined;
	}
}

/** First output item of a node's first run in a decoded execution. */
function firstItemOf(execution, nodeName) {
	const runs = execution.data?.resultData?.runData?.[nodeName];
	return runs?.[0]?.data?.main?.[0]?.[0]?.json;
}

/**
 * The post a trigger's execution carries: the trigger's output, or, for an execution that never
 * ran (it failed on the worker before starting), the items n8n stored for the trigger to start
 * from (the node waiting in nodeExecutionStack).
 */
function triggerItemOf(execution, nodeName) {
	const ran = firstItemOf(execution, nodeName);
	if (ran !== undefined) return ran;
	const stack = execution.data?.executionData?.nodeExecutionStack ?? [];
	const waiting = stack.find((entry) => entry?.node?.name === nodeName);
	return waiting?.data?.main?.[0]?.[0]?.json;
}

/**
 * One scenario: post everything, wait for n8n to settle, then count, per post id, the
 * successful executions that carry it. Returns the figures and the lists a test asserts on.
 */
async function runScenario({ label, n8n, workflowId, posts, concurrency, idOf, pgids }) {
	const before = (await allExecutions(n8n, workflowId)).map((e) => e.id);
	const firstId = await nextExecutionId(n8n, before);
	const finishedBefore = await countExecutions(n8n, workflowId, FINISHED);
	const loadBefore = loadAverage();
	const isolates0 = await isolateAcquisitions(n8n);
	const cpu0 = groupCpuSeconds(pgids);
	const t0 = Date.now();
	const results = await postAll(posts, concurrency);
	const postingSeconds = (Date.now() - t0) / 1000;
	const ok = results.filter(isAccepted);
	const finished = await settle(n8n, workflowId, { finishedBefore, expected: ok.length });
	const settledSeconds = (Date.now() - t0) / 1000;
	const cpuSeconds = groupCpuSeconds(pgids) - cpu0;
	const isolates1 = await isolateAcquisitions(n8n);
	const loadAfter = loadAverage();

	const summaries = await executionsAfter(n8n, workflowId, {
		firstId,
		expected: finished - finishedBefore,
		idOf,
	});
	const tally = tallyPosts(results, summaries);
	const statusCounts = {};
	for (const e of summaries) statusCounts[e.status] = (statusCounts[e.status] || 0) + 1;
	const answerCounts = {};
	for (const r of results) {
		const key = r.status === undefined ? 'no answer' : String(r.status);
		answerCounts[key] = (answerCounts[key] || 0) + 1;
	}
	const { lost, doubled, successesById } = tally;
	const latencies = results
		.filter((r) => r.status !== undefined)
		.map((r) => r.ms)
		.sort((a, b) => a - b);
	const figures = {
		label,
		posts: posts.length,
		concurrency,
		answers: answerCounts,
		executions: statusCounts,
		executionsNeverCreated: Math.max(0, ok.length - summaries.length),
		lost: lost.length,
		lostBy: tally.lostBy,
		doubled: doubled.length,
		refused: tally.refused.length,
		refusedButRun: tally.refusedButRun.length,
		executionsWithoutPost: tally.withoutPost,
		postsPerSecond: Number((posts.length / postingSeconds).toFixed(1)),
		postingSeconds: Number(postingSeconds.toFixed(1)),
		settledSeconds: Number(settledSeconds.toFixed(1)),
		latencyMs: {
			p50: percentile(latencies, 50),
			p99: percentile(latencies, 99),
			max: percentile(latencies, 100),
		},
		cpuMsPerPost: Number(((cpuSeconds * 1000) / posts.length).toFixed(1)),
		cpuSeconds: Number(cpuSeconds.toFixed(1)),
		...(isolates0 !== undefined && isolates1 !== undefined
			? { isolatesPerPost: Number(((isolates1 - isolates0) / posts.length).toFixed(2)) }
			: {}),
		loadAverage: { before: loadBefore, after: loadAfter },
	};
	process.stderr.write(`[load] ${label}: ${JSON.stringify(figures)}\n`);
	return { figures, results, lost, doubled, successesById, tally };
}

const isAccepted = (r) => r.status >= 200 && r.status < 300;

/**
 * What became of each post, from the answers (`results`: {id, status}) and the executions read
 * back (`executions`: {executionId, status, id}, `id` the post the execution carries):
 * - `lost`: answered 2xx (the provider will not send it again) with no successful execution;
 *   `lostBy` counts, per status, the executions those posts have ("none" when no execution
 *   carries it any more);
 * - `doubled`: posts carried by two or more *distinct* successful executions, with their ids;
 * - `refused`: answered non-2xx (the provider sends them again: not lost), and `refusedButRun`,
 *   those of them that ran all the same (the provider's resend would run them twice);
 * - `withoutPost`: per status, executions from which no post id could be read.
 * An execution listed twice counts once, and one whose post id cannot be read is counted apart,
 * never as a post named "undefined".
 */
function tallyPosts(results, executions) {
	const successes = new Map();
	const others = new Map();
	const withoutPost = {};
	for (const e of executions) {
		if (e.id === undefined || e.id === null || e.id === '') {
			withoutPost[e.status] = (withoutPost[e.status] || 0) + 1;
			continue;
		}
		const byPost = e.status === 'success' ? successes : others;
		const key = String(e.id);
		if (!byPost.has(key)) byPost.set(key, new Map());
		byPost.get(key).set(String(e.executionId), e.status);
	}
	const successesById = new Map([...successes].map(([id, runs]) => [id, runs.size]));
	const lost = results
		.filter((r) => isAccepted(r) && !successes.has(String(r.id)))
		.map((r) => r.id);
	const lostBy = {};
	for (const id of lost) {
		const statuses = [...(others.get(String(id))?.values() ?? [])];
		for (const status of statuses.length ? statuses : ['none'])
			lostBy[status] = (lostBy[status] || 0) + 1;
	}
	const refused = results.filter((r) => r.status !== undefined && !isAccepted(r)).map((r) => r.id);
	return {
		successesById,
		lost,
		lostBy,
		doubled: [...successes]
			.filter(([, runs]) => runs.size > 1)
			.map(([id, runs]) => ({ id, executionIds: [...runs.keys()] })),
		refused,
		refusedButRun: refused.filter((id) => successes.has(String(id))),
		withoutPost,
	};
}

/** A final call as the simulator records it: the docs' sample webhook (billSec 12, 34.2 Toman). */
const ANSWERED_CALL = {
	campaignId: 'c0ffee00c0ffee00c0ffee00c0ffee00',
	price: -34.2,
	billSec: 12,
	phoneNumber: '09121234567',
	requestDate: 1564643999,
};

/** Bitel call-ended webhooks, a unique requestId each. */
function bitelPosts(url, count, prefix) {
	return Array.from({ length: count }, (_, i) => {
		const id = `${prefix}-${String(i).padStart(6, '0')}-${crypto.randomBytes(4).toString('hex')}`;
		return { id, url, body: callEndedBody({ ...ANSWERED_CALL, id }, 'NORMAL') };
	});
}

/**
 * Signed BES release callbacks, a unique callSerialNo each. Every tenth carries its
 * callSerialNo as a bare JSON number wider than 2^53 (the digits must come out as sent).
 */
function besPosts(url, count, sharedKey, prefix) {
	// 2^53 + 1 plus even steps: odd, so JSON.parse cannot hold any of them exactly.
	const wideBase = 9007199254740993n + BigInt(crypto.randomBytes(3).readUIntBE(0, 3)) * 2000000n;
	return Array.from({ length: count }, (_, i) => {
		const wide = i % 10 === 9;
		const serial = wide ? String(wideBase + BigInt(i) * 2n) : `load-${prefix}-${i}`;
		const payload = {
			callSerialNo: serial,
			called: `8888${String(i).padStart(4, '0')}`,
			callerPresent: '960003',
			releaseReason: '1',
			releaseTime: '2022/02/22,10:04:36:318',
			talkDuration: '6',
			timestamp: String(Date.now()),
			nonce: String(crypto.randomBytes(8).readBigInt64BE()),
		};
		payload.signature = signBesCallback(payload, sharedKey, 'sha256');
		let body = JSON.stringify(payload);
		if (wide) body = body.replace(`"callSerialNo":"${serial}"`, `"callSerialNo":${serial}`);
		return { id: serial, url, body, wide };
	});
}

/**
 * How many posts each scenario sends: `defaults` ({ webhook, bitel, bes }) unless overridden by
 * the environment variables `${envPrefix}_WEBHOOK`, `_BITEL`, `_BES` (`npm run test:load:full`
 * sets the full sizes).
 */
function scenarioSizes(envPrefix, defaults) {
	const size = (key) => {
		const raw = process.env[`${envPrefix}_${key.toUpperCase()}`];
		return raw === undefined || raw === '' ? defaults[key] : Number(raw);
	};
	return { webhookCount: size('webhook'), bitelCount: size('bitel'), besCount: size('bes') };
}

/**
 * The three scenarios every load run has: n8n's own Webhook node as the yardstick (Bitel bodies),
 * the Bitel Trigger with its URL token, and the BES Trigger with signed callbacks. `e2e` is the
 * harness's E2E (fixtures loaded); `prefix` keeps ids of separate runs apart.
 */
function triggerScenarios(e2e, { prefix, webhookCount, bitelCount, besCount, token }) {
	const bitelUrl = e2e.triggerUrl('e2eBitelTrigger1', 'n8n-nodes-bitel.bitelTrigger');
	return [
		{
			key: 'webhookNode',
			label: `${prefix}: n8n Webhook node (Bitel bodies)`,
			workflowId: 'e2eLoadWebhook1',
			posts: bitelPosts(
				e2e.n8n.webhookUrl(e2e.webhookPath('e2eLoadWebhook1')),
				webhookCount,
				`${prefix}-webhook`,
			),
			idOf: (execution) => triggerItemOf(execution, 'Webhook')?.body?.requestId,
		},
		{
			key: 'bitelTrigger',
			label: `${prefix}: Bitel Trigger`,
			workflowId: 'e2eBitelTrigger1',
			posts: bitelPosts(`${bitelUrl}?token=${token}`, bitelCount, `${prefix}-bitel`),
			idOf: (execution) => triggerItemOf(execution, 'Bitel Trigger')?.requestId,
			answer: '{"message":"Workflow was started"}',
		},
		{
			key: 'besTrigger',
			label: `${prefix}: BES Trigger`,
			workflowId: 'e2eBesTrigger001',
			posts: besPosts(
				e2e.triggerUrl('e2eBesTrigger001', 'n8n-nodes-bitel.besTrigger'),
				besCount,
				e2e.DEFAULTS.bes.sharedKey,
				prefix,
			),
			idOf: (execution) => triggerItemOf(execution, 'BES Trigger')?.callSerialNo,
			answer: '{"retCode":"0","retMsg":"success"}',
		},
	];
}

/** What must hold after a scenario: every post answered, none lost, none doubled, nothing extra. */
function expectNothingLost(scenario, outcome) {
	const { key, posts, answer } = scenario;
	// Every post got an HTTP answer (a non-2xx one tells the provider to send it again).
	expect([key, outcome.results.filter((r) => r.status === undefined)]).toEqual([key, []]);
	expect([key, outcome.lost]).toEqual([key, []]);
	expect([key, outcome.doubled]).toEqual([key, []]);
	// A successful execution whose post cannot be read would hide a lost or doubled post.
	expect([key, outcome.tally.withoutPost.success || 0]).toEqual([key, 0]);
	const posted = new Set(posts.map((p) => String(p.id)));
	expect([key, [...outcome.successesById.keys()].filter((id) => !posted.has(id))]).toEqual([
		key,
		[],
	]);
	// The provider hears exactly the answer it expects.
	if (answer) {
		const wrong = outcome.results.filter((r) => r.status === 200 && r.text !== answer);
		expect([key, wrong]).toEqual([key, []]);
	}
	// Callbacks with a callSerialNo wider than 2^53 came out with every digit.
	const wide = posts.filter((p) => p.wide);
	if (wide.length) {
		const kept = wide.filter((p) => outcome.successesById.has(p.id));
		expect([key, kept.length > 0]).toEqual([key, true]);
	}
}

function writeArtifact(name, data) {
	const dir = path.join(rt.artifactsDir(rt.N8N_VERSION), 'load');
	fs.mkdirSync(dir, { recursive: true });
	const file = path.join(dir, `${name}.json`);
	fs.writeFileSync(file, `${JSON.stringify(data, null, 2)}\n`);
	process.stderr.write(`[load] figures written to ${path.relative(rt.REPO_DIR, file)}\n`);
	return file;
}

module.exports = {
	groupCpuSeconds,
	loadAverage,
	postAll,
	isolateAcquisitions,
	allExecutions,
	settle,
	executionsAfter,
	tallyPosts,
	runScenario,
	firstItemOf,
	triggerItemOf,
	bitelPosts,
	besPosts,
	scenarioSizes,
	triggerScenarios,
	expectNothingLost,
	writeArtifact,
};
