'use strict';
/**
 * The real-n8n suites (`npm run test:e2e`): each file starts its own n8n (own port, user folder
 * and simulator), two files at a time: a file spends most of its time waiting for n8n or the
 * simulator, so two share a 2-core machine well. N8N_BITEL_E2E_WORKERS=1 runs one at a time (on a
 * machine shared with other work). Long timeouts, and a global setup that installs/reuses Node 24
 * + n8n and builds + packs the package once before any suite starts.
 */
const path = require('node:path');

module.exports = {
	rootDir: path.resolve(__dirname, '../..'),
	testEnvironment: 'node',
	testMatch: ['<rootDir>/test/e2e/**/*.test.js'],
	globalSetup: '<rootDir>/test/e2e/global-setup.js',
	maxWorkers: Number(process.env.N8N_BITEL_E2E_WORKERS || 2),
	testTimeout: 120000,
	transform: {},
	// The pinned n8n installs' package.json files share one name (a haste collision otherwise).
	modulePathIgnorePatterns: ['<rootDir>/tools/n8n-runtime/versions/'],
	verbose: true,
	reporters: ['default', '<rootDir>/test/helpers/noSkippedTests.js'],
};
