'use strict';
/**
 * The package as n8n's reviewers and npm see it: n8n's community-package scanner on the source
 * and on the packed tarball (scripts/scan-package.mjs), and `npm publish --dry-run`, which must
 * list what n8n loads and nothing else. Uses the tarball the e2e global setup built and packed.
 */
const { execFileSync, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const REPO = path.resolve(__dirname, '../..');
const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));

function tarball() {
	const tgz = process.env.N8N_BITEL_TGZ;
	if (!tgz || !fs.existsSync(tgz)) throw new Error('the e2e global setup did not pack the package');
	return tgz;
}

describe("n8n's community-package scanner", () => {
	let report;
	beforeAll(
		() => {
			const run = spawnSync(process.execPath, ['scripts/scan-package.mjs', tarball()], {
				cwd: REPO,
				encoding: 'utf8',
				timeout: 5 * 60 * 1000,
			});
			if (run.status !== 0 && run.status !== 1)
				throw new Error(`scanner did not run: ${run.stderr}`);
			report = JSON.parse(run.stdout);
		},
		6 * 60 * 1000,
	);

	test.each(['source', 'tarball'])(
		'%s stage: no finding, with inline configuration ignored',
		(stage) => {
			const entry = report.find((r) => r.stage === stage);
			expect(entry.filesLinted).toBeGreaterThan(0);
			expect(entry.findings).toEqual([]);
			expect(entry.scannerVerdict).toBe('passed');
		},
	);
});

describe('npm publish --dry-run', () => {
	let published;
	let packed;
	beforeAll(() => {
		const out = execFileSync('npm', ['publish', '--dry-run', '--json', '--ignore-scripts'], {
			cwd: REPO,
			encoding: 'utf8',
			stdio: ['ignore', 'pipe', 'pipe'],
			timeout: 2 * 60 * 1000,
		});
		const parsed = JSON.parse(out);
		published = (parsed[pkg.name] ?? parsed).files.map((file) => file.path).sort();
		packed = execFileSync('tar', ['-tzf', tarball()], { encoding: 'utf8' })
			.split('\n')
			.filter(Boolean)
			.map((entry) => entry.replace(/^package\//, ''))
			.sort();
	});

	test('publishes exactly the tarball the e2e suites load into n8n', () => {
		expect(published).toEqual(packed);
	});

	test('holds only the compiled nodes and credentials, their icons and codex files, and the package files', () => {
		const allowed = [
			/^dist\/(nodes|credentials)\/.+\.(js|js\.map|json|svg)$/,
			/^(index\.js|package\.json|README\.md|LICENSE\.md|CHANGELOG\.md)$/,
		];
		expect(published.filter((file) => !allowed.some((rule) => rule.test(file)))).toEqual([]);
		expect(
			published.filter((file) =>
				/(^|\/)(test|tests|__tests__|bench|examples)\/|\.test\.|screenshot|\.png$|\.ts$/i.test(
					file,
				),
			),
		).toEqual([]);
	});

	test('holds every node and credential package.json names, with its icons and codex', () => {
		const entries = [...pkg.n8n.nodes, ...pkg.n8n.credentials];
		expect(entries.filter((entry) => !published.includes(entry))).toEqual([]);
		for (const node of pkg.n8n.nodes) {
			expect(published).toContain(node.replace(/\.js$/, '.json'));
			// Every icon the compiled node refers to ("file:…svg") ships beside it.
			const source = fs.readFileSync(path.join(REPO, node), 'utf8');
			const icons = [...source.matchAll(/file:([\w./-]+\.svg)/g)].map((m) =>
				path.posix.normalize(path.posix.join(path.posix.dirname(node), m[1])),
			);
			expect(icons.length).toBeGreaterThan(0);
			expect(icons.filter((icon) => !published.includes(icon))).toEqual([]);
		}
	});
});
