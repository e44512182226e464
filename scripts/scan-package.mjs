#!/usr/bin/env node
/**
 * n8n's community-package scanner (@n8n/scan-community-package), run offline on this repo.
 *
 * The scanner's own CLI only takes a published package name: it checks npm provenance,
 * downloads the attested GitHub source and the tarball, then lints both with inline
 * configuration ignored (`allowInlineConfig: false`, so `eslint-disable` comments do not
 * count). Its `analyzePackage(dir, patterns)` runs that same lint on a local folder, so this
 * script runs the two stages the published check runs:
 *   source:  the repo, with the scanner's SOURCE_FILE_PATTERNS (package.json, nodes/, credentials/)
 *   tarball: an unpacked `npm pack` tarball, `**\/*.js` and package.json (as the scanner does)
 * and, beyond the scanner's verdict (errors only), reports warnings too: any finding fails.
 *
 *   node scripts/scan-package.mjs [tarball.tgz]   prints a JSON report, exits 1 on a finding
 * Without a tarball it packs the repo as it is (`npm run scan` builds first).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

import {
	analyzePackage,
	buildScanConfig,
	SOURCE_FILE_PATTERNS,
} from '@n8n/scan-community-package/scanner/scanner.mjs';

// eslint-plugin-n8n-nodes-base switches to its own test fixtures when NODE_ENV is "test" (as
// under jest) and then reports false findings; the scanner loads it lazily, so clearing it
// here is early enough.
if (process.env.NODE_ENV === 'test') delete process.env.NODE_ENV;

const REPO_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TARBALL_PATTERNS = ['**/*.js', 'package.json'];

/** The ESLint the scanner itself uses (its own pinned version, not the repo's). */
const scannerRequire = createRequire(
	createRequire(import.meta.url).resolve('@n8n/scan-community-package/package.json'),
);
const { ESLint } = scannerRequire('eslint');
const glob = scannerRequire('fast-glob');

/** Every finding (errors and warnings) with the scanner's configuration and options. */
async function findings(dir, patterns) {
	const eslint = new ESLint({
		cwd: dir,
		allowInlineConfig: false,
		overrideConfigFile: true,
		overrideConfig: await buildScanConfig(),
	});
	const files = glob.sync(patterns, {
		cwd: dir,
		absolute: true,
		ignore: ['node_modules/**', '**/package-lock.json'],
	});
	const results = await eslint.lintFiles(files);
	const list = [];
	for (const result of results) {
		for (const message of result.messages) {
			list.push({
				file: path.relative(dir, result.filePath),
				line: message.line,
				severity: message.severity === 2 ? 'error' : 'warning',
				rule: message.ruleId,
				message: message.message,
			});
		}
	}
	return { files: files.length, list };
}

async function stage(name, dir, patterns) {
	const verdict = await analyzePackage(dir, patterns);
	const found = await findings(dir, patterns);
	return {
		stage: name,
		passed: verdict.passed && found.list.length === 0,
		scannerVerdict: verdict.passed ? 'passed' : verdict.message,
		filesLinted: found.files,
		findings: found.list,
	};
}

const unpacked = fs.mkdtempSync(path.join(os.tmpdir(), 'bitel-scan-'));
try {
	let tarball = process.argv[2];
	if (!tarball) {
		const packed = JSON.parse(
			execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', unpacked], {
				cwd: REPO_DIR,
				encoding: 'utf8',
			}),
		);
		tarball = path.join(unpacked, packed[0].filename);
	}
	if (!fs.existsSync(tarball)) throw new Error(`no tarball at ${tarball}`);
	execFileSync('tar', ['-xzf', path.resolve(tarball), '-C', unpacked]);
	const report = [
		await stage('source', REPO_DIR, SOURCE_FILE_PATTERNS),
		await stage('tarball', path.join(unpacked, 'package'), TARBALL_PATTERNS),
	];
	console.log(JSON.stringify(report, null, 2));
	process.exitCode = report.every((entry) => entry.passed) ? 0 : 1;
} finally {
	fs.rmSync(unpacked, { recursive: true, force: true });
}
