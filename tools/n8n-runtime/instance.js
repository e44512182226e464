'use strict';
/**
 * A real n8n in a fresh user folder: our packed package installed as a community package, driven
 * through n8n's CLI and, once started, its REST API and webhooks.
 */

const fs = require('node:fs');
const fsp = require('node:fs/promises');
const os = require('node:os');
const path = require('node:path');
const { spawn } = require('node:child_process');
const {
	REPO_DIR,
	N8N_VERSION,
	TEST_ENCRYPTION_KEY,
	n8nMajor,
	artifactsDir,
} = require('./settings');
const {
	log,
	secs,
	tail,
	StepError,
	run,
	mustRun,
	trackGroup,
	untrackGroup,
	killGroup,
} = require('./processes');
const { freePort, sleep, httpRequest } = require('./http');
const { ensureRuntime } = require('./cache');
const { installPackageInto, installedTemplate, rewriteTarballSpec } = require('./pack');

function parseExecuteOutput(stdout) {
	const lines = String(stdout).split('\n');
	const start = lines.findIndex((l) => l.trimEnd() === '{');
	if (start < 0) return undefined;
	// The JSON may be followed by more log lines: take the shortest prefix that parses, from the end.
	const rest = lines.slice(start);
	for (let end = rest.length; end > 0; end--) {
		if (rest[end - 1].trimEnd() !== '}') continue;
		try {
			return JSON.parse(rest.slice(0, end).join('\n'));
		} catch {
			/* keep looking */
		}
	}
	return undefined;
}

let instanceCounter = 0;

class N8nInstance {
	/**
	 * @param {object} o
	 * @param {object} o.runtime   result of ensureRuntime()
	 * @param {string} [o.name]    label used for the folder and the log file
	 * @param {string} [o.baseDir] where the user folder lives (default: a new temp dir)
	 */
	constructor({ runtime, name = 'n8n', baseDir, encryptionKey = TEST_ENCRYPTION_KEY, logDir }) {
		this.runtime = runtime;
		this.name = name;
		this.dir = baseDir || fs.mkdtempSync(path.join(os.tmpdir(), `n8n-bitel-${name}-`));
		this.ownsDir = !baseDir;
		this.userFolder = this.dir;
		this.encryptionKey = encryptionKey;
		this.logDir = logDir || path.join(artifactsDir(runtime.n8nVersion), 'logs');
		this.logFile = path.join(this.logDir, `${name}-${process.pid}-${++instanceCounter}.log`);
		this.port = null;
		this.brokerPort = null;
		this.proc = null;
		this.cookie = null;
		this.owner = null;
	}

	get baseUrl() {
		return `http://127.0.0.1:${this.port}`;
	}

	/**
	 * n8n 1.x and 2.x differ in activation (2.x "publishes"), in the manual-run request and in
	 * what the REST API reports; the methods below branch on this, nowhere else.
	 */
	get isN8n1() {
		return n8nMajor(this.runtime.n8nVersion || N8N_VERSION) < 2;
	}

	webhookUrl(p) {
		return `${this.baseUrl}/webhook/${p.replace(/^\//, '')}`;
	}

	async init() {
		await fsp.mkdir(path.join(this.userFolder, '.n8n'), { recursive: true });
		await fsp.mkdir(this.logDir, { recursive: true });
		if (!this.brokerPort) this.brokerPort = await freePort();
		if (!this.port) this.port = await freePort();
		return this;
	}

	/** The environment of every n8n process of this instance: loopback only, nothing calling out. */
	env(extra = {}) {
		const base = { ...process.env };
		for (const k of Object.keys(base)) {
			// NODE_ENV=test (set by jest) silences n8n's logger and breaks `n8n start`; jest's own
			// variables and npm's lifecycle variables are no business of n8n either.
			if (
				k === 'NODE_OPTIONS' ||
				k === 'NODE_ENV' ||
				k.startsWith('JEST_') ||
				k.startsWith('npm_') ||
				k.startsWith('N8N_') ||
				k === 'WEBHOOK_URL' ||
				k.startsWith('DB_') ||
				k.startsWith('EXECUTIONS_')
			)
				delete base[k];
		}
		return {
			...base,
			NODE_ENV: 'production',
			EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'all',
			EXECUTIONS_DATA_SAVE_ON_ERROR: 'all',
			EXECUTIONS_DATA_SAVE_MANUAL_EXECUTIONS: 'true',
			PATH: `${path.join(this.runtime.nodeDir, 'bin')}${path.delimiter}${process.env.PATH || ''}`,
			N8N_USER_FOLDER: this.userFolder,
			DB_TYPE: 'sqlite',
			N8N_ENCRYPTION_KEY: this.encryptionKey,
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_DIAGNOSTICS_CONFIG_FRONTEND: '',
			N8N_DIAGNOSTICS_CONFIG_BACKEND: '',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_HIRING_BANNER_ENABLED: 'false',
			// 2.x's MCP-registry module calls n8n's public API at start; 1.x has no such module and
			// refuses to start when an unknown one is named.
			...(this.isN8n1 ? {} : { N8N_DISABLED_MODULES: 'mcp-registry' }),
			N8N_LOG_LEVEL: 'info',
			N8N_LOG_OUTPUT: 'console',
			N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
			N8N_RUNNERS_BROKER_PORT: String(this.brokerPort),
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_HOST: '127.0.0.1',
			N8N_PORT: String(this.port),
			N8N_PROTOCOL: 'http',
			N8N_SECURE_COOKIE: 'false',
			N8N_WEBHOOK_URL: `http://127.0.0.1:${this.port}/`,
			N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
			N8N_EDITOR_BASE_URL: `http://127.0.0.1:${this.port}/`,
			N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
			N8N_BLOCK_ENV_ACCESS_IN_NODE: 'true',
			...extra,
		};
	}

	/** Run an n8n CLI command to completion. */
	async cli(args, { timeoutMs = 3 * 60 * 1000, allowFail = false, env } = {}) {
		const r = await run(this.runtime.nodeBin, [this.runtime.n8nBin, ...args], {
			cwd: this.userFolder,
			env: this.env(env),
			timeoutMs,
		});
		await fsp.appendFile(
			this.logFile,
			`\n$ n8n ${args.join(' ')}  (exit ${r.code ?? `by ${r.signal}`}${r.timedOut ? ', timed out' : ''}, ${secs(r.ms)})\n${r.stdout}${r.stderr}`,
		);
		if (!allowFail && r.code !== 0) {
			throw new StepError(
				`n8n ${args[0]}`,
				`exited with ${r.timedOut ? 'a timeout' : (r.code ?? r.signal)}`,
				`--- stdout (tail) ---\n${tail(r.stdout)}\n--- stderr (tail) ---\n${tail(r.stderr)}`,
			);
		}
		return r;
	}

	/**
	 * Install a packed tarball as a community package, as n8n's own installer lays it out.
	 * With `reuse`, the tarball is installed once (npm resolves the peer tree for its lock file:
	 * about 15 s) into a folder next to it, keyed by its content, and every later instance gets
	 * a copy of that folder with the tarball's relative path rewritten, as npm would write it.
	 */
	async installPackage(tgz, { reuse = false } = {}) {
		const nodesDir = path.join(this.userFolder, '.n8n', 'nodes');
		if (!reuse) return installPackageInto(nodesDir, tgz);
		const template = await installedTemplate(tgz);
		await fsp.mkdir(path.dirname(nodesDir), { recursive: true });
		await fsp.cp(template, nodesDir, { recursive: true });
		await rewriteTarballSpec(nodesDir, template, nodesDir, tgz);
		return { code: 0 };
	}

	async importCredentials(credentials) {
		const file = path.join(this.dir, `credentials-${Date.now()}.json`);
		await fsp.writeFile(file, JSON.stringify(credentials, null, 2));
		return this.cli(['import:credentials', `--input=${file}`]);
	}

	/** Import workflows (objects, each with a fixed `id`) in one CLI call. */
	async importWorkflows(workflows) {
		const dir = await fsp.mkdtemp(path.join(this.dir, 'wf-'));
		for (const wf of workflows) {
			if (!wf.id) throw new Error(`workflow "${wf.name}" needs a fixed id to be imported`);
			await fsp.writeFile(path.join(dir, `${wf.id}.json`), JSON.stringify(wf, null, 2));
		}
		return this.cli(['import:workflow', '--separate', `--input=${dir}`]);
	}

	/**
	 * Activate a workflow imported while n8n is stopped: `n8n publish:workflow` on 2.x, which
	 * replaced 1.x's `n8n update:workflow --active=true`.
	 */
	async publishWorkflow(id) {
		if (this.isN8n1) return this.cli(['update:workflow', `--id=${id}`, '--active=true']);
		return this.cli(['publish:workflow', `--id=${id}`]);
	}

	/**
	 * `n8n execute --id … --rawOutput`: resolves {code, ok, data (the run data JSON or error JSON), stdout, stderr, ms}.
	 * The exit code is reported but callers must assert on the data. `env` adds to n8n's environment.
	 */
	async execute(id, { timeoutMs = 3 * 60 * 1000, env } = {}) {
		const r = await this.cli(['execute', `--id=${id}`, '--rawOutput'], {
			timeoutMs,
			allowFail: true,
			env,
		});
		const data = parseExecuteOutput(r.stdout);
		return {
			code: r.code,
			signal: r.signal,
			ok: r.code === 0 && data !== undefined,
			data,
			stdout: r.stdout,
			stderr: r.stderr,
			ms: r.ms,
		};
	}

	/** `n8n execute-batch`; returns {ids → full run data or null (no snapshot = failed)}. Exit code is not trusted. */
	async executeBatch(ids, { timeoutMs = 5 * 60 * 1000 } = {}) {
		const snap = await fsp.mkdtemp(path.join(this.dir, 'snap-'));
		const r = await this.cli(
			[
				'execute-batch',
				`--ids=${ids.join(',')}`,
				'--retries=1',
				`--snapshot=${snap}`,
				`--output=${path.join(snap, 'summary.json')}`,
			],
			{ timeoutMs, allowFail: true },
		);
		const results = {};
		for (const id of ids) {
			const f = path.join(snap, `${id}-snapshot.json`);
			results[id] = fs.existsSync(f) ? JSON.parse(await fsp.readFile(f, 'utf8')) : null;
		}
		return { code: r.code, results, stdout: r.stdout, stderr: r.stderr };
	}

	// --- n8n start ------------------------------------------------------------------------

	get running() {
		return !!this.proc && this.proc.exitCode === null && this.proc.signalCode === null;
	}

	/**
	 * `n8n start` on 127.0.0.1; resolves when /healthz/readiness answers 200 and (on 1.x) the
	 * REST API is mounted, polled every `readyPollMs` (the benchmark polls faster to time
	 * start-up). Sets `startMs`.
	 */
	async start({ readyTimeoutMs = 120000, readyPollMs = 250 } = {}) {
		if (this.running) return this;
		await this.init();
		const out = fs.openSync(this.logFile, 'a');
		fs.writeSync(out, `\n$ n8n start (port ${this.port}, broker ${this.brokerPort})\n`);
		const t0 = Date.now();
		// N8N_BITEL_CPU_PROFILE_DIR: profile n8n's main process (Node writes a .cpuprofile on exit).
		const profileDir = process.env.N8N_BITEL_CPU_PROFILE_DIR;
		const profiling = profileDir
			? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(profileDir)}`]
			: [];
		const child = spawn(this.runtime.nodeBin, [...profiling, this.runtime.n8nBin, 'start'], {
			cwd: this.userFolder,
			env: this.env(),
			detached: true,
			stdio: ['ignore', out, out],
		});
		fs.closeSync(out);
		this.proc = child;
		trackGroup(child.pid);
		const exited = new Promise((resolve) =>
			child.once('exit', (code, signal) => resolve({ code, signal })),
		);
		this.exited = exited;
		let early = null;
		exited.then((r) => {
			early = r;
		});
		const deadline = Date.now() + readyTimeoutMs;
		for (;;) {
			if (early) {
				throw new StepError(
					'n8n start',
					`exited before it was ready (${early.code ?? early.signal})`,
					tail(fs.readFileSync(this.logFile, 'utf8')),
				);
			}
			try {
				const res = await httpRequest('GET', `${this.baseUrl}/healthz/readiness`, {
					timeoutMs: 2000,
				});
				if (res.status === 200 && (await this.restMounted())) break;
			} catch {
				/* not listening yet */
			}
			if (Date.now() > deadline) {
				await this.stop();
				throw new StepError(
					'n8n start',
					`not ready after ${secs(readyTimeoutMs)}`,
					tail(fs.readFileSync(this.logFile, 'utf8')),
				);
			}
			await sleep(readyPollMs);
		}
		this.startMs = Date.now() - t0;
		log(
			`n8n (${this.name}) ready on ${this.baseUrl} in ${secs(this.startMs)}; log: ${path.relative(REPO_DIR, this.logFile)}`,
		);
		return this;
	}

	/**
	 * n8n 1.x answers /healthz/readiness as soon as its database is ready, before it mounts the
	 * REST API (a POST /rest/owner/setup then gets Express's 404). Its public /rest/settings
	 * answering 200 means the API is there. 2.x is ready only once the API is.
	 */
	async restMounted() {
		if (!this.isN8n1) return true;
		const res = await httpRequest('GET', `${this.baseUrl}/rest/settings`, { timeoutMs: 2000 });
		return res.status === 200;
	}

	/** SIGTERM, wait (bounded), then SIGKILL the whole process group; nothing is left running. */
	async stop({ graceMs = 20000 } = {}) {
		const child = this.proc;
		if (!child) return;
		const pgid = child.pid;
		if (this.running) {
			try {
				child.kill('SIGTERM');
			} catch {
				/* gone */
			}
			let timer;
			const done = await Promise.race([
				this.exited.then(() => true),
				new Promise((r) => {
					timer = setTimeout(() => r(false), graceMs);
				}),
			]);
			clearTimeout(timer);
			if (!done) log(`n8n (${this.name}) ignored SIGTERM for ${secs(graceMs)}; killing`);
		}
		killGroup(pgid, 'SIGKILL');
		for (let i = 0; i < 50; i++) {
			try {
				process.kill(-pgid, 0);
			} catch {
				break;
			}
			await sleep(100);
		}
		untrackGroup(pgid);
		this.proc = null;
		this.cookie = null;
	}

	/** Stop n8n and remove the user folder (unless N8N_BITEL_KEEP=1). */
	async dispose() {
		await this.stop();
		if (this.ownsDir && !process.env.N8N_BITEL_KEEP)
			await fsp.rm(this.dir, { recursive: true, force: true });
		else log(`kept n8n user folder ${this.dir}`);
	}

	// --- REST -------------------------------------------------------------------------------

	/** Call n8n's REST API (/rest/…) with the session cookie; resolves {status, body, headers}. */
	async rest(method, p, body, { headers = {}, timeoutMs = 60000 } = {}) {
		const res = await httpRequest(
			method,
			`${this.baseUrl}${p.startsWith('/') ? p : `/rest/${p}`}`,
			{
				headers: {
					accept: 'application/json',
					...(this.cookie ? { cookie: this.cookie } : {}),
					...headers,
				},
				body,
				timeoutMs,
			},
		);
		const setCookie = [].concat(res.headers['set-cookie'] || []);
		for (const c of setCookie) {
			const m = /^(n8n-auth=[^;]*)/.exec(c);
			if (m) this.cookie = m[1];
		}
		let parsed = res.text;
		try {
			parsed = res.text ? JSON.parse(res.text) : undefined;
		} catch {
			/* not JSON */
		}
		return { status: res.status, body: parsed, headers: res.headers };
	}

	async restOk(method, p, body, opts) {
		const r = await this.rest(method, p, body, opts);
		if (r.status < 200 || r.status >= 300) {
			throw new Error(
				`${method} ${p} -> HTTP ${r.status}: ${tail(typeof r.body === 'string' ? r.body : JSON.stringify(r.body), 2000)}`,
			);
		}
		return r.body && typeof r.body === 'object' && 'data' in r.body ? r.body.data : r.body;
	}

	/** Create the instance owner (POST /rest/owner/setup); keeps the session cookie. */
	async setupOwner(owner = {}) {
		this.owner = {
			email: owner.email || 'owner@example.com',
			password: owner.password || 'Bitel-e2e-Passw0rd',
			firstName: owner.firstName || 'Test',
			lastName: owner.lastName || 'Owner',
		};
		return this.restOk('POST', '/rest/owner/setup', this.owner);
	}

	async login() {
		return this.restOk('POST', '/rest/login', {
			emailOrLdapLoginId: this.owner.email,
			password: this.owner.password,
		});
	}

	/**
	 * n8n's own credential test (what the editor's "Retry"/"Save" button calls):
	 * POST /rest/credentials/test with {credentials: {id, name, type, data}} → {status: 'OK'|'Error', message}.
	 */
	async testCredential(credential) {
		return this.restOk('POST', '/rest/credentials/test', { credentials: credential });
	}

	/**
	 * Publish (activate) a workflow of a running instance and wait (bounded) until n8n reports every
	 * trigger of it activated: activation finishes after the REST call returns.
	 */
	async activateWorkflow(id, { timeoutMs = 30000 } = {}) {
		const wf = await this.restOk('GET', `/rest/workflows/${id}`);
		await this.restOk('POST', `/rest/workflows/${id}/activate`, { versionId: wf.versionId });
		if (this.isN8n1) return this.confirmActiveN8n1(id);
		const deadline = Date.now() + timeoutMs;
		let last;
		for (;;) {
			last = await this.restOk('GET', `/rest/workflows/${id}/publication-status`);
			const triggers = (last && last.triggers) || [];
			const failed = triggers.find((t) => t.status === 'error' || t.errorMessage);
			if (failed)
				throw new Error(
					`activating ${id} failed: ${failed.errorMessage || JSON.stringify(failed)}`,
				);
			if (
				last &&
				last.status === 'published' &&
				triggers.length > 0 &&
				triggers.every((t) => t.status === 'activated')
			)
				return last;
			if (Date.now() > deadline)
				throw new Error(
					`workflow ${id} not activated after ${secs(timeoutMs)}: ${JSON.stringify(last)}`,
				);
			await sleep(100);
		}
	}

	/**
	 * n8n 1.x has no publication status: its activate call returns once every trigger is
	 * registered and answers 400 (restOk throws) when one fails. What is left to check is that
	 * n8n now lists the workflow as active and holds no activation error for it.
	 */
	async confirmActiveN8n1(id) {
		const active = await this.restOk('GET', '/rest/active-workflows');
		const activationError = await this.restOk('GET', `/rest/active-workflows/error/${id}`);
		if (!Array.isArray(active) || !active.includes(id) || activationError) {
			throw new Error(
				`workflow ${id} not activated: active ${JSON.stringify(active)}, error ${JSON.stringify(activationError)}`,
			);
		}
		return { status: 'published', triggers: [] };
	}

	/**
	 * What the editor's "Execute workflow" button does: a manual run from `triggerName`
	 * (POST /rest/workflows/:id/run), then wait (bounded) for the execution and return it decoded.
	 * n8n 1.x runs the workflow the editor sends (`workflowData`); 2.x runs the saved one.
	 */
	async runManually(id, triggerName, { timeoutMs = 120000 } = {}) {
		const body = { triggerToStartFrom: { name: triggerName } };
		if (this.isN8n1) body.workflowData = await this.restOk('GET', `/rest/workflows/${id}`);
		const started = await this.restOk('POST', `/rest/workflows/${id}/run`, body);
		const executionId = started && started.executionId;
		if (!executionId)
			throw new Error(`manual run of ${id} did not start an execution: ${JSON.stringify(started)}`);
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const r = await this.rest('GET', `/rest/executions/${executionId}`);
			if (
				r.status === 200 &&
				r.body &&
				r.body.data &&
				['success', 'error', 'crashed', 'canceled'].includes(r.body.data.status) &&
				r.body.data.stoppedAt
			) {
				return this.getExecution(executionId);
			}
			if (Date.now() > deadline)
				throw new Error(`manual run ${executionId} of ${id} not finished after ${secs(timeoutMs)}`);
			await sleep(200);
		}
	}

	async deactivateWorkflow(id) {
		return this.restOk('POST', `/rest/workflows/${id}/deactivate`, {});
	}

	/** Executions of a workflow, newest first (summaries). */
	async listExecutions(workflowId, { limit = 20 } = {}) {
		const filter = encodeURIComponent(JSON.stringify({ workflowId }));
		const data = await this.restOk('GET', `/rest/executions?filter=${filter}&limit=${limit}`);
		return Array.isArray(data) ? data : data.results || [];
	}

	/** One execution with its run data decoded (n8n stores it "flatted"). */
	async getExecution(id) {
		const ex = await this.restOk('GET', `/rest/executions/${id}`);
		if (ex && typeof ex.data === 'string') {
			const flatted = require(
				require.resolve('flatted', {
					paths: [path.join(this.runtime.n8nDir, 'node_modules', 'n8n')],
				}),
			);
			ex.data = flatted.parse(ex.data);
		}
		return ex;
	}

	/**
	 * Wait (bounded) until `count` finished executions of a workflow exist beyond `after` (a list of known ids);
	 * resolves the new ones, decoded, oldest first.
	 */
	async waitForExecutions(workflowId, { after = [], count = 1, timeoutMs = 30000 } = {}) {
		const known = new Set(after.map(String));
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const list = await this.listExecutions(workflowId, { limit: 50 });
			const fresh = list.filter((e) => !known.has(String(e.id)));
			const done = fresh.filter(
				(e) => ['success', 'error', 'crashed', 'canceled'].includes(e.status) && e.stoppedAt,
			);
			if (done.length >= count) {
				done.sort((a, b) => Number(a.id) - Number(b.id));
				const out = [];
				for (const e of done.slice(0, count)) out.push(await this.getExecution(e.id));
				return out;
			}
			if (Date.now() > deadline) {
				throw new Error(
					`timed out after ${secs(timeoutMs)} waiting for ${count} new execution(s) of ${workflowId} (saw ${fresh.length})`,
				);
			}
			await sleep(200);
		}
	}
}

/** A fresh n8n user folder with our packed package installed as a community package. */
async function createInstance({ runtime, tgz, name, baseDir, logDir } = {}) {
	const rt = runtime || (await ensureRuntime());
	const inst = new N8nInstance({ runtime: rt, name, baseDir, logDir });
	await inst.init();
	if (tgz) {
		const t0 = Date.now();
		await inst.installPackage(tgz, { reuse: true });
		log(
			`installed ${path.basename(tgz)} into ${path.join(inst.userFolder, '.n8n', 'nodes')} in ${secs(Date.now() - t0)}`,
		);
	}
	return inst;
}

module.exports = { parseExecuteOutput, N8nInstance, createInstance };
