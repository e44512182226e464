'use strict';
/**
 * The real-n8n suites (`npm run test:e2e`): one file at a time (each starts its own n8n, and the
 * machine has 2 cores), long timeouts, and a global setup that installs/reuses Node 24 + n8n and
 * builds + packs the package once before any suite starts.
 */
const path = require('node:path');

module.exports = {
	rootDir: path.resolve(__dirname, '../..'),
	testEnvironment: 'node',
	testMatch: ['<rootDir>/test/e2e/**/*.test.js'],
	globalSetup: '<rootDir>/test/e2e/global-setup.js',
	maxWorkers: 1,
	testTimeout: 120000,
	transform: {},
	// The pinned n8n installs' package.json files share one name (a haste collision otherwise).
	modulePathIgnorePatterns: ['<rootDir>/tools/n8n-runtime/versions/'],
	verbose: true,
};
