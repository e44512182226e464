// @ts-check
const { existsSync, readdirSync, readFileSync, statSync } = require('fs');
const { join, relative } = require('path');

/**
 * Code comments cite the provider docs in the repo (`docs/providers/bitel.md#calls`), so a
 * reader who clones the repo can follow them. Every cited file and section must exist.
 */
const ROOT = join(__dirname, '..', '..');
const SHIPPED = ['nodes', 'credentials'];

/** @param {string} dir @param {string[]} endings @returns {string[]} */
function filesEndingIn(dir, endings) {
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		if (statSync(path).isDirectory()) return filesEndingIn(path, endings);
		return endings.some((ending) => name.endsWith(ending)) ? [path] : [];
	});
}

/** @param {string} dir */
function sourceFiles(dir) {
	return filesEndingIn(dir, ['.ts']);
}

/** The lines of a source file that are comments (or inside a block comment). @param {string} text */
function commentLines(text) {
	const lines = [];
	let inBlock = false;
	for (const line of text.split('\n')) {
		const trimmed = line.trim();
		if (inBlock || trimmed.startsWith('/*') || trimmed.startsWith('//')) lines.push(trimmed);
		else if (line.includes('//')) lines.push(line.slice(line.indexOf('//')));
		if (trimmed.startsWith('/*') && !trimmed.includes('*/')) inBlock = true;
		else if (inBlock && trimmed.includes('*/')) inBlock = false;
	}
	return lines;
}

/** The anchor GitHub gives a Markdown heading. @param {string} heading */
function headingAnchor(heading) {
	return heading
		.trim()
		.toLowerCase()
		.replace(/[^\p{L}\p{N}\s_-]/gu, '')
		.replace(/\s/g, '-');
}

/** @param {string} markdown */
function anchorsOf(markdown) {
	const anchors = new Set();
	for (const match of markdown.matchAll(/^#{1,6}\s+(.+)$/gm)) anchors.add(headingAnchor(match[1]));
	return anchors;
}

/** @returns {{ file: string, doc: string, anchor?: string }[]} */
function citations() {
	return SHIPPED.flatMap((dir) => sourceFiles(join(ROOT, dir))).flatMap((path) => {
		const text = readFileSync(path, 'utf8');
		return [...text.matchAll(/\bdocs\/[\w./-]+?\.md(?:#([\w-]+))?/g)].map((match) => ({
			file: relative(ROOT, path),
			doc: match[0].split('#')[0],
			anchor: match[1],
		}));
	});
}

describe('citations of docs/ in shipped code', () => {
	const found = citations();

	test('there are citations to check', () => {
		expect(found.filter((citation) => citation.anchor).length).toBeGreaterThan(20);
	});

	test('every cited docs file and section exists', () => {
		const missing = found.filter((citation) => {
			let markdown;
			try {
				markdown = readFileSync(join(ROOT, citation.doc), 'utf8');
			} catch {
				return true;
			}
			return citation.anchor !== undefined && !anchorsOf(markdown).has(citation.anchor);
		});
		expect(missing).toEqual([]);
	});

	test('no comment cites the research notes outside the repo (bes.md §3) or undefined tags ([C], [I: …])', () => {
		const legacy = SHIPPED.flatMap((dir) => sourceFiles(join(ROOT, dir))).flatMap((path) =>
			readFileSync(path, 'utf8')
				.split('\n')
				.filter((line) => /§\s*\d|\[(C|I|U|\?|C-3p|C\/I)(:[^\]]*)?\]/.test(line))
				.map((line) => `${relative(ROOT, path)}: ${line.trim()}`),
		);
		expect(legacy).toEqual([]);
	});

	test('every file a comment names exists in the repo', () => {
		const named = SHIPPED.flatMap((dir) => sourceFiles(join(ROOT, dir))).flatMap((path) =>
			commentLines(readFileSync(path, 'utf8')).flatMap((line) =>
				[...line.matchAll(/(?:\.{1,2}\/|\b[\w-]+\/)[\w./-]*?\.(?:ts|js|md|json)\b/g)].map(
					(match) => ({ file: relative(ROOT, path), named: match[0] }),
				),
			),
		);
		expect(named.length).toBeGreaterThan(10);
		const missing = named.filter(({ file, named: name }) => {
			const base = name.startsWith('.') ? join(ROOT, file, '..') : ROOT;
			return !existsSync(join(base, name));
		});
		expect(missing).toEqual([]);
	});
});

describe('citations of the README in shipped code', () => {
	// Codex files and credentials link the README on GitHub (`?tab=readme-ov-file#bitel-trigger`);
	// n8n shows those links in the editor, so each section must exist.
	const cited = SHIPPED.flatMap((dir) => filesEndingIn(join(ROOT, dir), ['.ts', '.json'])).flatMap(
		(path) =>
			[...readFileSync(path, 'utf8').matchAll(/readme-ov-file#([\w-]+)/g)].map((match) => ({
				file: relative(ROOT, path),
				anchor: match[1],
			})),
	);

	test('there are README links to check', () => {
		expect(cited.length).toBeGreaterThan(5);
	});

	test('every linked README section exists', () => {
		const anchors = anchorsOf(readFileSync(join(ROOT, 'README.md'), 'utf8'));
		expect(cited.filter((citation) => !anchors.has(citation.anchor))).toEqual([]);
	});
});

describe('headingAnchor', () => {
	test.each([
		['Authentication (tokenByAkSk)', 'authentication-tokenbyaksk'],
		['Errors in any shape, never taken for success', 'errors-in-any-shape-never-taken-for-success'],
		['Tokens under concurrency: one refresh', 'tokens-under-concurrency-one-refresh'],
		['createVoiceNotification v2', 'createvoicenotification-v2'],
	])('%s → #%s', (heading, anchor) => {
		expect(headingAnchor(heading)).toBe(anchor);
	});
});
