'use strict';
/** No test may skip itself silently: the reporter that fails a run with a skipped test, and where it is used. */
const path = require('node:path');

const NoSkippedTests = require('../helpers/noSkippedTests');
const pkg = require('../../package.json');

const REPO = path.resolve(__dirname, '..', '..');

/** A run's results as jest hands them to reporters: one file, tests with these statuses. */
const results = (...statuses) => ({
	testResults: [
		{
			testFilePath: '/repo/test/unit/x.test.js',
			testResults: statuses.map((status, i) => ({ fullName: `test ${i}`, status })),
		},
	],
});

function errorAfter(run, globalConfig = {}) {
	const reporter = new NoSkippedTests(globalConfig);
	const write = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
	try {
		reporter.onRunComplete(new Set(), run);
	} finally {
		write.mockRestore();
	}
	return reporter.getLastError();
}

test('a skipped test fails the run and is named', () => {
	const error = errorAfter(results('passed', 'pending', 'passed'));
	expect(error.message).toBe(
		'1 test(s) skipped; no test may skip itself:\n  /repo/test/unit/x.test.js: test 1',
	);
	expect(errorAfter(results('passed', 'skipped')).message).toContain('x.test.js: test 1');
});

test('a run without a skipped test passes, and so does a run filtered by name (-t)', () => {
	expect(errorAfter(results('passed', 'failed', 'todo'))).toBeUndefined();
	expect(errorAfter(results('passed', 'pending'), { testNamePattern: 'passed' })).toBeUndefined();
});

/** The jest configs of the scripts `npm test` runs (the root config where none is named). */
function jestConfigsOfNpmTest() {
	const scripts = [...pkg.scripts.test.matchAll(/npm run ([\w:]+)/g)].map((m) => m[1]);
	const configs = scripts
		.map((name) => pkg.scripts[name])
		.filter((script) => /\bjest\b/.test(script))
		.map((script) => /--config[= ](\S+)/.exec(script)?.[1] ?? 'jest.config.js');
	return [...new Set(configs)];
}

test('every jest config npm test runs has the reporter', () => {
	const configs = jestConfigsOfNpmTest();
	expect(configs).toEqual(
		expect.arrayContaining([
			'jest.config.js',
			'test/e2e/jest.config.js',
			'test/load/jest.config.js',
			'test/scale/jest.config.js',
		]),
	);
	for (const file of configs) {
		const config = require(path.join(REPO, file));
		const rootDir = config.rootDir ?? REPO;
		const reporters = (config.reporters ?? []).map((r) =>
			path.resolve(rootDir, String(r).replace('<rootDir>', rootDir)),
		);
		expect({ file, reporters }).toEqual({
			file,
			reporters: expect.arrayContaining([path.join(REPO, 'test/helpers/noSkippedTests.js')]),
		});
		expect(config.reporters).toContain('default');
	}
});
