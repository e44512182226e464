'use strict';
/**
 * The benchmark's chart: one bar per ratio (ours / theirs) on a log scale around 1, the
 * target as a tick, green when met, red when missed, grey without a target; with a baseline
 * (rows carrying `before`), a thin blue-grey bar above each for the baseline's ratio. Drawn as
 * SVG and turned into a PNG by headless Debian Chromium (playwright-core), nothing downloaded.
 */
const fs = require('node:fs');
const { launchChromium } = require('../tools/chromium');

const WIDTH = 1000;
const ROW = 30;
const LEFT = 470; // room for the labels
const RIGHT = 40;
const TOP = 70;
const MIN_LOG = -3; // 1/1000
const MAX_LOG = 1; // 10

const escape = (text) =>
	String(text).replace(
		/[&<>"]/g,
		(c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c],
	);

function x(ratio) {
	const clamped = Math.min(MAX_LOG, Math.max(MIN_LOG, Math.log10(ratio)));
	return LEFT + ((clamped - MIN_LOG) / (MAX_LOG - MIN_LOG)) * (WIDTH - LEFT - RIGHT);
}

function ratioText(ratio) {
	if (ratio >= 0.1) return `${ratio.toFixed(2)}×`;
	return `1/${Math.round(1 / ratio)}`;
}

/** The ratio's text: inside a long bar to the left (the labels are there), else at its end. */
function ratioLabel(ratio, x1, x2, barX, barW, y) {
	if (x2 < x1 && barW > 70)
		return `<text x="${barX + 6}" y="${y + 19}" fill="#fff" font-weight="bold">${ratioText(ratio)}</text>`;
	const left = x2 < x1;
	return `<text x="${left ? barX - 4 : barX + barW + 4}" y="${y + 19}" text-anchor="${left ? 'end' : 'start'}">${ratioText(ratio)}</text>`;
}

function svg(report) {
	const rows = report.ratios.filter((r) => r.ratio !== null && r.ratio > 0);
	const before = rows.find((r) => r.before);
	const height = TOP + rows.length * ROW + 60;
	const parts = [];
	parts.push(
		`<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" font-family="DejaVu Sans, sans-serif" font-size="12">`,
		`<rect width="100%" height="100%" fill="#fff"/>`,
		`<text x="16" y="26" font-size="16" font-weight="bold">n8n-nodes-bitel in n8n ${escape(report.environment.n8n)}: ours / alternative (log scale, left of 1 = ours is less)</text>`,
		`<text x="16" y="46" fill="#555">Simulator latency ${report.config.latency} ms per request; median of ${report.config.runs} run(s); ${escape(report.date.slice(0, 10))}. Green: target met, red: missed, grey: no target; | target.${before ? ` Thin bar: before (${escape(before.before.date.slice(0, 10))}).` : ''}</text>`,
	);
	for (let power = MIN_LOG; power <= MAX_LOG; power++) {
		const gx = x(10 ** power);
		const label = power >= 0 ? `${10 ** power}` : `1/${10 ** -power}`;
		parts.push(
			`<line x1="${gx}" y1="${TOP - 6}" x2="${gx}" y2="${TOP + rows.length * ROW}" stroke="${power === 0 ? '#333' : '#ddd'}"/>`,
			`<text x="${gx}" y="${TOP + rows.length * ROW + 16}" text-anchor="middle" fill="#555">${label}</text>`,
		);
	}
	let group = null;
	rows.forEach((r, index) => {
		const y = TOP + index * ROW;
		if (r.group !== group) {
			group = r.group;
			if (index > 0)
				parts.push(
					`<line x1="16" y1="${y}" x2="${WIDTH - RIGHT}" y2="${y}" stroke="#bbb" stroke-dasharray="3 3"/>`,
				);
		}
		const color = r.met === null ? '#9e9e9e' : r.met ? '#2e7d32' : '#c62828';
		const x1 = x(1);
		const x2 = x(r.ratio);
		const barX = Math.abs(x2 - x1) < 8 ? x1 - 4 : Math.min(x1, x2);
		const barW = Math.max(8, Math.abs(x2 - x1)); // a ratio of 1 still shows its colour
		parts.push(
			`<text x="16" y="${y + 13}" font-weight="bold">${escape(r.group)}</text>`,
			`<text x="16" y="${y + 26}" fill="#333">${escape(r.what)} vs ${escape(r.versus)}</text>`,
			`<rect x="${barX}" y="${y + 8}" width="${barW}" height="${ROW - 12}" fill="${color}"/>`,
			ratioLabel(r.ratio, x1, x2, barX, barW, y + 2),
		);
		if (r.before && r.before.ratio > 0) {
			const bx2 = x(r.before.ratio);
			const bX = Math.abs(bx2 - x1) < 8 ? x1 - 4 : Math.min(x1, bx2);
			const bW = Math.max(8, Math.abs(bx2 - x1));
			parts.push(
				`<rect x="${bX}" y="${y + 2}" width="${bW}" height="4" fill="#78909c"><title>before: ${ratioText(r.before.ratio)}</title></rect>`,
			);
		}
		if (r.targetValue) {
			const tx = x(r.targetValue);
			parts.push(
				`<line x1="${tx}" y1="${y + 2}" x2="${tx}" y2="${y + ROW - 2}" stroke="#000" stroke-width="2"/>`,
			);
		}
	});
	parts.push(
		`<text x="${x(1)}" y="${height - 18}" text-anchor="middle" fill="#555">ours / alternative (or ours / floor)</text>`,
		'</svg>',
	);
	return { markup: parts.join('\n'), height };
}

/** Writes the chart of `report` to `file` (PNG). */
async function renderChart(report, file) {
	const { markup, height } = svg(report);
	const browser = await launchChromium();
	try {
		const page = await browser.context.newPage();
		await page.setViewportSize({ width: WIDTH, height });
		await page.setContent(`<!doctype html><html><body style="margin:0">${markup}</body></html>`);
		fs.writeFileSync(file, await page.locator('svg').screenshot({ type: 'png' }));
	} finally {
		await browser.close();
	}
	return file;
}

module.exports = { renderChart, svg };
