// Three projects so each kind of test can be run alone (`npx jest --selectProjects unit`).
// `npm test` runs unit and integration here, then the real-n8n suites with their own config
// (test/e2e/jest.config.js: global setup, one n8n at a time).
const base = {
	testEnvironment: 'node',
	moduleFileExtensions: ['ts', 'js', 'json'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/test/tsconfig.json' }] },
};

module.exports = {
	projects: [
		{ ...base, displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.test.{ts,js}'] },
		{
			...base,
			displayName: 'integration',
			testMatch: ['<rootDir>/test/integration/**/*.test.{ts,js}', '<rootDir>/test/simulator/**/*.test.js'],
		},
		{
			...base,
			displayName: 'e2e',
			testMatch: ['<rootDir>/test/e2e/**/*.test.js'],
			globalSetup: '<rootDir>/test/e2e/global-setup.js',
		},
	],
};
