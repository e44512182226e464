'use strict';
/**
 * The load suite (`npm run test:load`): a real n8n 2.41.1 with default settings (SQLite, regular
 * mode) taking thousands of trigger posts. Same global setup as the e2e suites (n8n installed,
 * package built and packed once).
 */
const path = require('node:path');

module.exports = {
	rootDir: path.resolve(__dirname, '../..'),
	testEnvironment: 'node',
	testMatch: ['<rootDir>/test/load/**/*.load.test.js'],
	globalSetup: '<rootDir>/test/e2e/global-setup.js',
	maxWorkers: 1,
	testTimeout: 15 * 60 * 1000,
	transform: {},
	verbose: true,
	reporters: ['default', '<rootDir>/test/helpers/noSkippedTests.js'],
};
