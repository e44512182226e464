'use strict';
/** The Markdown tables of the report (stdout, bench.md, README). */

function formatValue(value, unit) {
	if (value === null || value === undefined) return 'n/a';
	if (unit === 'ms' && value > 0 && value < 1) return `${(value * 1000).toFixed(0)} µs`;
	if (unit === 'ms')
		return value >= 10000
			? `${(value / 1000).toFixed(1)} s`
			: value >= 1000
				? `${(value / 1000).toFixed(2)} s`
				: `${Math.round(value)} ms`;
	if (unit === 'B') return `${(value / 2 ** 20).toFixed(1)} MiB`;
	return Number.isInteger(value) ? value.toLocaleString('en-US') : value.toFixed(1);
}

function formatRatio(ratio) {
	if (ratio === null) return 'n/a';
	if (ratio >= 0.1) return ratio.toFixed(2);
	return `${ratio.toFixed(3)} (1/${Math.round(1 / ratio)})`;
}

/**
 * A Markdown table (stdout and README). Rows with `before` (the same row of a baseline run,
 * see withBaseline) get a column with the baseline's ours, theirs and ratio.
 */
function markdownTable(rows) {
	const baseline = rows.some((r) => r.before);
	const lines = [
		`| Scenario | Figure | Against |${baseline ? ' Before: ours / theirs = ratio |' : ''} Ours | Theirs | Ours / theirs | Target | Met |`,
		`|---|---|---|${baseline ? '--:|' : ''}--:|--:|--:|---|---|`,
	];
	for (const r of rows) {
		const before = !baseline
			? ''
			: r.before
				? ` ${formatValue(r.before.ours, r.unit)} / ${formatValue(r.before.other, r.unit)} = ${formatRatio(r.before.ratio)} |`
				: ' (new) |';
		lines.push(
			`| ${r.group} | ${r.what} | ${r.versus} |${before} ${formatValue(r.ours, r.unit)} | ${formatValue(r.other, r.unit)} | ${formatRatio(r.ratio)} | ${r.target} | ${r.met === null ? '' : r.met ? 'yes' : '**no**'} |`,
		);
	}
	return lines.join('\n');
}

function packageTable(p) {
	const kib = (b) => `${(b / 1024).toFixed(1)} KiB`;
	return [
		'| Package | |',
		'|---|--:|',
		`| packed tarball | ${kib(p.tarballBytes)} |`,
		`| dist/ (${p.distFiles} files) | ${kib(p.distBytes)} |`,
		`| require + construct every node and credential (Node 24, median) | ${p.requireMs.median.toFixed(1)} ms |`,
		`| n8n start → ready, with the package (median) | ${(p.startMs.withPackage.median / 1000).toFixed(2)} s |`,
		`| n8n start → ready, without it (median) | ${(p.startMs.withoutPackage.median / 1000).toFixed(2)} s |`,
		`| difference | ${Math.round(p.loadMs)} ms |`,
	].join('\n');
}

/** Where the time went: figures without an alternative to divide by. */
function detailTable(results) {
	const lines = ['| Detail | Median |', '|---|--:|'];
	const ms = (value) => formatValue(value, 'ms');
	for (const [n, b] of Object.entries(results.batch || {})) {
		const count = Number(n).toLocaleString('en-US');
		lines.push(
			`| Batch N = ${count}, ours: reading the items' parameters until the first request | ${ms(b.ours.firstRequestMs.median)} |`,
			`| Batch N = ${count}, ours: sending ${b.ours.requests.median} requests | ${ms(b.ours.sendingMs.median)} |`,
			`| Batch N = ${count}, Edit Fields evaluating \`{{ $json.phone }}\` once per item | ${ms(b.expressionFloor.ms.median)} |`,
		);
	}
	const bes = results.bes;
	if (bes) {
		const count = bes.notifications.toLocaleString('en-US');
		lines.push(
			`| BES, ${count} notifications in 1 execution: BES node | ${ms(bes.oneExecution.ms.median)} |`,
			`| BES, ${count} notifications in ${bes.executions} executions: BES node, summed | ${ms(bes.manyExecutions.ms.median)} |`,
		);
	}
	const f = results.fastParameters;
	if (f) {
		const count = f.n.toLocaleString('en-US');
		for (const [key, what] of [
			['shipped', 'as shipped (withFastParameters)'],
			['plain', 'plain getNodeParameter'],
		])
			lines.push(
				`| Fast parameters, Make Batch on ${count} \`$json\` items, ${what}: node time | ${ms(f[key].ms.median)} |`,
				`| Fast parameters, Make Batch on ${count} \`$json\` items, ${what}: until the first of ${f[key].requests.median} requests | ${ms(f[key].firstRequestMs.median)} |`,
			);
	}
	const v = results.verification;
	if (v)
		lines.push(
			`| Verification: heap per open verification (of ${v.open.toLocaleString('en-US')}) | ${Math.round(v.heapBytes.median / v.open)} B |`,
			`| Verification: one token open + memory check | ${formatValue(1000 / v.checksPerSecond.median, 'ms')} |`,
		);
	if (v && v.nodeChecksPerSecond) {
		const count = v.nodeChecks.toLocaleString('en-US');
		const share = v.pureShareOfNodeTime;
		lines.push(
			`| Verification: Check Code in n8n on ${count} items, node time | ${ms(v.nodeMs.median)} |`,
			`| Verification: one Check Code in n8n (node time / N) | ${ms(v.nodeMs.median / v.nodeChecks)} |`,
			`| Verification: share of that node time the pure token open + memory checks take | ${share === null || share === undefined ? 'n/a' : `${(share * 100).toFixed(0)} %`} |`,
		);
	}
	return lines.length > 2 ? lines.join('\n') : '';
}

/** The growth curve: per operation and N, the figures and the cost per number. */
function growthTable(growth, names) {
	const lines = [
		'| Growth | N (as N items) | Node time | Requests | Peak RSS of n8n | Peak above RSS before | Time per number | Memory per number |',
		'|---|--:|--:|--:|--:|--:|--:|--:|',
	];
	for (const [name, curve] of Object.entries(growth || {})) {
		for (const [n, g] of Object.entries(curve)) {
			lines.push(
				`| ${names[name]} | ${Number(n).toLocaleString('en-US')} | ${formatValue(g.ms.median, 'ms')} | ${formatValue(g.requests.median, '')} | ${formatValue(g.peakRssBytes.median, 'B')} | ${formatValue(g.aboveBeforeBytes.median, 'B')} | ${(g.msPerNumber * 1000).toFixed(1)} µs | ${(g.bytesPerNumber / 1024).toFixed(2)} KiB |`,
			);
		}
	}
	return lines.length > 2 ? lines.join('\n') : '';
}

module.exports = {
	formatValue,
	formatRatio,
	markdownTable,
	packageTable,
	detailTable,
	growthTable,
};
