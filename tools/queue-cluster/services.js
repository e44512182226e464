'use strict';
/**
 * Throwaway Redis and PostgreSQL for the queue-mode test: Debian's packages (installed with
 * apt-get when missing and we are root), each server on 127.0.0.1 on a free port with its data
 * in a temp folder, and every process we start stopped when the test ends, passes, fails or is
 * interrupted (SIGINT/SIGTERM).
 */
const fs = require('node:fs');
const fsp = require('node:fs/promises');
const os = require('node:os');
const path = require('node:path');
const net = require('node:net');
const { spawn, spawnSync } = require('node:child_process');
const rt = require('../n8n-runtime');

const APT_PACKAGES = ['redis-server', 'postgresql'];
const REDIS_CANDIDATES = ['/usr/bin/redis-server', '/usr/local/bin/redis-server'];
const PG_ROOT = '/usr/lib/postgresql';
/** The database role and database n8n uses (trust authentication on loopback only). */
const PG_USER = 'n8n';
const PG_DATABASE = 'n8n';

function log(message) {
	process.stderr.write(`[scale] ${message}\n`);
}

function sleep(ms) {
	return new Promise((r) => setTimeout(r, ms));
}

// ---------------------------------------------------------------------------------------------
// Processes we started: each in its own process group, all killed when this process goes away.

const live = new Map(); // pgid -> name
let hooksInstalled = false;

function killAllNow() {
	for (const pgid of live.keys()) rt.killGroup(pgid, 'SIGKILL');
	live.clear();
}

function installHooks() {
	if (hooksInstalled) return;
	hooksInstalled = true;
	process.on('exit', killAllNow);
	for (const signal of ['SIGINT', 'SIGTERM']) {
		process.once(signal, () => {
			log(`${signal}: stopping everything the queue-mode test started`);
			killAllNow();
			for (const hook of signalHooks) {
				try {
					hook();
				} catch {
					/* best effort while going down */
				}
			}
			process.exit(130);
		});
	}
}

/** Synchronous clean-ups (other process groups, temp folders) to run on SIGINT/SIGTERM. */
const signalHooks = new Set();

/**
 * Start a long-running process in its own group, its output appended to `logFile`.
 * Resolves to { name, pid, exited (Promise of {code, signal}), running() }.
 */
function startProcess(name, cmd, args, { env = process.env, cwd, logFile }) {
	installHooks();
	const out = fs.openSync(logFile, 'a');
	fs.writeSync(out, `\n$ ${cmd} ${args.join(' ')}\n`);
	const child = spawn(cmd, args, { cwd, env, detached: true, stdio: ['ignore', out, out] });
	fs.closeSync(out);
	live.set(child.pid, name);
	let result = null;
	const exited = new Promise((resolve) =>
		child.once('exit', (code, signal) => {
			result = { code, signal };
			resolve(result);
		}),
	);
	return {
		name,
		pid: child.pid,
		child,
		logFile,
		exited,
		running: () => result === null,
		exitResult: () => result,
	};
}

/** Signal the process group, wait up to `graceMs`, then SIGKILL whatever is left of it. */
async function stopProcess(proc, { signal = 'SIGTERM', graceMs = 15000 } = {}) {
	if (!proc) return;
	if (proc.running()) {
		rt.killGroup(proc.pid, signal);
		let timer;
		const done = await Promise.race([
			proc.exited.then(() => true),
			new Promise((r) => {
				timer = setTimeout(() => r(false), graceMs);
			}),
		]);
		clearTimeout(timer);
		if (!done) log(`${proc.name} ignored ${signal} for ${graceMs} ms; killing it`);
	}
	rt.killGroup(proc.pid, 'SIGKILL');
	live.delete(proc.pid);
}

// ---------------------------------------------------------------------------------------------
// Debian packages

function findRedis() {
	return REDIS_CANDIDATES.find((p) => fs.existsSync(p)) || null;
}

/** The bin folder of the newest installed PostgreSQL server (…/NN/bin with initdb and postgres). */
function findPostgresBin() {
	let versions = [];
	try {
		versions = fs.readdirSync(PG_ROOT).filter((v) => /^\d+$/.test(v));
	} catch {
		return null;
	}
	versions.sort((a, b) => Number(b) - Number(a));
	for (const v of versions) {
		const bin = path.join(PG_ROOT, v, 'bin');
		if (
			['initdb', 'postgres', 'pg_isready', 'createdb'].every((b) =>
				fs.existsSync(path.join(bin, b)),
			)
		)
			return bin;
	}
	return null;
}

/**
 * Redis and PostgreSQL from Debian's packages. Installs the missing ones with apt-get when we
 * run as root (with a temporary policy-rc.d so that apt does not start the system services);
 * otherwise fails with the command to run.
 */
async function ensureServerBinaries() {
	const t0 = Date.now();
	let redis = findRedis();
	let pgBin = findPostgresBin();
	const missing = [];
	if (!redis) missing.push('redis-server');
	if (!pgBin) missing.push('postgresql');
	if (missing.length === 0) return { redis, pgBin, installed: [], ms: Date.now() - t0 };

	const command = `apt-get update && apt-get install -y ${missing.join(' ')}`;
	if (typeof process.getuid !== 'function' || process.getuid() !== 0) {
		throw new Error(
			`the queue-mode test needs ${missing.join(' and ')} from Debian's packages. Install them as root:\n  ${command}`,
		);
	}
	log(`installing ${missing.join(', ')} with apt-get (not found on this machine)…`);
	// apt would otherwise start the packages' own services on their default ports: a policy-rc.d
	// that answers 101 ("action forbidden") keeps them stopped, as Debian's docker images do.
	const policy = '/usr/sbin/policy-rc.d';
	const ownPolicy = !fs.existsSync(policy);
	if (ownPolicy)
		await fsp.writeFile(
			policy,
			'#!/bin/sh\n# n8n-nodes-bitel test:scale, removed after apt-get\nexit 101\n',
			{ mode: 0o755 },
		);
	try {
		const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
		for (const args of [['update'], ['install', '-y', '--no-install-recommends', ...missing]]) {
			const r = await rt.run('apt-get', args, { env, timeoutMs: 15 * 60 * 1000 });
			if (r.code !== 0)
				throw new Error(
					`\`apt-get ${args.join(' ')}\` exited with ${r.code ?? r.signal}:\n${r.stderr.slice(-3000)}`,
				);
		}
	} finally {
		if (ownPolicy) await fsp.rm(policy, { force: true });
	}
	redis = findRedis();
	pgBin = findPostgresBin();
	if (!redis || !pgBin)
		throw new Error(
			`apt-get installed ${missing.join(', ')} but redis-server or PostgreSQL's initdb is still missing`,
		);
	return { redis, pgBin, installed: missing, ms: Date.now() - t0 };
}

// ---------------------------------------------------------------------------------------------
// The servers

/**
 * PostgreSQL refuses to run as root: as root its commands run as the `postgres` system user
 * (created by Debian's package), through setpriv so that the process we track is postgres itself.
 */
function asPostgresUser(cmd, args) {
	if (process.getuid() !== 0) return { cmd, args };
	return {
		cmd: 'setpriv',
		args: [
			'--reuid=postgres',
			'--regid=postgres',
			'--init-groups',
			'--reset-env',
			'--',
			cmd,
			...args,
		],
	};
}

function postgresOwnsDir(dir) {
	if (process.getuid() !== 0) return;
	const pw = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
	const gr = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
	if (pw.status !== 0)
		throw new Error('running as root but there is no `postgres` system user to run PostgreSQL as');
	fs.chownSync(dir, Number(pw.stdout.trim()), Number(gr.stdout.trim()));
}

async function mustRun(what, cmd, args, opts = {}) {
	const r = await rt.run(cmd, args, { timeoutMs: 120000, ...opts });
	if (r.code !== 0)
		throw new Error(
			`${what}: \`${cmd} ${args.join(' ')}\` exited with ${r.code ?? r.signal}\n${r.stdout.slice(-2000)}${r.stderr.slice(-2000)}`,
		);
	return r;
}

/** initdb + postgres on 127.0.0.1:<free port>, socket and data in `baseDir`; resolves when it accepts connections. */
async function startPostgres({ pgBin, baseDir, logDir }) {
	const dir = path.join(baseDir, 'postgres');
	const data = path.join(dir, 'data');
	const socketDir = path.join(dir, 'socket');
	await fsp.mkdir(socketDir, { recursive: true });
	postgresOwnsDir(dir);
	postgresOwnsDir(socketDir);
	const t0 = Date.now();
	const initdb = asPostgresUser(path.join(pgBin, 'initdb'), [
		'-D',
		data,
		'-U',
		PG_USER,
		'--auth=trust',
		'--encoding=UTF8',
		'--no-locale',
		'--no-sync',
	]);
	await mustRun('initdb', initdb.cmd, initdb.args, { cwd: dir });
	const port = await rt.freePort();
	const logFile = path.join(logDir, `scale-postgres-${process.pid}.log`);
	// A throwaway cluster: durability off (faster on a shared CI machine), loopback only.
	const pg = asPostgresUser(path.join(pgBin, 'postgres'), [
		'-D',
		data,
		'-h',
		'127.0.0.1',
		'-p',
		String(port),
		'-k',
		socketDir,
		'-c',
		'fsync=off',
		'-c',
		'synchronous_commit=off',
		'-c',
		'full_page_writes=off',
		'-c',
		'max_connections=100',
		'-c',
		'shared_buffers=64MB',
	]);
	const proc = startProcess('postgres', pg.cmd, pg.args, { cwd: dir, logFile });
	const deadline = Date.now() + 60000;
	for (;;) {
		const r = await rt.run(
			path.join(pgBin, 'pg_isready'),
			['-h', '127.0.0.1', '-p', String(port), '-U', PG_USER],
			{ timeoutMs: 10000 },
		);
		if (r.code === 0) break;
		if (!proc.running() || Date.now() > deadline) {
			await stopProcess(proc, { signal: 'SIGINT' });
			throw new Error(
				`PostgreSQL did not start (${proc.running() ? 'not ready after 60 s' : 'it exited'}); see ${logFile}:\n${fs.readFileSync(logFile, 'utf8').slice(-3000)}`,
			);
		}
		await sleep(200);
	}
	await mustRun('createdb', path.join(pgBin, 'createdb'), [
		'-h',
		'127.0.0.1',
		'-p',
		String(port),
		'-U',
		PG_USER,
		PG_DATABASE,
	]);
	return {
		proc,
		port,
		user: PG_USER,
		database: PG_DATABASE,
		logFile,
		ms: Date.now() - t0,
		/** Fast shutdown (SIGINT): the data folder is thrown away anyway. */
		stop: () => stopProcess(proc, { signal: 'SIGINT', graceMs: 10000 }),
	};
}

/** A Redis `PING` over a fresh connection: resolves true on `+PONG`. */
function redisPing(port) {
	return new Promise((resolve) => {
		const socket = net.connect({ host: '127.0.0.1', port });
		const done = (ok) => {
			socket.destroy();
			resolve(ok);
		};
		socket.setTimeout(2000, () => done(false));
		socket.on('error', () => done(false));
		socket.on('connect', () => socket.write('PING\r\n'));
		socket.on('data', (d) => done(d.toString().startsWith('+PONG')));
	});
}

/** redis-server on 127.0.0.1:<free port>, nothing persisted; resolves when it answers PING. */
async function startRedis({ redis, baseDir, logDir }) {
	const dir = path.join(baseDir, 'redis');
	await fsp.mkdir(dir, { recursive: true });
	const t0 = Date.now();
	const port = await rt.freePort();
	const logFile = path.join(logDir, `scale-redis-${process.pid}.log`);
	const proc = startProcess(
		'redis',
		redis,
		[
			'--port',
			String(port),
			'--bind',
			'127.0.0.1',
			'--save',
			'',
			'--appendonly',
			'no',
			'--dir',
			dir,
			'--daemonize',
			'no',
			'--protected-mode',
			'yes',
		],
		{ cwd: dir, logFile },
	);
	const deadline = Date.now() + 30000;
	while (!(await redisPing(port))) {
		if (!proc.running() || Date.now() > deadline) {
			await stopProcess(proc);
			throw new Error(
				`redis-server did not start; see ${logFile}:\n${fs.readFileSync(logFile, 'utf8').slice(-3000)}`,
			);
		}
		await sleep(100);
	}
	return { proc, port, logFile, ms: Date.now() - t0, stop: () => stopProcess(proc) };
}

/** A temp folder the postgres user can traverse (its data folder lives inside). */
async function makeBaseDir() {
	const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'n8n-bitel-scale-'));
	await fsp.chmod(dir, 0o755);
	return dir;
}

module.exports = {
	log,
	sleep,
	startProcess,
	stopProcess,
	signalHooks,
	killAllNow,
	ensureServerBinaries,
	startPostgres,
	startRedis,
	makeBaseDir,
};
