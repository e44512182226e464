/**
 * Issue 12, point 4 (Get Call Records): a BES that returns fewer records per page than
 * `limit` asks for (simulator `bes.cdrPageCap`) is read until `total`, and one that
 * repeats its pages (`bes.cdrRepeatPages`) or answers an empty page stops the paging.
 */
const {
	besCredentials,
	createParams,
	recordRequests,
	recordsParams,
	runBes,
	startSimulator,
	PATHS,
} = require('./besHelpers');

const DAY = 24 * 60 * 60 * 1000;
let sim;
let store;

beforeAll(async () => {
	sim = await startSimulator({ port: 0, seed: 33, bes: { finishAfterMs: 10 } });
	store = besCredentials(sim);
	const run = await runBes(
		Array.from({ length: 130 }, (_, index) => createParams({ called: String(60000 + index) })),
		{ store },
	);
	expect(run.error).toBeUndefined();
	await sim.bes.settleAll();
});
afterAll(async () => {
	await sim.close();
});
beforeEach(() => {
	sim.clearLog();
	sim.clearFaults();
	Object.assign(sim.bes.options, { cdrPageCap: null, cdrRepeatPages: false });
});

const lastDay = (extra = {}) =>
	recordsParams({
		startTime: new Date(Date.now() - DAY).toISOString(),
		endTime: new Date(Date.now() + 60_000).toISOString(),
		...extra,
	});
const pages = () => recordRequests(sim).map((q) => [q.body.offset, q.body.limit]);

test('pages of 30 when 100 were asked for: Return All reads on until total, 130 records', async () => {
	sim.bes.options.cdrPageCap = 30;
	const run = await runBes(lastDay({ returnAll: true }), { store });
	expect(run.error).toBeUndefined();
	expect(run.items).toHaveLength(130);
	expect(new Set(run.items.map((item) => item.json.callSerialNo)).size).toBe(130);
	expect(pages()).toEqual([
		['0', '100'],
		['30', '100'],
		['60', '100'],
		['90', '100'],
		['120', '100'],
	]);
});

test('pages of 30 with Limit 70: reads on until the limit, asking only for what is still wanted', async () => {
	sim.bes.options.cdrPageCap = 30;
	const run = await runBes(lastDay({ limit: 70 }), { store });
	expect(run.items).toHaveLength(70);
	expect(pages()).toEqual([
		['0', '70'],
		['30', '40'],
		['60', '10'],
	]);
});

test('a BES that repeats its first page: the paging stops, every record once', async () => {
	sim.bes.options.cdrPageCap = 30;
	sim.bes.options.cdrRepeatPages = true;
	const run = await runBes(lastDay({ returnAll: true }), { store });
	expect(run.error).toBeUndefined();
	expect(run.items).toHaveLength(30);
	expect(pages()).toEqual([
		['0', '100'],
		['30', '100'],
	]);
});

test('an empty page before total is reached ends the window', async () => {
	sim.injectFault({
		path: PATHS.records,
		type: 'status',
		status: 200,
		times: 1,
		body: { retCode: '0', retMsg: 'ok', result: { total: 500, callInfo: [] } },
	});
	const run = await runBes(lastDay({ returnAll: true }), { store });
	expect(run.error).toBeUndefined();
	expect(run.items).toEqual([]);
	expect(recordRequests(sim)).toHaveLength(1);
});
