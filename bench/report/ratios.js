'use strict';
/** The ratio rows (ours / theirs, with targets) of the table and the chart. */

/** The growth curve's operations, as the table names them. */
const GROWTH_NAMES = { batch: 'Make Batch', p2p: 'Send Personalized Batch SMS' };

/** Issue 25's targets: heap of 100,000 open verifications, Check Code per second (in the node). */
const VERIFICATION_HEAP_BUDGET = 50e6;
const VERIFICATION_CHECKS_TARGET = 5000;

/** The ratio rows of the table and the chart. */
function ratioRows(results, config) {
	const rows = [];
	const add = (group, what, ours, other, versus, target, unit) => {
		const ratio = ours === null || other === null || other === 0 ? null : ours / other;
		rows.push({
			group,
			what,
			versus,
			ours,
			other,
			unit,
			ratio,
			target: target ? target.text : '',
			targetValue: target ? target.value : null,
			met: target && ratio !== null ? target.check(ratio) : null,
		});
	};
	const atMost = (value, text) => ({
		value,
		text: text || `≤ ${value}`,
		check: (r) => r <= value + 1e-9,
	});
	const atLeast = (value, text) => ({
		value,
		text: text || `≥ ${value}`,
		check: (r) => r >= value - 1e-9,
	});
	const exactly = (value) => ({
		value,
		text: `= ${value}`,
		check: (r) => Math.abs(r - value) < 1e-9,
	});
	const largest = Math.max(...config.n);
	for (const n of config.n) {
		const b = results.batch && results.batch[n];
		if (!b) continue;
		const label = `Batch call, N = ${n.toLocaleString('en-US')}`;
		add(
			label,
			'requests',
			b.ours.requests.median,
			b.floorRequests,
			'floor ⌈N/100⌉',
			exactly(1),
			'',
		);
		add(
			label,
			'requests',
			b.ours.requests.median,
			b.httpDefault.requests.median,
			'HTTP Request per item',
			null,
			'',
		);
		add(
			label,
			'wall time',
			b.ours.ms.median,
			b.httpDefault.ms.median,
			'HTTP Request per item, defaults',
			n === largest ? atMost(0.05, '≤ 1/20') : null,
			'ms',
		);
		add(
			label,
			'wall time',
			b.ours.ms.median,
			b.httpBatching.ms.median,
			'HTTP Request per item, batching',
			null,
			'ms',
		);
		add(
			label,
			'wall time',
			b.ours.ms.median,
			b.expressionFloor.ms.median,
			'n8n floor: 1 expression per item',
			null,
			'ms',
		);
	}
	for (const [n, p] of Object.entries(results.p2p || {})) {
		const label = `Personalized SMS, N = ${Number(n).toLocaleString('en-US')}`;
		add(
			label,
			'requests',
			p.ours.requests.median,
			p.floorRequests,
			'floor ⌈N/100⌉',
			exactly(1),
			'',
		);
		add(
			label,
			'requests',
			p.ours.requests.median,
			p.httpDefault.requests.median,
			'HTTP Request per item (single SMS)',
			null,
			'',
		);
		add(
			label,
			'wall time',
			p.ours.ms.median,
			p.httpDefault.ms.median,
			'HTTP Request per item (single SMS), defaults',
			null,
			'ms',
		);
	}
	for (const [name, curve] of Object.entries(results.growth || {})) {
		const sizes = Object.keys(curve).map(Number);
		const largest = Math.max(...sizes);
		if (!curve[10000] || largest === 10000) continue;
		add(
			`Growth, ${GROWTH_NAMES[name]}`,
			`time per number, N = ${largest.toLocaleString('en-US')}`,
			curve[largest].msPerNumber,
			curve[10000].msPerNumber,
			'time per number, N = 10,000',
			atMost(1.25, '≤ 1.25'),
			'ms',
		);
	}
	const s = results.status;
	if (s) {
		const label = `Wait for final status, ${s.calls.toLocaleString('en-US')} calls`;
		add(
			label,
			'wall time',
			s.ours.ms.median,
			s.loop.ms.median,
			'Loop Over Items + Wait + HTTP Request',
			atMost(0.1, '≤ 1/10'),
			'ms',
		);
		add(
			label,
			'requests',
			s.ours.requests.median,
			s.loop.requests.median,
			'Loop Over Items + Wait + HTTP Request',
			null,
			'',
		);
		add(label, 'wall time', s.ours.ms.median, s.floorMs, 'floor (time until final)', null, 'ms');
		add(
			label,
			'requests',
			s.ours.requests.median,
			s.floorRequests,
			'floor (one per call)',
			null,
			'',
		);
	}
	const bes = results.bes;
	if (bes) {
		const label = `BES, ${bes.notifications.toLocaleString('en-US')} notifications`;
		add(
			label,
			'token requests, 1 execution',
			bes.oneExecution.tokenRequests.median,
			1,
			'floor 1',
			exactly(1),
			'',
		);
		add(
			label,
			`token requests, ${bes.executions} executions`,
			bes.manyExecutions.tokenRequests.median,
			1,
			'floor 1',
			exactly(1),
			'',
		);
	}
	const o = results.overhead;
	if (o) {
		const label = `Node overhead, ${o.requests.toLocaleString('en-US')} requests, 0 ms latency`;
		add(
			label,
			'wall time',
			o.ours.ms.median,
			o.http.ms.median,
			'HTTP Request per item',
			atMost(1.2, '≤ 1.2'),
			'ms',
		);
		add(
			label,
			'n8n CPU time',
			o.ours.cpuMs.median,
			o.http.cpuMs.median,
			'HTTP Request per item',
			null,
			'ms',
		);
	}
	const mem = results.memory;
	if (mem) {
		const label = `Node overhead, ${mem.requests.toLocaleString('en-US')} requests, 0 ms latency`;
		add(
			label,
			'peak memory above baseline',
			mem.aboveBaselineBytes.ours,
			mem.aboveBaselineBytes.http,
			'HTTP Request per item',
			atMost(1.2, '≤ 1.2'),
			'B',
		);
		add(
			label,
			'peak memory of n8n execute',
			mem.peakRssBytes.ours.median,
			mem.peakRssBytes.http.median,
			'HTTP Request per item',
			atMost(1.2, '≤ 1.2'),
			'B',
		);
	}
	const v = results.verification;
	if (v) {
		const label = `Verification, ${v.open.toLocaleString('en-US')} open verifications`;
		add(
			label,
			'heap held after GC',
			v.heapBytes.median,
			VERIFICATION_HEAP_BUDGET,
			'budget 50 MB',
			atMost(1, '≤ 1'),
			'B',
		);
		add(
			'Verification, pure',
			'token open + memory check per second',
			v.checksPerSecond.median,
			VERIFICATION_CHECKS_TARGET,
			'5,000 per second',
			atLeast(1, '≥ 1'),
			'',
		);
		if (v.nodeChecksPerSecond)
			add(
				`Verification, Check Code in n8n, N = ${v.nodeChecks.toLocaleString('en-US')}`,
				'checks per second (N / node time)',
				v.nodeChecksPerSecond.median,
				VERIFICATION_CHECKS_TARGET,
				'5,000 per second',
				atLeast(1, '≥ 1'),
				'',
			);
	}
	const f = results.fastParameters;
	if (f) {
		const label = `Fast parameters, Make Batch, ${f.n.toLocaleString('en-US')} \`$json\` items`;
		const versus = "plain getNodeParameter, n8n's default engine";
		// Issue 24: withFastParameters stays only when it makes this batch at least 1.5 × faster.
		add(
			label,
			'node time',
			f.shipped.ms.median,
			f.plain.ms.median,
			versus,
			atMost(1 / 1.5, '≤ 1/1.5'),
			'ms',
		);
		add(
			label,
			'requests',
			f.shipped.requests.median,
			f.plain.requests.median,
			versus,
			exactly(1),
			'',
		);
	}
	return rows;
}

module.exports = { ratioRows, GROWTH_NAMES };
