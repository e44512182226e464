'use strict';
/**
 * Runs once before the e2e suites: Node 24 + n8n in the cache, the package built, packed and
 * installed once (each n8n's user folder gets a copy).
 */
const rt = require('../../tools/n8n-runtime');

module.exports = async function globalSetup() {
	const t0 = Date.now();
	const runtime = await rt.ensureRuntime();
	const tgz = await rt.packPackage({ force: !process.env.N8N_BITEL_TGZ });
	// Suites (in workers started after this) reuse this tarball instead of packing again, and
	// copy its installed nodes/ folder instead of running npm install for every n8n.
	process.env.N8N_BITEL_TGZ = tgz;
	await rt.installedTemplate(tgz);
	process.stderr.write(
		`\n[e2e] n8n ${runtime.n8nVersion} on Node ${runtime.nodeVersion} ${runtime.cached ? 'from the cache' : 'installed'} ` +
			`(${runtime.cacheDir}); package packed: ${tgz}; setup ${((Date.now() - t0) / 1000).toFixed(1)} s\n`,
	);
};
