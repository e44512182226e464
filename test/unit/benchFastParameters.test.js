'use strict';
/** The fast-parameters bench row: the plain variant really differs, and the 1.5 × rule. */
const fs = require('node:fs');
const path = require('node:path');
const ts = require('typescript');

const { withPlainParameters } = require('../../bench/scenarios/fastParameters');
const { ratioRows } = require('../../bench/report/ratios');
const { detailTable } = require('../../bench/report/tables');

const REPO = path.resolve(__dirname, '..', '..');

/** nodes/Bitel/Bitel.node.ts compiled as `npm run build` compiles it (the repo's tsconfig). */
function compiledBitelNode() {
	const { config } = ts.readConfigFile(path.join(REPO, 'tsconfig.json'), ts.sys.readFile);
	const { options } = ts.parseJsonConfigFileContent(config, ts.sys, REPO);
	const source = fs.readFileSync(path.join(REPO, 'nodes/Bitel/Bitel.node.ts'), 'utf8');
	return ts.transpileModule(source, { compilerOptions: options }).outputText;
}

test('the plain variant hands the router `this` where the package hands it withFastParameters(this)', () => {
	const compiled = compiledBitelNode();
	const { source, replaced } = withPlainParameters(compiled);
	expect(replaced).toMatch(/withFastParameters\)\(this\)$/);
	expect(source).not.toContain('withFastParameters)(');
	expect(source.length).toBe(compiled.length - replaced.length + 'this'.length);
});

test('the variant is refused unless the call is there exactly once', () => {
	const call = '(0, fastParameters_1.withFastParameters)(this)';
	expect(() => withPlainParameters('return run(this);')).toThrow('found 0 times, want exactly 1');
	expect(() => withPlainParameters(`a(${call}); b(${call});`)).toThrow('found 2 times');
});

test('rows: node time as shipped against plain getNodeParameter (target 1.5 × faster), equal requests', () => {
	const figure = (median) => ({ median, runs: [median] });
	const results = (shippedMs, plainMs, plainRequests = 100) => ({
		fastParameters: {
			n: 10000,
			shipped: { ms: figure(shippedMs), requests: figure(100), firstRequestMs: figure(200) },
			plain: {
				ms: figure(plainMs),
				requests: figure(plainRequests),
				firstRequestMs: figure(5000),
			},
		},
	});
	const [time, requests] = ratioRows(results(2000, 3000), { n: [] });
	expect(time).toMatchObject({
		group: 'Fast parameters, Make Batch, 10,000 `$json` items',
		what: 'node time',
		ours: 2000,
		other: 3000,
		target: '≤ 1/1.5',
		met: true,
	});
	expect(requests).toMatchObject({ ours: 100, other: 100, ratio: 1, met: true });
	expect(ratioRows(results(2001, 3000, 101), { n: [] }).map((r) => r.met)).toEqual([false, false]);
	const details = detailTable(results(1500, 6500));
	expect(details).toContain(
		'| Fast parameters, Make Batch on 10,000 `$json` items, plain getNodeParameter: node time | 6.50 s |',
	);
	expect(details).toContain(
		'| Fast parameters, Make Batch on 10,000 `$json` items, as shipped (withFastParameters): until the first of 100 requests | 200 ms |',
	);
});
