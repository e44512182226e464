'use strict';
/** Where things are and which versions run: the repository, the cache, Node and n8n. */

const os = require('node:os');
const path = require('node:path');

const REPO_DIR = path.resolve(__dirname, '..', '..');
const NODE_VERSION = process.env.N8N_BITEL_NODE_VERSION || '24.21.0';
/** The n8n the package is developed against; `N8N_BITEL_N8N_VERSION` selects another locked one. */
const DEFAULT_N8N_VERSION = '2.41.1';
const N8N_VERSION = process.env.N8N_BITEL_N8N_VERSION || DEFAULT_N8N_VERSION;
const CACHE_DIR = path.resolve(
	process.env.N8N_BITEL_CACHE || path.join(os.homedir(), '.cache', 'n8n-nodes-bitel'),
);
/** Fixed key so that imported credentials can be decrypted by every command of one instance. */
const TEST_ENCRYPTION_KEY = 'n8n-nodes-bitel-e2e-test-key-0123456789abcdef';

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

module.exports = {
	REPO_DIR,
	NODE_VERSION,
	DEFAULT_N8N_VERSION,
	N8N_VERSION,
	CACHE_DIR,
	TEST_ENCRYPTION_KEY,
	n8nMajor,
	artifactsDir,
};
