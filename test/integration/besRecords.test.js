/**
 * BES "Get Call Records" against the simulator: windows of less than 7 days, paging with offset and
 * limit, Return All / Limit, the callSerialNo and called filters, "no data" as an empty
 * result, retCodes and failures.
 */
const { NodeOperationError } = require('n8n-workflow');
const {
	APP_KEY,
	PATHS,
	besCredentials,
	createParams,
	recordRequests,
	recordsParams,
	runBes,
	startSimulator,
	tokenRequests,
} = require('./besHelpers');

const DAY = 24 * 60 * 60 * 1000;
const WEEK = 7 * DAY;

let sim;
let store;
/** callSerialNo by called number, of the notifications created in beforeAll. */
const serials = {};

beforeAll(async () => {
	// cdrSpan 'under7Days': a BES that refuses exactly 7 days too; the node never asks for it.
	sim = await startSimulator({
		port: 0,
		seed: 31,
		bes: { finishAfterMs: 50, cdrSpan: 'under7Days' },
	});
	store = besCredentials(sim);
	const created = await runBes(
		['88880001', '88880002', '88880003', '88880003'].map((called) => createParams({ called })),
		{ store },
	);
	for (const item of created.items) (serials[item.json.called] ||= []).push(item.json.callSerialNo);
	await sim.bes.settleAll();
});
afterAll(async () => {
	await sim.close();
});
beforeEach(() => {
	sim.clearLog();
	sim.clearFaults();
});

const iso = (ms) => new Date(ms).toISOString();
const lastDays = (days, extra = {}) =>
	recordsParams({
		startTime: iso(Date.now() - days * DAY),
		endTime: iso(Date.now() + 60_000),
		...extra,
	});
const records = (params, extra = {}) => runBes(params, { store, ...extra });

describe('time windows', () => {
	test('a range of 20 days makes 4 record queries over contiguous windows of less than 7 days', async () => {
		const start = Date.now() - 20 * DAY;
		const end = Date.now() + 60_000;
		const run = await records(
			recordsParams({ startTime: iso(start), endTime: iso(end), returnAll: true }),
		);
		expect(run.error).toBeUndefined();

		const queries = recordRequests(sim);
		expect(queries).toHaveLength(4);
		for (const query of queries) {
			expect(query.method).toBe('POST');
			expect(query.headers.authorization).toBe(`Bearer ${store.besApi.accessToken}`);
			expect(query.headers['x-app-key']).toBe(APP_KEY);
			expect(query.body).toEqual({
				startTime: expect.stringMatching(/^\d+$/),
				endTime: expect.stringMatching(/^\d+$/),
				offset: '0',
				limit: '100',
				taskType: '3',
			});
			expect(query.responseStatus).toBe(200);
		}
		const windows = queries.map((q) => [Number(q.body.startTime), Number(q.body.endTime)]);
		expect(windows[0][0]).toBe(start);
		expect(windows[3][1]).toBe(end);
		windows.forEach(([from, to], index) => {
			expect(to - from).toBeLessThan(WEEK);
			if (index > 0) expect(from).toBe(windows[index - 1][1] + 1);
		});

		// The records of this test's calls are in the last window, one item each, paired.
		expect(run.items.map((item) => item.json.callSerialNo).sort()).toEqual(
			Object.values(serials).flat().sort(),
		);
		expect(run.items.every((item) => item.pairedItem.item === 0)).toBe(true);
		expect(run.items[0].json).toMatchObject({
			called: expect.stringMatching(/^8888000\d$/),
			startTime: expect.any(Number),
			releaseTime: expect.any(Number),
			state: 3,
		});
	});

	test("Simplify (on by default) gives the fields a workflow branches on in words; off gives BES's records as they came", async () => {
		const end = Date.now() + 60_000;
		const range = { startTime: iso(end - DAY), endTime: iso(end), returnAll: true };
		const simple = await records(recordsParams(range));
		const raw = await records(recordsParams({ ...range, simplify: false }));
		expect(simple.error).toBeUndefined();
		expect(raw.error).toBeUndefined();
		expect(simple.items.map((item) => item.json.callSerialNo)).toEqual(
			raw.items.map((item) => item.json.callSerialNo),
		);
		const first = raw.items[0].json;
		expect(first).toHaveProperty('callerPresent');
		expect(simple.items[0].json).toEqual({
			callSerialNo: first.callSerialNo,
			called: first.called,
			caller: first.caller,
			answered: expect.any(Boolean),
			ended: true,
			state: 3,
			stateDescription: 'Ended',
			reasonCode: first.reasonCode,
			reasonDescription: expect.any(String),
			// BES types the times and talkDuration String; Simplify gives them as numbers.
			talkDuration: Number(first.talkDuration),
			startTime: Number(first.startTime),
			...(first.talkingTime === undefined ? {} : { talkingTime: Number(first.talkingTime) }),
			endTime: Number(first.endTime),
			releaseTime: Number(first.releaseTime),
		});
		expect(first.startTime).toMatch(/^\d+$/);
		expect(simple.items[0].json.answered).toBe(Number(first.talkDuration) > 0);
	});

	test('exactly 7 days is two queries of less than 7 days each, none refused', async () => {
		const end = Date.now() + 60_000;
		const run = await records(
			recordsParams({ startTime: end - WEEK, endTime: end, returnAll: true }),
		);
		expect(run.error).toBeUndefined();
		const queries = recordRequests(sim);
		expect(queries.map((q) => [Number(q.body.startTime), Number(q.body.endTime)])).toEqual([
			[end - WEEK, end - DAY],
			[end - DAY + 1, end],
		]);
		for (const query of queries) expect(query.responseStatus).toBe(200);
		expect(run.items.map((item) => item.json.callSerialNo).sort()).toEqual(
			Object.values(serials).flat().sort(),
		);
	});

	test('retCode "1" (no data) is an empty result, not an error', async () => {
		const run = await records(
			recordsParams({ startTime: '2001-01-01T00:00:00Z', endTime: '2001-01-10T00:00:00Z' }),
		);
		expect(run.error).toBeUndefined();
		expect(run.items).toEqual([]);
		expect(recordRequests(sim)).toHaveLength(2);
	});
});

describe('filters (BES cannot query by them, so the node matches the records)', () => {
	test('Call Serial Number: only those calls, several separated by commas', async () => {
		const wanted = [serials['88880001'][0], serials['88880003'][1]];
		const run = await records(lastDays(1, { options: { callSerialNo: wanted.join(', ') } }));
		expect(run.items.map((item) => item.json.callSerialNo).sort()).toEqual([...wanted].sort());
		expect(recordRequests(sim)[0].body.limit).toBe('100'); // reads full pages to filter
	});

	test('Called Number: only calls to that number, written any way', async () => {
		const run = await records(lastDays(1, { options: { called: '8888-0003' } }));
		expect(run.items.map((item) => item.json.callSerialNo).sort()).toEqual(
			[...serials['88880003']].sort(),
		);
	});

	test('filters and Limit together: the limit counts matching records', async () => {
		const run = await records(lastDays(1, { limit: 1, options: { called: '88880003' } }));
		expect(run.items).toHaveLength(1);
		expect(serials['88880003']).toContain(run.items[0].json.callSerialNo);
	});

	test('several input items each get their own records, paired to them', async () => {
		const run = await records([
			lastDays(1, { options: { called: '88880001' } }),
			lastDays(1, { options: { called: '88880002' } }),
		]);
		expect(run.items.map((item) => [item.pairedItem.item, item.json.called])).toEqual([
			[0, '88880001'],
			[1, '88880002'],
		]);
	});
});

describe('paging: offset and limit, Return All and Limit', () => {
	let paging;
	let pagingStore;
	beforeAll(async () => {
		paging = await startSimulator({ port: 0, seed: 32, bes: { finishAfterMs: 10 } });
		pagingStore = besCredentials(paging);
		const run = await runBes(
			Array.from({ length: 150 }, (_, index) => createParams({ called: String(70000 + index) })),
			{ store: pagingStore },
		);
		expect(run.error).toBeUndefined();
		expect(tokenRequests(paging)).toHaveLength(1); // 150 notifications, one token
		await paging.bes.settleAll();
	});
	afterAll(async () => {
		await paging.close();
	});
	beforeEach(() => paging.clearLog());

	const pages = () => recordRequests(paging).map((q) => [q.body.offset, q.body.limit]);

	test('Return All reads every page: 150 records over offsets 0 and 100', async () => {
		const run = await runBes(lastDays(1, { returnAll: true }), { store: pagingStore });
		expect(run.items).toHaveLength(150);
		expect(pages()).toEqual([
			['0', '100'],
			['100', '100'],
		]);
		expect(new Set(run.items.map((item) => item.json.callSerialNo)).size).toBe(150);
	});

	test('Limit 120 asks for the 20 still wanted on the second page', async () => {
		const run = await runBes(lastDays(1, { limit: 120 }), { store: pagingStore });
		expect(run.items).toHaveLength(120);
		expect(pages()).toEqual([
			['0', '100'],
			['100', '20'],
		]);
	});

	test('the default Limit is 50, read in one query', async () => {
		const run = await runBes(lastDays(1), { store: pagingStore });
		expect(run.items).toHaveLength(50);
		expect(pages()).toEqual([['0', '50']]);
	});

	// Issue 12: a BES that returns shorter pages than asked for (simulator cdrPageCap), repeats
	// its pages (cdrRepeatPages) or answers an empty page before `total`.
	describe('a BES that pages its own way', () => {
		afterEach(() => {
			Object.assign(paging.bes.options, { cdrPageCap: null, cdrRepeatPages: false });
			paging.clearFaults();
		});

		test('pages of 30 when 100 were asked for: Return All reads on until total', async () => {
			paging.bes.options.cdrPageCap = 30;
			const run = await runBes(lastDays(1, { returnAll: true }), { store: pagingStore });
			expect(run.error).toBeUndefined();
			expect(run.items).toHaveLength(150);
			expect(new Set(run.items.map((item) => item.json.callSerialNo)).size).toBe(150);
			expect(pages()).toEqual(['0', '30', '60', '90', '120'].map((offset) => [offset, '100']));
		});

		test('pages of 30 with Limit 70: reads on, asking only for what is still wanted', async () => {
			paging.bes.options.cdrPageCap = 30;
			const run = await runBes(lastDays(1, { limit: 70 }), { store: pagingStore });
			expect(run.items).toHaveLength(70);
			expect(pages()).toEqual([
				['0', '70'],
				['30', '40'],
				['60', '10'],
			]);
		});

		test('a BES that repeats its first page: the paging stops, every record once', async () => {
			Object.assign(paging.bes.options, { cdrPageCap: 30, cdrRepeatPages: true });
			const run = await runBes(lastDays(1, { returnAll: true }), { store: pagingStore });
			expect(run.error).toBeUndefined();
			expect(run.items).toHaveLength(30);
			expect(pages()).toEqual([
				['0', '100'],
				['30', '100'],
			]);
		});

		test('an empty page before total is reached ends the window', async () => {
			paging.injectFault({
				path: PATHS.records,
				type: 'status',
				status: 200,
				times: 1,
				body: { retCode: '0', retMsg: 'ok', result: { total: 500, callInfo: [] } },
			});
			const run = await runBes(lastDays(1, { returnAll: true }), { store: pagingStore });
			expect(run.error).toBeUndefined();
			expect(run.items).toEqual([]);
			expect(pages()).toHaveLength(1);
		});
	});
});

describe('failures', () => {
	test('a retCode other than "0" or "1" is an error with its meaning', async () => {
		sim.injectFault({
			path: PATHS.records,
			type: 'status',
			status: 200,
			body: { retCode: '2', retMsg: 'The time format is incorrect.' },
		});
		const run = await records(lastDays(1), { continueOnFail: true });
		expect(run.items).toHaveLength(1);
		expect(run.items[0]).toEqual({
			json: {
				startTime: expect.any(String),
				endTime: expect.any(String),
				error:
					'BES did not return call records: the start or end time has an invalid format or the range is longer than 7 days (retCode 2)',
				description: expect.stringContaining('BES said: "The time format is incorrect."'),
				code: '2',
				outcome: 'rejected',
			},
			pairedItem: { item: 0 },
		});
	});

	test('HTTP 500 is reported and not sent again; without Continue On Fail it stops the node', async () => {
		sim.injectFault({ path: PATHS.records, type: 'status', status: 500 });
		const run = await records([lastDays(1), lastDays(1)]);
		expect(run.error.message).toBe('BES did not answer: the server answered with HTTP 500');
		expect(run.error.context.itemIndex).toBe(0);
		expect(recordRequests(sim)).toHaveLength(1); // the second item is not read either
	});

	test('403 explains the IP allow-list', async () => {
		sim.injectFault({ path: PATHS.records, type: 'status', status: 403 });
		const run = await records(lastDays(1), { continueOnFail: true });
		expect(run.items[0].json.error).toBe('BES refused access (HTTP 403)');
		expect(run.items[0].json.description).toMatch(/allow-list/);
	});

	test('429 is sent again', async () => {
		sim.injectFault({ path: PATHS.records, type: 'status', status: 429, retryAfter: 0 });
		const run = await records(lastDays(1, { options: { called: '88880002' } }));
		expect(run.error).toBeUndefined();
		expect(recordRequests(sim).map((q) => q.responseStatus)).toEqual([429, 200]);
		expect(run.items).toHaveLength(1);
	});
});

describe('validation: a clear error naming the parameter, and nothing is sent', () => {
	test.each([
		[
			'End Time before Start Time',
			{ startTime: '2025-03-10T00:00:00Z', endTime: '2025-03-01T00:00:00Z' },
			'End Time: is before Start Time [item 0]',
		],
		[
			'a Start Time that is not a date',
			{ startTime: 'soon', endTime: '2025-03-01T00:00:00Z' },
			'Start Time: "soon" is not a date and time [item 0]',
		],
		[
			'an empty End Time',
			{ startTime: '2025-03-01T00:00:00Z', endTime: '' },
			'End Time: is empty [item 0]',
		],
		[
			'Limit 0',
			{ startTime: '2025-03-01T00:00:00Z', endTime: '2025-03-02T00:00:00Z', limit: 0 },
			'Limit: "0" is not a whole number of 1 or more [item 0]',
		],
		[
			'a Called Number filter that is not a number',
			{
				startTime: '2025-03-01T00:00:00Z',
				endTime: '2025-03-02T00:00:00Z',
				options: { called: 'reception' },
			},
			'Called Number: "reception" is not a phone number [item 0]',
		],
	])('%s', async (_, params, message) => {
		const run = await records(recordsParams(params));
		expect(run.error).toBeInstanceOf(NodeOperationError);
		expect(run.error.message).toBe(message);
		expect(run.error.description).toMatch(/Nothing was sent for this item\.$/);
		expect(sim.log).toHaveLength(0);
	});
});

describe('ids wider than 2^53 (callSerialNo as a bare JSON number)', () => {
	// 1201763136043459597 and …598 are the same double: JSON.parse would merge and round them.
	const body = (serials) =>
		`{"retCode":"0","retMsg":"ok","result":{"total":${serials.length},"callInfo":[${serials
			.map((serial, index) => `{"callSerialNo":${serial},"called":"8888000${index}"}`)
			.join(',')}]}}`;

	test('no digit lost: output, dedupe and the callSerialNo filter compare the exact digits', async () => {
		const serialsSent = ['1201763136043459597', '1201763136043459598', '1201763136043459597'];
		sim.injectFault({ path: PATHS.records, type: 'status', status: 200, body: body(serialsSent) });
		const all = await records(lastDays(1));
		expect(all.error).toBeUndefined();
		expect(all.items.map((item) => item.json.callSerialNo)).toEqual([
			'1201763136043459597',
			'1201763136043459598',
		]);

		sim.injectFault({ path: PATHS.records, type: 'status', status: 200, body: body(serialsSent) });
		const one = await records(lastDays(1, { options: { callSerialNo: '1201763136043459598' } }));
		expect(one.items.map((item) => item.json.callSerialNo)).toEqual(['1201763136043459598']);
	});
});
