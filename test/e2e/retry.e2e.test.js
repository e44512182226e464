'use strict';
/**
 * n8n's own retry mechanisms in a real n8n, 2.41.1 or (test:e2e:n8n1) 1.123.81: the node setting
 * Retry On Fail (n8n runs the node again in the same execution), with and without Continue On
 * Fail, and the "Retry" of a failed execution from the executions list (REST
 * POST /rest/executions/:id/retry). The provider fails a request *after* acting on it (the
 * simulator's `status-after` fault), the case where a blind retry calls everyone again. From the
 * simulator's log: every number is dialled at most once; from the stored execution (REST): the
 * error that stopped it lists every placed call.
 */
const { startE2E, requirePackageNodes, pairedIndex, SETUP_TIMEOUT_MS } = require('../../tools/harness');
const { dialledCounts, expectDialledOnce: expectDialled } = require('../helpers/faultChecks');

jest.setTimeout(180000);

requirePackageNodes();

const VOICE = '08e815cbcd724386805103ac0d45e4c2';
const BATCH = '/api/v2/voice/batch';
const SINGLE = '/api/v2/voice/single';
const BES_CREATE = '/apiaccess/rest/voiceNotification/v2/createVoiceNotification';
/** `count` distinct valid mobile numbers; last digit 0–6 so the simulator answers them. */
function numbers(count, start) {
	return Array.from(
		{ length: count },
		(_, index) => `0912${String(start + index * 10).padStart(7, '0')}`,
	);
}

const figures = [];
const expectDialledOnce = (...args) => expectDialled(figures, ...args);

describe('Retry On Fail and execution retry in a real n8n: never a second call', () => {
	let e2e;

	beforeAll(async () => {
		e2e = await startE2E({
			name: 'retry',
			workflows: ['e2eRetryBatch001', 'e2eRetrySingle01', 'e2eRetryCofBat01', 'e2eRetryBesCrt01'],
			activate: ['e2eRetryBatch001', 'e2eRetrySingle01', 'e2eRetryCofBat01', 'e2eRetryBesCrt01'],
			simulator: { bitel: { finalAfterMs: 60000 }, bes: { finishAfterMs: 60000 } },
		});
	}, SETUP_TIMEOUT_MS);

	afterAll(async () => {
		if (figures.length) console.log(`Retry figures (real n8n):\n${figures.join('\n')}`);
		if (e2e) await e2e.close();
	});

	beforeEach(() => {
		if (e2e) {
			e2e.sim.clearLog();
			e2e.sim.clearFaults();
		}
	});

	/** Retries a stored execution from the executions list and returns the new execution. */
	async function retryExecution(workflowId, executionId, loadWorkflow) {
		const before = await e2e.executionIds(workflowId);
		const res = await e2e.n8n.rest('POST', `/rest/executions/${executionId}/retry`, {
			loadWorkflow,
		});
		expect(res.status).toBe(200);
		const [execution] = await e2e.n8n.waitForExecutions(workflowId, { after: before, count: 1 });
		return execution;
	}

	test('Make Batch: 1,000 numbers as 1,000 items, the 4th of 10 requests answered 500 after placing', async () => {
		const list = numbers(1000, 1000000);
		e2e.sim.injectFault({ path: BATCH, type: 'status-after', status: 500, skip: 3 });
		const run = await e2e.run(
			'e2eRetryBatch001',
			list.map((phoneNumbers) => ({ phoneNumbers, voiceId: VOICE })),
			{ timeoutMs: 120000 },
		);
		const entries = e2e.sim.requests({ provider: 'bitel', path: BATCH });
		expectDialledOnce(
			'Make Batch 1,000 items, Retry On Fail (3 tries)',
			dialledCounts(entries, (entry) => entry.body.phoneNumbers),
			1000,
		);
		expect(run.status).toBe('error');
		expect(entries).toHaveLength(10); // the second and third tries sent nothing

		// The stored error lists the 900 placed calls (number and call ID) and the 100 unknown.
		const { error } = run;
		expect(error.message).toMatch(/may have placed the call/);
		expect(error.description).toMatch(/Placed in this execution \(900\)/);
		expect(error.description).toMatch(/Use Get Status for these; do not re-run this node for them/);
		expect(error.description).toMatch(/May have been placed, outcome unknown \(100\)/);
		expect(error.context.placedCalls).toHaveLength(900);
		expect(error.context.unknownCalls).toHaveLength(100);
		const calls = e2e.sim.bitel.calls;
		for (const placed of error.context.placedCalls) {
			expect(calls.get(placed['call ID'])?.phoneNumber).toBe(placed.number);
		}
		expect(new Set(error.context.placedCalls.map((placed) => placed.number)).size).toBe(900);

		// "Retry" from the executions list starts from the stored execution, node context
		// included: with the original workflow and with the saved one, nothing is sent again.
		for (const loadWorkflow of [false, true]) {
			const retried = await retryExecution('e2eRetryBatch001', run.execution.id, loadWorkflow);
			expect(retried.status).toBe('error');
			expect(retried.data.resultData.error.context.placedCalls).toHaveLength(900);
		}
		expect(e2e.sim.requests({ provider: 'bitel', path: BATCH })).toHaveLength(10);
	});

	test('Make: 30 items, the 7th request answered 500 after placing', async () => {
		const list = numbers(30, 2000000);
		e2e.sim.injectFault({ path: SINGLE, type: 'status-after', status: 500, skip: 6 });
		const run = await e2e.run(
			'e2eRetrySingle01',
			list.map((phoneNumber) => ({ phoneNumber, voiceId: VOICE })),
		);
		const entries = e2e.sim.requests({ provider: 'bitel', path: SINGLE });
		expectDialledOnce(
			'Make 30 items, Retry On Fail (5 tries)',
			dialledCounts(entries, (entry) => [entry.body.phoneNumber]),
			30,
		);
		expect(run.status).toBe('error');
		expect(entries).toHaveLength(30);
		expect(run.error.context.placedCalls).toHaveLength(29);
		expect(run.error.context.unknownCalls).toHaveLength(1);
		for (const placed of run.error.context.placedCalls) {
			expect(run.error.description).toContain(`${placed.number} (call ID ${placed['call ID']})`);
		}
	});

	test('Continue On Fail + Retry On Fail, an invalid first item: 200 valid numbers dialled once over 3 tries', async () => {
		const list = numbers(200, 3000000);
		const run = await e2e.run(
			'e2eRetryCofBat01',
			['12345', ...list].map((phoneNumbers) => ({ phoneNumbers, voiceId: VOICE })),
		);
		const entries = e2e.sim.requests({ provider: 'bitel', path: BATCH });
		expectDialledOnce(
			'Continue On Fail + Retry On Fail, invalid first item',
			dialledCounts(entries, (entry) => entry.body.phoneNumbers),
			200,
		);
		expect(run.status).toBe('success');
		expect(entries).toHaveLength(2);
		const items = run.items('Bitel');
		expect(items).toHaveLength(201);
		expect(items.map(pairedIndex)).toEqual(items.map((_, index) => index));
		expect(items[0].json.error).toMatch(/is not an Iranian phone number/);
		const calls = e2e.sim.bitel.calls;
		items.slice(1).forEach((item, index) => {
			expect(calls.get(item.json.id)?.phoneNumber).toBe(list[index]);
		});
	});

	test('BES: 20 notifications, the 7th answered 500 after creating', async () => {
		const list = Array.from(
			{ length: 20 },
			(_, index) => `8887${String(index * 10).padStart(4, '0')}`,
		);
		e2e.sim.injectFault({ path: BES_CREATE, type: 'status-after', status: 500, skip: 6 });
		const run = await e2e.run(
			'e2eRetryBesCrt01',
			list.map((called) => ({ called })),
		);
		const entries = e2e.sim.requests({ provider: 'bes', path: BES_CREATE });
		expectDialledOnce(
			'BES 20 notifications, Retry On Fail (3 tries)',
			dialledCounts(entries, (entry) => [entry.body.called]),
			20,
		);
		expect(run.status).toBe('error');
		expect(entries).toHaveLength(20);
		const { placedCalls, unknownCalls } = run.error.context;
		expect(placedCalls).toHaveLength(19);
		expect(unknownCalls).toHaveLength(1);
		for (const placed of placedCalls) {
			expect(e2e.sim.bes.notifications.get(placed.callSerialNo)?.called).toBe(placed.number);
			expect(run.error.description).toContain(
				`${placed.number} (callSerialNo ${placed.callSerialNo})`,
			);
		}

		const retried = await retryExecution('e2eRetryBesCrt01', run.execution.id, false);
		expect(retried.status).toBe('error');
		expect(e2e.sim.requests({ provider: 'bes', path: BES_CREATE })).toHaveLength(20);
	});
});
