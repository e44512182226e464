'use strict';
/**
 * Commands run in process groups of their own (a timeout or the exit of this process kills all
 * they spawned), named steps with timings, and the log and error shapes every module uses.
 */

const { spawn } = require('node:child_process');

function log(...args) {
	if (process.env.N8N_BITEL_QUIET) return;
	process.stderr.write(`[n8n-runtime] ${args.join(' ')}\n`);
}

function secs(ms) {
	return `${(ms / 1000).toFixed(1)} s`;
}

class StepError extends Error {
	constructor(step, message, detail) {
		super(`n8n-runtime: step "${step}" failed: ${message}${detail ? `\n${detail}` : ''}`);
		this.step = step;
	}
}

/** Last `n` characters of a string, for error messages. */
function tail(text, n = 4000) {
	const s = String(text || '');
	return s.length > n ? `…${s.slice(-n)}` : s;
}

/**
 * Run a command; resolves {code, signal, stdout, stderr, ms}. The child gets its own process
 * group so that a timeout kills everything it spawned.
 */
function run(cmd, args, opts = {}) {
	const { cwd, env, timeoutMs = 10 * 60 * 1000, echo = false, input } = opts;
	return new Promise((resolve, reject) => {
		const started = Date.now();
		let child;
		try {
			child = spawn(cmd, args, {
				cwd,
				env: env || process.env,
				detached: true,
				stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
			});
		} catch (err) {
			reject(err);
			return;
		}
		trackGroup(child.pid);
		const out = [];
		const errs = [];
		child.stdout.on('data', (d) => {
			out.push(d);
			if (echo) process.stderr.write(d);
		});
		child.stderr.on('data', (d) => {
			errs.push(d);
			if (echo) process.stderr.write(d);
		});
		if (input !== undefined) child.stdin.end(input);
		let timedOut = false;
		const timer = setTimeout(() => {
			timedOut = true;
			killGroup(child.pid, 'SIGKILL');
		}, timeoutMs);
		child.on('error', (err) => {
			clearTimeout(timer);
			untrackGroup(child.pid);
			reject(err);
		});
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			// Anything the command left behind in its group goes too.
			killGroup(child.pid, 'SIGKILL');
			untrackGroup(child.pid);
			resolve({
				code,
				signal,
				timedOut,
				stdout: Buffer.concat(out).toString('utf8'),
				stderr: Buffer.concat(errs).toString('utf8'),
				ms: Date.now() - started,
			});
		});
	});
}

// ---------------------------------------------------------------------------------------------
// Process groups we started: killed on exit so that nothing is left running.
const liveGroups = new Set();
let exitHookInstalled = false;
function trackGroup(pid) {
	if (!pid) return;
	liveGroups.add(pid);
	if (!exitHookInstalled) {
		exitHookInstalled = true;
		process.on('exit', () => {
			for (const g of liveGroups) killGroup(g, 'SIGKILL');
		});
	}
}
function untrackGroup(pid) {
	liveGroups.delete(pid);
}
function killGroup(pid, signal) {
	if (!pid) return false;
	try {
		process.kill(-pid, signal);
		return true;
	} catch {
		return false;
	}
}
function isAlive(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch (err) {
		return err.code === 'EPERM';
	}
}

async function step(name, fn, timings) {
	const t0 = Date.now();
	log(`${name}…`);
	try {
		const r = await fn();
		const ms = Date.now() - t0;
		if (timings) timings.push({ step: name, ms });
		log(`${name}: done in ${secs(ms)}`);
		return r;
	} catch (err) {
		if (err instanceof StepError) throw err;
		throw new StepError(name, err.message, err.stack);
	}
}

async function mustRun(stepName, cmd, args, opts) {
	const r = await run(cmd, args, opts);
	if (r.code !== 0) {
		throw new StepError(
			stepName,
			`\`${cmd} ${args.join(' ')}\` ${r.timedOut ? 'timed out' : `exited with ${r.code ?? r.signal}`}`,
			`--- stdout (tail) ---\n${tail(r.stdout)}\n--- stderr (tail) ---\n${tail(r.stderr)}`,
		);
	}
	return r;
}

module.exports = {
	log,
	secs,
	tail,
	StepError,
	run,
	step,
	mustRun,
	trackGroup,
	untrackGroup,
	killGroup,
	isAlive,
};
