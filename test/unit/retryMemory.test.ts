import type { IExecuteFunctions, INode } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { createApiError } from '../../nodes/shared/errors';
import { toOutputItems } from '../../nodes/shared/items';
import { openRetryMemory, requestKey } from '../../nodes/shared/retryMemory';

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
	const unknownError = () =>
		createApiError(node, {
			message: 'Bitel may have placed the call: the server answered with HTTP 500',
			description: 'Check the status.',
			httpStatus: 500,
			outcome: 'unknown',
		});

	it('gives back accepted records and unknown errors, forgets refused requests', () => {
		const contextData: Record<string, object> = {};
		const first = openRetryMemory(executeContext(contextData));
		const call = { number: '09121234567', idName: 'call ID', id: 'abc' };
		first.remember('a', { itemIndex: 0, json: { id: 'abc' }, placed: true, call });
		first.remember('b', { itemIndex: 1, error: unknownError() });
		first.remember('c', {
			itemIndex: 2,
			error: createApiError(node, { message: 'Refused', description: '', outcome: 'notSent' }),
		});
		// n8n stores contextData as JSON: the memory must survive that.
		const stored = JSON.parse(JSON.stringify(contextData));

		const retry = openRetryMemory(executeContext(stored));
		expect(retry.recall('a', 0)).toEqual({ itemIndex: 0, json: { id: 'abc' }, placed: true, call });
		const recalled = retry.recall('b', 1);
		expect(recalled?.error).toBeInstanceOf(NodeApiError);
		expect(recalled?.error?.message).toBe(unknownError().message);
		expect(recalled?.error?.description).toMatch(/^Check the status\. An earlier try/);
		expect((recalled?.error as NodeApiError).httpCode).toBe('500');
		expect(recalled?.error?.context.outcome).toBe('unknown');
		expect(retry.recall('c', 2)).toBeUndefined();
	});

	it('keeps one memory per run index and frees a run that completed', () => {
		const contextData: Record<string, object> = {};
		const run0 = openRetryMemory(executeContext(contextData, 0));
		run0.remember('a', { itemIndex: 0, json: { id: '1' }, placed: true });
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
		memory.remember('a', { itemIndex: 0, json: { id: '1' }, placed: true });
		expect(memory.recall('a', 0)).toEqual({ itemIndex: 0, json: { id: '1' }, placed: true });
	});
});

describe('the error of a stopped execution lists the placed calls', () => {
	it('lists 1,000 placed calls and the unknown ones, in the description and the context', () => {
		const outcomes = Array.from({ length: 1000 }, (_, index) => ({
			itemIndex: index,
			json: { id: `id${index}` },
			placed: true,
			call: {
				number: `0912${String(index).padStart(7, '0')}`,
				idName: 'call ID',
				id: `id${index}`,
			},
		}));
		const error = createApiError(node, {
			message: 'Bitel may have placed the call',
			description: 'Check.',
			outcome: 'unknown',
		});
		const failed = { itemIndex: 1000, error, call: { number: '09129999999', idName: 'call ID' } };
		expect(() => toOutputItems([...outcomes, failed], false, (n) => `${n} placed.`)).toThrow(error);
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
