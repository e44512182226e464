'use strict';
/** The bench report beside a baseline run: rows matched by scenario, figure and comparison. */
const { withBaseline } = require('../../bench/report');
const { markdownTable } = require('../../bench/report/tables');
const { svg } = require('../../bench/chart');

const row = (group, what, versus, ours, other) => ({
	group,
	what,
	versus,
	ours,
	other,
	unit: 'ms',
	ratio: ours / other,
	target: '≤ 1/10',
	targetValue: 0.1,
	met: ours / other <= 0.1,
});

const baseline = {
	date: '2026-11-23T13:21:42.755Z',
	ratios: [
		row('Wait for final status, 1,000 calls', 'wall time', 'Loop', 7650, 63800),
		row('Wait for final status, 1,000 calls', 'requests', 'Loop', 2000, 1004),
	],
};

test('each row gets the baseline row of the same scenario, figure and comparison', () => {
	const rows = withBaseline(
		[
			row('Wait for final status, 1,000 calls', 'wall time', 'Loop', 6400, 67000),
			row('Growth', 'wall time', 'Loop', 1, 2),
		],
		baseline,
	);
	expect(rows[0].before).toEqual({
		ours: 7650,
		other: 63800,
		ratio: 7650 / 63800,
		date: baseline.date,
	});
	expect(rows[1].before).toBeUndefined();
	expect(withBaseline(rows.slice(1), undefined)[0].before).toBeUndefined();
});

test('the table shows the baseline beside the new figures, and rows without one as new', () => {
	const rows = withBaseline(
		[
			row('Wait for final status, 1,000 calls', 'wall time', 'Loop', 6400, 67000),
			row('Growth', 'wall time', 'Loop', 1, 2),
		],
		baseline,
	);
	const lines = markdownTable(rows).split('\n');
	expect(lines[0]).toContain('| Before: ours / theirs = ratio |');
	expect(lines[2]).toBe(
		'| Wait for final status, 1,000 calls | wall time | Loop | 7.65 s / 63.8 s = 0.12 | 6.40 s | 67.0 s | 0.096 (1/10) | ≤ 1/10 | yes |',
	);
	expect(lines[3]).toContain('| Growth | wall time | Loop | (new) |');
	expect(markdownTable([row('G', 'w', 'v', 1, 2)]).split('\n')[0]).not.toContain('Before');
});

test('the chart draws a thin bar for each baseline ratio', () => {
	const rows = withBaseline(
		[row('Wait for final status, 1,000 calls', 'wall time', 'Loop', 6400, 67000)],
		baseline,
	);
	const report = {
		ratios: rows,
		environment: { n8n: '2.41.1' },
		config: { latency: 50, runs: 3 },
		date: '2026-12-02T05:00:00.000Z',
	};
	const { markup } = svg(report);
	expect(markup).toContain('<title>before: 0.12×</title>');
	expect(markup).toContain('Thin bar: before (2026-11-23).');
	expect(svg({ ...report, ratios: [row('G', 'w', 'v', 1, 2)] }).markup).not.toContain('before');
});

test('verification rows: heap against the 50 MB budget, checks per second against 5,000', () => {
	const { ratioRows } = require('../../bench/report/ratios');
	const { detailTable } = require('../../bench/report/tables');
	const figure = (median) => ({ median, runs: [median] });
	const results = (heap, perSecond) => ({
		verification: {
			open: 100000,
			heapBytes: figure(heap),
			checks: 100000,
			checksPerSecond: figure(perSecond),
		},
	});
	const [heapRow, speedRow] = ratioRows(results(40e6, 12000), { n: [] });
	expect(heapRow).toMatchObject({
		group: 'Verification, 100,000 open verifications',
		ours: 40e6,
		other: 50e6,
		unit: 'B',
		met: true,
	});
	expect(speedRow).toMatchObject({ ours: 12000, other: 5000, ratio: 2.4, met: true });
	const missed = ratioRows(results(51e6, 4999), { n: [] });
	expect(missed.map((r) => r.met)).toEqual([false, false]);
	expect(detailTable(results(40e6, 10000))).toContain(
		'| Verification: heap per open verification (of 100,000) | 400 B |',
	);
	expect(detailTable(results(40e6, 10000))).toContain(
		'| Verification: one token open + memory check | 100 µs |',
	);
});
