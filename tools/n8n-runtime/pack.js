'use strict';
/** This package built and packed the way a user gets it (a tarball reused while no source changed). */

const fs = require('node:fs');
const fsp = require('node:fs/promises');
const path = require('node:path');
const { REPO_DIR } = require('./settings');
const { step, mustRun } = require('./processes');
const { withLock } = require('./lock');

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

module.exports = { packPackage };
