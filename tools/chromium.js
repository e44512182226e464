'use strict';
/**
 * Headless Debian Chromium for the editor test. If /usr/bin/chromium is missing, root installs it
 * with apt (and says so); anyone else gets the exact command to run.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { run } = require('./n8n-runtime');

const CHROMIUM = process.env.N8N_BITEL_CHROMIUM || '/usr/bin/chromium';
const INSTALL_CMD = 'apt-get update && apt-get install -y chromium';

const LAUNCH_ARGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--disable-dev-shm-usage',
];

async function ensureChromium() {
	if (fs.existsSync(CHROMIUM)) return CHROMIUM;
	const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
	if (!isRoot) {
		throw new Error(
			`${CHROMIUM} is missing. Install Debian's Chromium first:\n  sudo sh -c '${INSTALL_CMD}'`,
		);
	}
	const t0 = Date.now();
	process.stderr.write(
		`[editor test] ${CHROMIUM} is missing; installing it as root: ${INSTALL_CMD}\n`,
	);
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	for (const args of [['update'], ['install', '-y', '--no-install-recommends', 'chromium']]) {
		const r = await run('apt-get', args, { env, timeoutMs: 15 * 60 * 1000 });
		if (r.code !== 0) {
			throw new Error(
				`apt-get ${args.join(' ')} failed (exit ${r.code}):\n${r.stderr.slice(-3000)}\nRun it by hand: ${INSTALL_CMD}`,
			);
		}
	}
	if (!fs.existsSync(CHROMIUM))
		throw new Error(`apt installed chromium but ${CHROMIUM} is still missing`);
	process.stderr.write(
		`[editor test] chromium installed in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`,
	);
	return CHROMIUM;
}

/** Launch headless Chromium with a fresh profile; resolves {browser, profileDir, close()}. */
async function launchChromium() {
	const executablePath = await ensureChromium();
	const { chromium } = require('playwright-core');
	const profileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-bitel-chromium-'));
	const context = await chromium.launchPersistentContext(profileDir, {
		executablePath,
		headless: true,
		args: LAUNCH_ARGS,
		viewport: { width: 1600, height: 1000 },
		timeout: 60000,
	});
	return {
		context,
		profileDir,
		async close() {
			await context.close().catch(() => {});
			fs.rmSync(profileDir, { recursive: true, force: true });
		},
	};
}

module.exports = { CHROMIUM, INSTALL_CMD, LAUNCH_ARGS, ensureChromium, launchChromium };

if (require.main === module) {
	ensureChromium().then(
		(p) => console.log(p),
		(e) => {
			console.error(e.message);
			process.exit(1);
		},
	);
}
