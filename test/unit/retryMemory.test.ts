import type { IExecuteFunctions, INode } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { PLACES_CALL } from '../../nodes/Bitel/transport';
import type { Effect, UnitResult } from '../../nodes/shared/outcome';
import { unitError } from '../../nodes/shared/outcome';
import { openRetryMemory, requestKey } from '../../nodes/shared/retryMemory';
import { toOutputItems } from '../../nodes/shared/runner';

const node: INode = {
	id: 'n',
	name: 'Bitel',
	type: 'n8n-nodes-bitel.bitel',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

/** The part of IExecuteFunctions the memory reads, backed by n8n's contextData layout. */
function executeContext(contextData: Record<string, object>, runIndex = 0): IExecuteFunctions {
	return {
		getNode: () => node,
		getContext: () => (contextData[`node:${node.name}`] ??= {}),
		getWorkflowDataProxy: () => ({ $runIndex: runIndex }),
	} as unknown as IExecuteFunctions;
}

describe('retry memory', () => {
	const unknownFailure: UnitResult = {
		status: 'unknown',
		itemIndex: 1,
		message: 'Bitel may have placed the call: the server answered with HTTP 500',
		description: 'Check the status.',
		httpStatus: 500,
	};

	it('gives back accepted records and unknown errors, forgets refused requests', () => {
		const contextData: Record<string, object> = {};
		const first = openRetryMemory(executeContext(contextData));
		const accepted: UnitResult = {
			status: 'accepted',
			itemIndex: 0,
			json: { id: 'abc' },
			placed: true,
			number: '09121234567',
			id: 'abc',
		};
		first.remember('a', accepted);
		first.remember('b', unknownFailure);
		first.remember('c', { status: 'notSent', itemIndex: 2, message: 'Refused', description: '' });
		// n8n stores contextData as JSON: the memory must survive that.
		const stored = JSON.parse(JSON.stringify(contextData));

		const retry = openRetryMemory(executeContext(stored));
		expect(retry.recall('a', 0)).toEqual(accepted);
		const recalled = retry.recall('b', 1);
		expect(recalled?.status).toBe('unknown');
		const error = unitError(node, recalled!);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe(unknownFailure.status === 'unknown' ? unknownFailure.message : '');
		expect(error.description).toMatch(/^Check the status\. An earlier try/);
		expect((error as NodeApiError).httpCode).toBe('500');
		expect(error.context.outcome).toBe('unknown');
		expect(retry.recall('c', 2)).toBeUndefined();
	});

	it('keeps one memory per run index and frees a run that completed', () => {
		const contextData: Record<string, object> = {};
		const run0 = openRetryMemory(executeContext(contextData, 0));
		run0.remember('a', { status: 'accepted', itemIndex: 0, json: { id: '1' }, placed: true });
		expect(openRetryMemory(executeContext(contextData, 1)).recall('a', 0)).toBeUndefined();
		run0.release();
		expect(contextData['node:Bitel']).toEqual({});
	});

	it('keys a request by its item and by what was sent', () => {
		const body = { phoneNumber: '09121234567', voiceId: 'v' };
		expect(requestKey(0, body)).toBe(requestKey(0, { ...body }));
		expect(requestKey(1, body)).not.toBe(requestKey(0, body));
		expect(requestKey(0, { ...body, voiceId: 'w' })).not.toBe(requestKey(0, body));
		expect(requestKey(0, body, '09121234567')).not.toBe(requestKey(0, body, '09121234568'));
	});

	it('works as a no-op without a node context', () => {
		const memory = openRetryMemory({ getNode: () => node } as unknown as IExecuteFunctions);
		memory.remember('a', { status: 'accepted', itemIndex: 0, json: { id: '1' }, placed: true });
		expect(memory.recall('a', 0)).toEqual({
			status: 'accepted',
			itemIndex: 0,
			json: { id: '1' },
			placed: true,
		});
	});
});

describe('the error of a stopped execution lists the placed calls', () => {
	it('lists 1,000 placed calls and the unknown ones, in the description and the context', () => {
		const results = Array.from(
			{ length: 1000 },
			(_, index): UnitResult => ({
				status: 'accepted',
				itemIndex: index,
				json: { id: `id${index}` },
				placed: true,
				number: `0912${String(index).padStart(7, '0')}`,
				id: `id${index}`,
			}),
		);
		const failed: UnitResult = {
			status: 'unknown',
			itemIndex: 1000,
			message: 'Bitel may have placed the call',
			description: 'Check.',
			number: '09129999999',
		};
		const effect: Effect = { ...PLACES_CALL, alreadyDone: (n) => `${n} placed.` };
		const context = {
			continueOnFail: () => false,
			getNode: () => node,
		} as unknown as IExecuteFunctions;
		let error = new NodeApiError(node, {});
		try {
			toOutputItems(context, [...results, failed], effect);
		} catch (thrown) {
			error = thrown as NodeApiError;
		}
		expect(error.message).toBe('Bitel may have placed the call');
		expect(error.context.placedCalls).toHaveLength(1000);
		expect((error.context.placedCalls as object[])[999]).toEqual({
			itemIndex: 999,
			number: '09120000999',
			'call ID': 'id999',
		});
		expect(error.context.unknownCalls).toEqual([{ itemIndex: 1000, number: '09129999999' }]);
		expect(error.description).toMatch(
			/^Check\. 1000 placed\. Placed in this execution \(1000\): 09120000000 \(call ID id0\); /,
		);
		expect(error.description).toContain(
			'09120000999 (call ID id999). Use Get Status for these; do not re-run this node for them.',
		);
		expect(error.description).toMatch(/May have been placed, outcome unknown \(1\): 09129999999\./);
	});
});
