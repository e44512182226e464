'use strict';
/** The report: JSON, Markdown, chart and the summary on stdout, written from the figures. */
const fs = require('node:fs');
const path = require('node:path');

const { rt, secs } = require('../common');
const { renderChart } = require('../chart');
const { ratioRows, GROWTH_NAMES } = require('./ratios');
const { markdownTable, packageTable, detailTable, growthTable } = require('./tables');

/** What each figure is, stored with the figures. */
const METHOD = (config) => ({
	wallTime:
		"n8n's run data: the node under test's executionTime; for the Loop Over Items workflow, from the first start to the last end of its four nodes",
	requests: "the simulator's request log",
	cpu: 'n8n main process: utime + stime from /proc/<pid>/stat, from the webhook call until the execution is reported finished',
	memory:
		'peak RSS (VmHWM, read every 20 ms) of a fresh `n8n execute` process per run, n8n start stopped; "above baseline" subtracts the median peak of the same workflow without the node under test',
	growthMemory:
		'the long-running n8n main process (where community nodes run): its peak RSS (VmHWM reset through /proc/<pid>/clear_refs before the webhook call, read when the execution is reported finished), and that peak minus its RSS before; memory per number divides the latter by N',
	packageLoad:
		'n8n start until /healthz/readiness answers (polled every 20 ms), in two fresh user folders with and without the package; and require + construct of every declared node and credential file in a fresh Node 24',
	verification:
		"a fresh Node 24 with --expose-gc per run, on the helpers as installed in n8n: heap used after GC with N open verifications (a registered send and a counted wrong attempt each, distinct numbers) minus before; checks: open a token with the memoised key, compare the code, check and count in memory, each approved, timed over all of them after a warm-up, on one core; in n8n: Check Code (Token {{ $json.token }}, Code {{ $json.code }}) on N items of new verifications sealed with the bench credential's key, every 4th code wrong, each answer checked, after one unmeasured run of 1,000; checks per second = N / the Bitel node's executionTime; the pure share = N / pure checks per second / node time",
	fastParameters:
		"the node under test's executionTime and the simulator's log, in two fresh n8n (default expression engine) that differ only in dist/nodes/Bitel/Bitel.node.js: as packed, and with withFastParameters(this) replaced by this (checked to occur exactly once); one unmeasured run of 1,000 items in each, then the runs one after the other",
	httpRequestBatching: `Items per Batch ${config.httpBatchSize}, Batch Interval ${config.httpBatchInterval} ms`,
});

/**
 * Gives each row the same row (scenario, figure, against) of a baseline report as `before`:
 * its ours, theirs and ratio, for the table's Before column and the chart's grey bars.
 */
function withBaseline(rows, baseline) {
	if (!baseline) return rows;
	const key = (r) => `${r.group}|${r.what}|${r.versus}`;
	const old = new Map((baseline.ratios || []).map((r) => [key(r), r]));
	return rows.map((r) => {
		const b = old.get(key(r));
		return b && b.ratio !== null
			? { ...r, before: { ours: b.ours, other: b.other, ratio: b.ratio, date: baseline.date } }
			: r;
	});
}

/** The baseline report named by `file` (a bench.json), or undefined without one. */
function readBaseline(file) {
	if (!file) return undefined;
	return JSON.parse(fs.readFileSync(path.resolve(rt.REPO_DIR, file), 'utf8'));
}

/**
 * Ratios, JSON, Markdown, chart and the summary on stdout, from a report; with a baseline
 * report (`--baseline=<bench.json>`), each row beside the baseline's.
 */
async function writeReport(report, outDir, baseline = readBaseline(report.config.baseline)) {
	const { results, config } = report;
	const rows = withBaseline(ratioRows(results, config), baseline);
	report.ratios = rows;
	fs.mkdirSync(outDir, { recursive: true });
	const jsonFile = path.join(outDir, 'bench.json');
	fs.writeFileSync(jsonFile, `${JSON.stringify(report, null, 2)}\n`);
	const pngFile = path.join(outDir, 'bench.png');
	await renderChart(report, pngFile);

	const summary = [
		markdownTable(rows),
		detailTable(results),
		growthTable(results.growth, GROWTH_NAMES),
		...(results.package ? [packageTable(results.package)] : []),
		`Latency ${config.latency} ms per request, median of ${config.runs} run(s); n8n ${report.environment.n8n} on Node ${report.environment.node}, ${report.environment.cpus} CPUs; the bench took ${secs(report.durationMs)}.`,
	]
		.filter(Boolean)
		.join('\n\n');
	fs.writeFileSync(path.join(outDir, 'bench.md'), `${summary}\n`);
	console.log(`\n${summary}\n`);
	console.log(
		`JSON: ${path.relative(rt.REPO_DIR, jsonFile)}  chart: ${path.relative(rt.REPO_DIR, pngFile)}`,
	);
	const missed = rows.filter((r) => r.met === false);
	if (missed.length)
		console.log(
			`Targets missed: ${missed.map((r) => `${r.group}: ${r.what} vs ${r.versus}`).join('; ')}`,
		);
}

/**
 * `node bench/run.js --render=bench/results/bench.json [--baseline=<bench.json>]`: tables and
 * chart again, from a JSON (a baseline given here replaces the one the run was made with).
 */
async function render(file, baselineFile) {
	const report = JSON.parse(fs.readFileSync(file, 'utf8'));
	if (baselineFile) report.config.baseline = baselineFile;
	await writeReport(report, path.dirname(path.resolve(file)));
}

module.exports = { METHOD, writeReport, render, withBaseline };
