'use strict';
/**
 * The queue-mode suite (`npm run test:scale`): n8n main + 2 workers + Redis + PostgreSQL on this
 * machine. Same global setup as the real-n8n suites (Node 24 + n8n in the cache, the package
 * built and packed once); one file, long timeouts.
 */
const path = require('node:path');

module.exports = {
	rootDir: path.resolve(__dirname, '../..'),
	testEnvironment: 'node',
	testMatch: ['<rootDir>/test/scale/**/*.test.js'],
	globalSetup: '<rootDir>/test/e2e/global-setup.js',
	maxWorkers: 1,
	testTimeout: 240000,
	transform: {},
	verbose: true,
	reporters: ['default', '<rootDir>/test/helpers/noSkippedTests.js'],
};
