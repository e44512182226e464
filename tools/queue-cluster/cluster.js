'use strict';
/**
 * n8n in queue mode on one machine, the way a scaled deployment runs it: PostgreSQL shared by
 * every process, Redis as the queue, one main instance (`n8n start`: UI, REST, webhooks,
 * triggers) and N workers (`n8n worker`) that execute. Every process has its own user folder
 * with our packed tarball installed as a community package, like a container per process, and
 * the same encryption key.
 *
 * Built on tools/n8n-runtime (runtime, packing, N8nInstance) and tools/harness.js
 * (credentials, fixtures); only the queue-mode parts live here.
 */
const fs = require('node:fs');
const fsp = require('node:fs/promises');
const path = require('node:path');
const rt = require('../n8n-runtime');
const harness = require('../harness');
const services = require('./services');

/** Jobs one worker runs at once (`n8n worker --concurrency`): the smallest n8n runs without a warning. */
const WORKER_CONCURRENCY = 5;

/** An n8n process of the cluster: N8nInstance whose every command also gets the queue-mode environment. */
class QueueInstance extends rt.N8nInstance {
	constructor({ queueEnv, ...rest }) {
		super(rest);
		this.queueEnv = queueEnv;
	}

	env(extra = {}) {
		return super.env({ ...this.queueEnv, ...extra });
	}
}

/** `n8n worker`: no UI or webhooks; ready when its health server answers /healthz/readiness. */
class QueueWorker extends QueueInstance {
	constructor(opts) {
		super(opts);
		this.healthPort = null;
		this.process = null;
		this.starts = 0;
	}

	async init() {
		await super.init();
		if (!this.healthPort) this.healthPort = await rt.freePort();
		return this;
	}

	env(extra = {}) {
		return super.env({
			QUEUE_HEALTH_CHECK_ACTIVE: 'true',
			QUEUE_HEALTH_CHECK_PORT: String(this.healthPort),
			N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
			...extra,
		});
	}

	get running() {
		return !!this.process && this.process.running();
	}

	async start({ readyTimeoutMs = 120000 } = {}) {
		if (this.running) return this;
		await this.init();
		const t0 = Date.now();
		this.process = services.startProcess(
			this.name,
			this.runtime.nodeBin,
			[this.runtime.n8nBin, 'worker', `--concurrency=${WORKER_CONCURRENCY}`],
			{ env: this.env(), cwd: this.userFolder, logFile: this.logFile },
		);
		this.starts += 1;
		const readiness = `http://127.0.0.1:${this.healthPort}/healthz/readiness`;
		const deadline = Date.now() + readyTimeoutMs;
		for (;;) {
			if (!this.process.running()) {
				throw new Error(
					`n8n worker ${this.name} exited before it was ready (${JSON.stringify(this.process.exitResult())}):\n` +
						fs.readFileSync(this.logFile, 'utf8').slice(-3000),
				);
			}
			try {
				const res = await rt.httpRequest('GET', readiness, { timeoutMs: 2000 });
				if (res.status === 200) break;
			} catch {
				/* not listening yet */
			}
			if (Date.now() > deadline) {
				await this.stop();
				throw new Error(
					`n8n worker ${this.name} not ready after ${readyTimeoutMs} ms; see ${this.logFile}`,
				);
			}
			await services.sleep(250);
		}
		this.startMs = Date.now() - t0;
		services.log(
			`worker ${this.name} ready in ${(this.startMs / 1000).toFixed(1)} s; log: ${this.logFile}`,
		);
		return this;
	}

	/** SIGTERM: n8n's graceful shutdown lets the jobs it holds finish first. */
	async stop({ graceMs = 40000 } = {}) {
		const t0 = Date.now();
		await services.stopProcess(this.process, { signal: 'SIGTERM', graceMs });
		const result = this.process && this.process.exitResult();
		this.process = null;
		return { ms: Date.now() - t0, result };
	}

	/** Execution ids this worker started, from its log (`Worker started execution <id> (job <n>)`). */
	executionIds() {
		return idsInLog(this.logFile, /Worker started execution (\d+) \(job/g);
	}
}

function idsInLog(file, pattern) {
	let text = '';
	try {
		text = fs.readFileSync(file, 'utf8');
	} catch {
		return [];
	}
	return [...text.matchAll(pattern)].map((m) => m[1]);
}

/**
 * Start Redis, PostgreSQL, the main instance and `workers` workers.
 * @param {object} o
 * @param {object} o.sim            the simulator (credentials point at it)
 * @param {object} o.DEFAULTS       the simulator's defaults
 * @param {string[]} o.workflows    fixture ids under test/e2e/workflows/
 * @param {string[]} o.activate     workflow ids to publish once main runs
 * @param {number} [o.workers]
 */
async function startQueueCluster({ sim, DEFAULTS, workflows, activate, workers = 2 }) {
	const timings = {};
	const lap = async (name, fn) => {
		const t0 = Date.now();
		const r = await fn();
		timings[name] = Date.now() - t0;
		return r;
	};
	const cluster = new QueueCluster(timings);
	try {
		const bins = await lap('installServers', () => services.ensureServerBinaries());
		cluster.installedPackages = bins.installed;
		const runtime = await lap('runtime', () => rt.ensureRuntime());
		const tgz = await lap('pack', () => rt.packPackage());
		cluster.baseDir = await services.makeBaseDir();
		const baseDir = cluster.baseDir;
		services.signalHooks.add(() => fs.rmSync(baseDir, { recursive: true, force: true }));
		const logDir = path.join(rt.REPO_DIR, 'test-artifacts', 'logs');
		await fsp.mkdir(logDir, { recursive: true });

		[cluster.postgres, cluster.redis] = await lap('startServers', () =>
			Promise.all([
				services.startPostgres({ pgBin: bins.pgBin, baseDir, logDir }),
				services.startRedis({ redis: bins.redis, baseDir, logDir }),
			]),
		);
		timings.postgres = cluster.postgres.ms;
		timings.redis = cluster.redis.ms;

		const queueEnv = {
			EXECUTIONS_MODE: 'queue',
			QUEUE_BULL_REDIS_HOST: '127.0.0.1',
			QUEUE_BULL_REDIS_PORT: String(cluster.redis.port),
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(cluster.postgres.port),
			DB_POSTGRESDB_DATABASE: cluster.postgres.database,
			DB_POSTGRESDB_USER: cluster.postgres.user,
			DB_POSTGRESDB_PASSWORD: '',
			// Manual runs (the editor's button) go to the workers too, as in most scaled setups.
			OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
		};
		const make = (Cls, name) =>
			new Cls({ runtime, name, baseDir: path.join(baseDir, name), logDir, queueEnv });
		cluster.main = make(QueueInstance, 'queue-main');
		for (let i = 1; i <= workers; i++) cluster.workers.push(make(QueueWorker, `queue-worker${i}`));
		const all = [cluster.main, ...cluster.workers];

		// Every process gets the package, as every container of a real deployment has it: npm
		// installs it once, the other user folders get copies.
		await lap('installPackage', async () => {
			await Promise.all(all.map((inst) => inst.init()));
			await all[0].installPackage(tgz, { reuse: true });
			await Promise.all(all.slice(1).map((inst) => inst.installPackage(tgz, { reuse: true })));
		});
		// One shared database: credentials and workflows are imported once.
		await lap('import', async () => {
			const creds = harness.simulatorCredentials(sim, DEFAULTS);
			await cluster.main.importCredentials(creds);
			await cluster.main.importWorkflows(workflows.map(harness.loadWorkflow));
		});
		await lap('startMain', () => cluster.main.start());
		services.signalHooks.add(() => {
			if (cluster.main.proc) rt.killGroup(cluster.main.proc.pid, 'SIGKILL');
		});
		await cluster.main.setupOwner();
		await lap('activate', async () => {
			for (const id of activate) await cluster.main.activateWorkflow(id);
		});
		await lap('startWorkers', () => Promise.all(cluster.workers.map((w) => w.start())));
		return cluster;
	} catch (err) {
		await cluster.close();
		throw err;
	}
}

class QueueCluster {
	constructor(timings) {
		this.timings = timings;
		this.workers = [];
		this.main = null;
		this.postgres = null;
		this.redis = null;
		this.baseDir = null;
		this.installedPackages = [];
	}

	/** Execution ids the main instance put on the queue. */
	enqueuedIds() {
		return idsInLog(this.main.logFile, /Enqueued execution (\d+) \(job/g);
	}

	/** { executionId: [worker names that started it] } for the given ids. */
	whoRan(ids) {
		const byWorker = this.workers.map((w) => [w.name, new Set(w.executionIds())]);
		const out = {};
		for (const id of ids.map(String))
			out[id] = byWorker.filter(([, s]) => s.has(id)).map(([n]) => n);
		return out;
	}

	/** { workerName: count } over the given execution ids. */
	perWorker(ids) {
		const counts = Object.fromEntries(this.workers.map((w) => [w.name, 0]));
		for (const names of Object.values(this.whoRan(ids))) for (const n of names) counts[n] += 1;
		return counts;
	}

	async close() {
		for (const w of this.workers) await w.stop({ graceMs: 15000 }).catch(() => {});
		// Main sometimes still counts a few executions as active although their jobs finished
		// (it logged "Execution <id> finished" for every one); its graceful stop then waits for
		// them until its timeout. The cluster is thrown away, so main gets a short grace.
		if (this.main) await this.main.stop({ graceMs: 8000 }).catch(() => {});
		if (this.redis) await this.redis.stop().catch(() => {});
		if (this.postgres) await this.postgres.stop().catch(() => {});
		if (this.baseDir && !process.env.N8N_BITEL_KEEP)
			await fsp.rm(this.baseDir, { recursive: true, force: true }).catch(() => {});
		else if (this.baseDir) services.log(`kept ${this.baseDir}`);
	}
}

module.exports = {
	startQueueCluster,
	QueueCluster,
	QueueInstance,
	QueueWorker,
	WORKER_CONCURRENCY,
};
