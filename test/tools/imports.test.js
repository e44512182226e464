/**
 * Imports run one way: tests, bench/ and scripts/ use tools/, and tools/ uses nothing from
 * test/ (so the rig can be read, run and moved on its own).
 */
const fs = require('node:fs');
const path = require('node:path');

const REPO = path.resolve(__dirname, '..', '..');
const TOOLS = path.join(REPO, 'tools');
const SOURCE = /\.(c|m)?js$|\.ts$/;

/** Every source file under `dir`, the pinned n8n installs' folders left out (package files only). */
function sourceFiles(dir) {
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory())
			return full === path.join(TOOLS, 'n8n-runtime', 'versions') ? [] : sourceFiles(full);
		return SOURCE.test(entry.name) ? [full] : [];
	});
}

/** The module specifiers of require(), require.resolve(), import … from, import() and export … from. */
function specifiers(source) {
	const found = [];
	const patterns = [
		/\brequire(?:\.resolve)?\(\s*(['"`])([^'"`]+)\1\s*\)/g,
		/\bimport\s*\(\s*(['"`])([^'"`]+)\1\s*\)/g,
		/\b(?:import|export)\b[^'"`;]*?\bfrom\s*(['"`])([^'"`]+)\1/g,
		/^\s*import\s*(['"`])([^'"`]+)\1/gm,
	];
	for (const pattern of patterns)
		for (const match of source.matchAll(pattern)) found.push(match[2]);
	return found;
}

/** The specifiers of `source` (the text of `file`) that point into the repository's test/ folder. */
function importsFromTest(file, source) {
	return specifiers(source).filter((spec) => {
		if (!spec.startsWith('.') && !path.isAbsolute(spec)) return false; // a package or node: module
		const target = path.relative(REPO, path.resolve(path.dirname(file), spec));
		return target === 'test' || target.startsWith(`test${path.sep}`);
	});
}

describe('tools/ imports nothing from test/', () => {
	test('the check finds every kind of import into test/, and only those', () => {
		const file = path.join(TOOLS, 'simulator', 'example.js');
		const source = [
			"const a = require('../../test/helpers/faultChecks');",
			"const b = require.resolve('../../test/fixtures/bitel-webhooks.json');",
			"import c from '../../test/e2e/output-schema.js';",
			"export { d } from '../../test';",
			"const e = await import('../../test/unit/x.js');",
			"import '../../test/setup.js';",
			"const fine = require('./lib/http');",
			"const alsoFine = require('../n8n-runtime');",
			"const pkg = require('n8n-workflow');",
			"const testing = require('../testing-helpers');",
		].join('\n');
		expect(importsFromTest(file, source)).toEqual([
			'../../test/helpers/faultChecks',
			'../../test/fixtures/bitel-webhooks.json',
			'../../test/unit/x.js',
			'../../test/e2e/output-schema.js',
			'../../test',
			'../../test/setup.js',
		]);
	});

	test('no file under tools/ requires or imports from test/', () => {
		const files = sourceFiles(TOOLS);
		expect(files.length).toBeGreaterThan(20); // the simulator, the runtime, the harnesses
		const offenders = files.flatMap((file) =>
			importsFromTest(file, fs.readFileSync(file, 'utf8')).map(
				(spec) => `${path.relative(REPO, file)}: ${spec}`,
			),
		);
		expect(offenders).toEqual([]);
	});
});
