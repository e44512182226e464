'use strict';
/**
 * The load driver's counting (tools/load-driver.js), without an n8n: what it calls lost, doubled
 * and refused from a scenario's answers and the executions read back, and how it reads those
 * executions while n8n answers 503 because its database ping fails.
 */
const { tallyPosts, executionsAfter, triggerItemOf } = require('../../tools/load-driver');

const answered = (id, status = 200) => ({ id, status });
const execution = (executionId, status, id) => ({ executionId, status, id });

describe('tallyPosts', () => {
	test('an execution read twice is one execution: its post is kept, not doubled', () => {
		const tally = tallyPosts(
			[answered('a'), answered('b')],
			[
				execution('7', 'success', 'a'),
				execution('7', 'success', 'a'),
				execution('8', 'success', 'b'),
			],
		);
		expect(tally.doubled).toEqual([]);
		expect(tally.lost).toEqual([]);
		expect(tally.successesById.get('a')).toBe(1);
	});

	test('successful executions without a readable post are counted apart, not as one doubled post "undefined"', () => {
		const tally = tallyPosts(
			[answered('a'), answered('b'), answered('c')],
			[
				execution('1', 'success', 'a'),
				execution('2', 'success', undefined),
				execution('3', 'success', undefined),
				execution('4', 'error', undefined),
			],
		);
		expect(tally.doubled).toEqual([]);
		expect(tally.withoutPost).toEqual({ success: 2, error: 1 });
		expect([...tally.successesById.keys()]).toEqual(['a']);
		expect(tally.lost).toEqual(['b', 'c']);
		expect(tally.lostBy).toEqual({ none: 2 });
	});

	test('a post carried by two distinct successful executions is doubled, with both execution ids', () => {
		const tally = tallyPosts(
			[answered('a'), answered('b')],
			[
				execution('5', 'success', 'a'),
				execution('9', 'success', 'a'),
				execution('6', 'success', 'b'),
			],
		);
		expect(tally.doubled).toEqual([{ id: 'a', executionIds: ['5', '9'] }]);
		expect(tally.lost).toEqual([]);
	});

	test('lost is answered 2xx without a successful execution, by the statuses its executions have', () => {
		const tally = tallyPosts(
			[answered('kept'), answered('failed'), answered('gone'), answered('busy', 202)],
			[
				execution('1', 'success', 'kept'),
				execution('2', 'error', 'failed'),
				execution('3', 'crashed', 'busy'),
			],
		);
		expect(tally.lost).toEqual(['failed', 'gone', 'busy']);
		expect(tally.lostBy).toEqual({ error: 1, none: 1, crashed: 1 });
	});

	test('a post answered 503 or 500 is refused (the provider sends it again), not lost; one that ran all the same is listed', () => {
		const tally = tallyPosts(
			[answered('a', 503), answered('b', 500), { id: 'c', status: undefined }, answered('d')],
			[execution('1', 'success', 'b'), execution('2', 'success', 'd')],
		);
		expect(tally.lost).toEqual([]);
		expect(tally.refused).toEqual(['a', 'b']);
		expect(tally.refusedButRun).toEqual(['b']);
	});
});

describe('executionsAfter', () => {
	/**
	 * A fake n8n with executions 1..n: `answers` scripts, per id, the statuses its first GETs get
	 * (then 200); an id above n is answered 200 without data, as n8n does.
	 */
	function fakeN8n(executions, answers = {}) {
		const calls = {};
		return {
			calls,
			async rest(method, p) {
				const id = Number(p.split('/').pop());
				calls[id] = (calls[id] || 0) + 1;
				const scripted = answers[id]?.[calls[id] - 1];
				if (scripted)
					return { status: scripted, body: { code: scripted, message: 'Database is not ready!' } };
				const ex = executions[id - 1];
				return { status: 200, body: { data: ex ? { id: String(id) } : undefined } };
			},
			async getExecution(id) {
				return executions[id - 1];
			},
		};
	}
	const bitel = (id, status, requestId) => ({
		id: String(id),
		workflowId: 'wf',
		status,
		data: { resultData: { runData: { T: [{ data: { main: [[{ json: { requestId } }]] } }] } } },
	});
	const idOf = (ex) => triggerItemOf(ex, 'T')?.requestId;
	const patience = { attempts: 5, pauseMs: 1 };

	test('an execution answered 503 while n8n’s database ping fails is asked for again, not skipped', async () => {
		const executions = [
			bitel(1, 'success', 'a'),
			bitel(2, 'success', 'b'),
			bitel(3, 'success', 'c'),
		];
		const n8n = fakeN8n(executions, { 2: [503, 503] });
		const out = await executionsAfter(n8n, 'wf', { firstId: 1, expected: 3, idOf, patience });
		expect(out.map((e) => e.id)).toEqual(['a', 'b', 'c']);
		expect(n8n.calls[2]).toBe(3);
		expect(tallyPosts([answered('a'), answered('b'), answered('c')], out).lost).toEqual([]);
	});

	test('unfinished executions are listed with their status; other workflows are left out', async () => {
		const executions = [
			bitel(1, 'success', 'a'),
			{ ...bitel(2, 'success', 'x'), workflowId: 'other' },
			bitel(3, 'running', 'b'),
			bitel(4, 'error', 'c'),
		];
		const out = await executionsAfter(fakeN8n(executions), 'wf', {
			firstId: 1,
			expected: 2,
			idOf,
			patience,
		});
		expect(out).toEqual([
			{ executionId: '1', status: 'success', id: 'a' },
			{ executionId: '3', status: 'running', id: 'b' },
			{ executionId: '4', status: 'error', id: 'c' },
		]);
	});

	test('a post of an execution that failed before its trigger ran is read from the stored start data', () => {
		const neverRan = {
			id: '9',
			status: 'error',
			data: {
				resultData: { runData: {} },
				executionData: {
					nodeExecutionStack: [
						{ node: { name: 'T' }, data: { main: [[{ json: { requestId: 'z' } }]] } },
					],
				},
			},
		};
		expect(idOf(neverRan)).toBe('z');
		expect(
			idOf({ id: '10', status: 'error', data: { resultData: { runData: {} } } }),
		).toBeUndefined();
	});
});
