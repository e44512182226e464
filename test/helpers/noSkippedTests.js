'use strict';
/**
 * A jest reporter that fails the run when a test was skipped (test.skip, a conditional skip, a
 * left-over test.only): no test may skip itself silently. Every jest config `npm test` runs lists
 * it. A run filtered by name (`-t`) skips the rest on purpose and is not checked.
 */
class NoSkippedTests {
	constructor(globalConfig) {
		this.filteredByName = Boolean(globalConfig && globalConfig.testNamePattern);
		this.error = undefined;
	}

	onRunComplete(_contexts, results) {
		if (this.filteredByName) return;
		const skipped = [];
		for (const file of results.testResults)
			for (const test of file.testResults)
				if (test.status === 'pending' || test.status === 'skipped')
					skipped.push(`${file.testFilePath}: ${test.fullName}`);
		if (skipped.length === 0) return;
		this.error = new Error(
			`${skipped.length} test(s) skipped; no test may skip itself:\n  ${skipped.join('\n  ')}`,
		);
		process.stderr.write(`\n${this.error.message}\n`);
	}

	getLastError() {
		return this.error;
	}
}

module.exports = NoSkippedTests;
