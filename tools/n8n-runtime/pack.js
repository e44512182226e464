'use strict';
/**
 * This package built and packed the way a user gets it (a tarball reused while no source changed),
 * and installed into an n8n user folder's nodes/ as n8n's package installer lays it out.
 */

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

module.exports = { packPackage, installPackageInto, rewriteTarballSpec, installedTemplate };
