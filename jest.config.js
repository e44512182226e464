// Two projects so each kind of test can be run alone (`npx jest --selectProjects unit`); a bare
// `npx jest` runs these two only. The real-n8n suites have their own configs (test/e2e, test/load,
// test/scale: global setup, one n8n at a time), which `npm test` runs after these.
const base = {
	testEnvironment: 'node',
	moduleFileExtensions: ['ts', 'js', 'json'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/test/tsconfig.json' }] },
	// The pinned n8n installs' package.json files share one name (a haste collision otherwise).
	modulePathIgnorePatterns: ['<rootDir>/tools/n8n-runtime/versions/'],
};

module.exports = {
	reporters: ['default', '<rootDir>/test/helpers/noSkippedTests.js'],
	projects: [
		{
			...base,
			displayName: 'unit',
			testMatch: ['<rootDir>/test/unit/**/*.test.{ts,js}', '<rootDir>/test/tools/**/*.test.js'],
		},
		{
			...base,
			displayName: 'integration',
			testMatch: [
				'<rootDir>/test/integration/**/*.test.{ts,js}',
				'<rootDir>/test/simulator/**/*.test.js',
			],
		},
	],
};
