'use strict';
/**
 * `npm start` as a newcomer runs it: the demo comes up with the examples and credentials, the
 * printed login works, and Ctrl-C (SIGINT) stops n8n and the simulator, leaving nothing running.
 */
const fs = require('node:fs');
const { EXAMPLE_CREDENTIALS } = require('../../scripts/examples');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { requirePackageNodes, rt } = require('../../tools/harness');

// Real n8n runs: generous per-test time even under a config without a testTimeout.
jest.setTimeout(120000);

requirePackageNodes();

function waitFor(check, { timeoutMs, what }) {
	const deadline = Date.now() + timeoutMs;
	return new Promise((resolve, reject) => {
		const tick = () => {
			const v = check();
			if (v) return resolve(v);
			if (Date.now() > deadline)
				return reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
			setTimeout(tick, 200);
		};
		tick();
	});
}

async function refused(url) {
	try {
		await rt.httpRequest('GET', url, { timeoutMs: 3000 });
		return false;
	} catch (err) {
		return /ECONNREFUSED/.test(err.code || err.message);
	}
}

describe('npm start (scripts/start.js)', () => {
	let child;
	let out = '';
	let exit;
	let exited;

	afterAll(async () => {
		if (!child || exit !== undefined) return;
		// A failed test leaves the demo up: Ctrl-C first, because n8n runs in a process group of its
		// own that only the demo stops; SIGKILL only when it does not stop within 60 s.
		try {
			process.kill(child.pid, 'SIGINT');
		} catch {
			/* gone */
		}
		let timer;
		await Promise.race([exited, new Promise((r) => (timer = setTimeout(r, 60000)))]);
		clearTimeout(timer);
		if (exit === undefined) {
			try {
				process.kill(-child.pid, 'SIGKILL');
			} catch {
				/* gone */
			}
		}
	}, 90000);

	test(
		'comes up with the examples, logs in with the printed login, and Ctrl-C leaves nothing running',
		async () => {
			child = spawn(process.execPath, [path.join(rt.REPO_DIR, 'scripts', 'start.js')], {
				cwd: rt.REPO_DIR,
				env: { ...process.env, N8N_PORT: '0', SIMULATOR_PORT: '0' },
				detached: true, // its own process group, like a terminal's foreground job
				stdio: ['ignore', 'pipe', 'pipe'],
			});
			exited = new Promise((resolve) =>
				child.on('exit', (code, signal) => resolve((exit = { code, signal }))),
			);
			child.stdout.on('data', (d) => (out += d));
			child.stderr.on('data', (d) => (out += d));
			await waitFor(() => out.includes('Press Ctrl-C') || exit, {
				timeoutMs: 10 * 60 * 1000,
				what: 'the demo to be ready',
			});
			expect(out).toContain('Press Ctrl-C');

			const editor = /Editor:\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(out)[1];
			const [, email, password] = /Log in:\s+(\S+)\s+\/\s+(\S+)/.exec(out);
			const sim = /Simulator:\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(out)[1];
			const [, pid, userFolder] = /n8n pid (\d+), user folder ([^)]+)\)/.exec(out);
			const workflowUrls = [...out.matchAll(/(http:\/\/127\.0\.0\.1:\d+\/workflow\/\w+)/g)].map(
				(m) => m[1],
			);
			expect(workflowUrls.length).toBe(
				fs.readdirSync(path.join(rt.REPO_DIR, 'examples')).filter((f) => f.endsWith('.json'))
					.length,
			);

			// The printed login works, and the instance holds the examples and the four credentials.
			const inst = new rt.N8nInstance({
				runtime: { nodeDir: '', nodeBin: '', n8nDir: '', n8nBin: '' },
				baseDir: userFolder,
			});
			inst.port = Number(new URL(editor).port);
			inst.owner = { email, password };
			await inst.login();
			const workflows = await inst.restOk('GET', '/rest/workflows');
			const list = Array.isArray(workflows) ? workflows : workflows.data || workflows;
			expect(list.map((w) => `${editor}/workflow/${w.id}`).sort()).toEqual(
				[...workflowUrls].sort(),
			);
			const creds = await inst.restOk('GET', '/rest/credentials');
			expect((Array.isArray(creds) ? creds : creds.data).map((c) => c.name).sort()).toEqual(
				Object.values(EXAMPLE_CREDENTIALS)
					.map((credential) => credential.name)
					.sort(),
			);
			// The editor page itself is served (to a browser: n8n 1.x serves it only to requests that
			// accept text/html).
			const page = await rt.httpRequest('GET', `${editor}/signin`, {
				headers: { accept: 'text/html' },
			});
			expect(page.status).toBe(200);
			// The simulator answers.
			const simAnswer = await rt.httpRequest('GET', `${sim}/api/v2/voice/status/${'0'.repeat(32)}`);
			expect(simAnswer.status).toBe(401);

			// Ctrl-C: SIGINT to the demo only (n8n runs in a process group of its own).
			process.kill(child.pid, 'SIGINT');
			let timer;
			const result = await Promise.race([
				exited,
				new Promise((r) => (timer = setTimeout(() => r({ timeout: true }), 60000))),
			]);
			clearTimeout(timer);
			expect(result).toEqual({ code: 0, signal: null });
			expect(out).toContain('Nothing is left running');
			expect(rt.isAlive(Number(pid))).toBe(false);
			expect(await refused(`${editor}/healthz`)).toBe(true);
			expect(await refused(sim)).toBe(true);
			expect(fs.existsSync(userFolder)).toBe(false);
		},
		12 * 60 * 1000,
	);
});
