'use strict';
/**
 * Measuring one workflow execution in a running n8n: trigger it through its production
 * webhook, wait for the execution to finish, read its run data, count what the simulator
 * received, and read the n8n process's CPU time and memory from /proc.
 */
const fs = require('node:fs');
const { spawn } = require('node:child_process');
const rt = require('../tools/n8n-runtime');

/** Linux's USER_HZ: /proc reports CPU time in these ticks (100 on every common build). */
const CLOCK_TICKS = 100;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** VmRSS and VmHWM (peak RSS) of a process, in bytes; undefined off Linux. */
function memoryOf(pid) {
	try {
		const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
		const kb = (field) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)[1]);
		return { rss: kb('VmRSS') * 1024, peak: kb('VmHWM') * 1024 };
	} catch {
		return undefined;
	}
}

/**
 * Resets a process's peak RSS (VmHWM) to its current RSS (Linux ≥ 4.0: writing 5 to
 * clear_refs), so the next VmHWM read is the peak since now. false where that is refused.
 */
function resetPeak(pid) {
	try {
		fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');
		return true;
	} catch {
		return false;
	}
}

/** CPU time (user + system) a process has used so far, in ms; undefined off Linux. */
function cpuMsOf(pid) {
	try {
		// Fields after the command name (which may contain spaces): utime and stime are 14th and 15th.
		const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
	} catch {
		return undefined;
	}
}

function median(values) {
	const sorted = values
		.filter((v) => typeof v === 'number' && Number.isFinite(v))
		.sort((a, b) => a - b);
	if (sorted.length === 0) return null;
	const mid = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * The time the given nodes spent, from n8n's run data: from the first start of any of them
 * to the last end (startTime + executionTime) of any of their runs. For one node that runs
 * once, this is exactly its executionTime.
 */
function nodeSpan(execution, nodeNames) {
	const runData = execution.data.resultData.runData || {};
	let start = Infinity;
	let end = -Infinity;
	let runs = 0;
	for (const name of nodeNames) {
		for (const run of runData[name] || []) {
			start = Math.min(start, run.startTime);
			end = Math.max(end, run.startTime + run.executionTime);
			runs++;
		}
	}
	return runs ? { ms: end - start, runs } : { ms: null, runs: 0 };
}

/** Items of a node's main output `output` in its last run. */
function outputItems(execution, nodeName, output = 0) {
	const runs = execution.data.resultData.runData[nodeName] || [];
	const last = runs[runs.length - 1];
	return (last && last.data && last.data.main && last.data.main[output]) || [];
}

/** Execution wall time as n8n recorded it (startedAt → stoppedAt). */
function executionMs(execution) {
	return new Date(execution.stoppedAt).getTime() - new Date(execution.startedAt).getTime();
}

const FINISHED = ['success', 'error', 'crashed', 'canceled'];

/**
 * A REST read that n8n may refuse for a moment: under load its database health check can
 * time out, and n8n answers 503 "Database is not ready" until the next check passes.
 */
async function untilDeadline(read, deadline) {
	for (;;) {
		try {
			return await read();
		} catch (error) {
			if (Date.now() > deadline) throw error;
			await sleep(1000);
		}
	}
}

/**
 * Posts `items` to a workflow's production webhook and waits for that execution to finish.
 * The main process's CPU time is read before and as soon as n8n reports the execution
 * finished, before the benchmark asks for its (large) run data.
 */
async function runWorkflow(
	n8n,
	{ workflowId, path, items, timeoutMs = 15 * 60 * 1000, peakMemory = false },
) {
	const known = new Set(
		(await n8n.listExecutions(workflowId, { limit: 100 })).map((e) => String(e.id)),
	);
	const pid = n8n.proc && n8n.proc.pid;
	await sleep(200); // let the previous execution's clean-up settle before the baseline is read
	// Peak memory of the main process during this execution: VmHWM reset now and read when it
	// has finished, or (where the reset is refused) RSS sampled every 20 ms.
	const memoryBefore = peakMemory ? memoryOf(pid) : undefined;
	const peakReset = peakMemory && resetPeak(pid);
	let sampledPeak = memoryBefore ? memoryBefore.rss : 0;
	const sampler =
		peakMemory && !peakReset
			? setInterval(() => {
					const memory = memoryOf(pid);
					if (memory) sampledPeak = Math.max(sampledPeak, memory.rss);
				}, 20)
			: undefined;
	const cpuBefore = cpuMsOf(pid);
	const started = Date.now();
	const deadline = started + timeoutMs;
	let summary;
	try {
		const res = await rt.httpRequest('POST', n8n.webhookUrl(path), {
			body: { items },
			timeoutMs: 120000,
		});
		if (res.status !== 200) throw new Error(`webhook ${path} answered ${res.status}: ${res.text}`);
		for (;;) {
			const list = await untilDeadline(
				() => n8n.listExecutions(workflowId, { limit: 20 }),
				deadline,
			);
			summary = list.find(
				(e) => !known.has(String(e.id)) && FINISHED.includes(e.status) && e.stoppedAt,
			);
			if (summary) break;
			if (Date.now() > deadline)
				throw new Error(`${workflowId}: no finished execution after ${timeoutMs} ms`);
			await sleep(100);
		}
	} finally {
		if (sampler) clearInterval(sampler);
	}
	const outsideMs = Date.now() - started;
	const cpuAfter = cpuMsOf(pid);
	const memoryAfter = peakMemory ? memoryOf(pid) : undefined;
	const execution = await untilDeadline(() => n8n.getExecution(summary.id), deadline);
	if (execution.status !== 'success') {
		const error = execution.data && execution.data.resultData && execution.data.resultData.error;
		throw new Error(
			`${workflowId}: execution ${summary.id} ended "${execution.status}": ${error ? error.message : 'no error message'}`,
		);
	}
	return {
		execution,
		executionMs: executionMs(execution),
		outsideMs,
		// CPU the n8n main process spent from the webhook call until the execution was reported finished.
		cpuMs: cpuBefore === undefined || cpuAfter === undefined ? null : cpuAfter - cpuBefore,
		...(memoryBefore && memoryAfter
			? {
					rssBeforeBytes: memoryBefore.rss,
					peakRssBytes: peakReset ? memoryAfter.peak : sampledPeak,
					peakBy: peakReset ? 'VmHWM after clear_refs' : 'RSS sampled every 20 ms',
				}
			: {}),
	};
}

/**
 * `n8n execute --id … --rawOutput` in a fresh process (n8n start must be stopped: one SQLite
 * file), watching its peak RSS (VmHWM, which only grows) every 20 ms until it exits.
 * Resolves { data (run data), peak (bytes), ms }.
 */
function executeWithPeak(n8n, workflowId, { timeoutMs = 5 * 60 * 1000 } = {}) {
	return new Promise((resolve, reject) => {
		const started = Date.now();
		const child = spawn(
			n8n.runtime.nodeBin,
			[n8n.runtime.n8nBin, 'execute', `--id=${workflowId}`, '--rawOutput'],
			{
				cwd: n8n.userFolder,
				env: n8n.env(),
				detached: true, // its own process group, so the task runner it starts goes with it
				stdio: ['ignore', 'pipe', 'pipe'],
			},
		);
		const killGroup = () => rt.killGroup(child.pid, 'SIGKILL');
		process.once('exit', killGroup);
		let peak = 0;
		const out = [];
		const errors = [];
		child.stdout.on('data', (d) => out.push(d));
		child.stderr.on('data', (d) => errors.push(d));
		const watch = setInterval(() => {
			const memory = memoryOf(child.pid);
			if (memory) peak = Math.max(peak, memory.peak);
		}, 20);
		const timer = setTimeout(killGroup, timeoutMs);
		child.on('error', reject);
		child.on('close', (code, signal) => {
			clearInterval(watch);
			clearTimeout(timer);
			killGroup();
			process.removeListener('exit', killGroup);
			const stdout = Buffer.concat(out).toString('utf8');
			const data = rt.parseExecuteOutput(stdout);
			// The exit code is not trusted (n8n execute sometimes dies by a signal while shutting
			// down after printing a complete result): the printed execution decides.
			if (!data || data.status !== 'success')
				return reject(
					new Error(
						`n8n execute ${workflowId} exited ${code ?? signal}: ${Buffer.concat(errors).toString('utf8').slice(-2000)}${stdout.slice(-2000)}`,
					),
				);
			resolve({ data, peak, ms: Date.now() - started, exit: code ?? signal });
		});
	});
}

module.exports = {
	executeWithPeak,
	sleep,
	median,
	memoryOf,
	resetPeak,
	cpuMsOf,
	nodeSpan,
	outputItems,
	executionMs,
	runWorkflow,
};
