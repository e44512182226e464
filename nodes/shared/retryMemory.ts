import { createHash } from 'crypto';
import type { IDataObject, IExecuteFunctions, INode } from 'n8n-workflow';
import { deepCopy, NodeApiError } from 'n8n-workflow';

import type { Outcome } from './errors';
import { createApiError } from './errors';
import type { CallReference, ItemOutcome } from './items';

/**
 * What this node's earlier tries in the same execution did, so that n8n's Retry On Fail
 * (which runs execute() again from scratch) never places a call a second time.
 *
 * It lives in n8n's node context (`this.getContext('node')`). n8n keeps that object in the
 * execution's own data (runExecutionData.executionData.contextData, the way Loop Over Items
 * keeps its state): every try of the node within one execution sees the same object, a
 * retry of the execution from the executions list starts from the stored copy, and it is
 * freed and stored with the execution, so nothing outlives it and nothing is shared between
 * executions, workers or nodes. In queue mode every try of a node runs on the worker that
 * runs the execution. A node that runs several times in one execution (a loop) has one
 * memory per run index.
 *
 * Only requests that reached the provider are remembered: accepted ones with what they
 * returned, and those of unknown outcome with their error. A request that was refused or
 * never left placed nothing and follows the normal rules on the next try.
 */

const CONTEXT_KEY = 'neverTwice';

/** A request that reached the provider, as remembered (plain JSON: n8n stores it). */
export interface Remembered {
	outcome: 'accepted' | 'unknown';
	/** The output of an accepted request. */
	json?: IDataObject;
	call?: CallReference;
	errorContext?: IDataObject;
	/** The error of a request of unknown outcome. */
	error?: { message: string; description?: string; httpStatus?: number; providerCode?: string };
}

interface StoredMemory {
	/** Run index → request key → what the request did. */
	runs: Record<string, Record<string, Remembered>>;
}

export interface RetryMemory {
	/** What an earlier try did with this request, as this try's outcome, if it reached the provider. */
	recall(key: string, itemIndex: number): ItemOutcome | undefined;
	/**
	 * Records what a request did, if it reached the provider: accepted with its output,
	 * or of unknown outcome with its error. Refused and never-sent requests are not kept.
	 */
	remember(key: string, outcome: ItemOutcome): void;
	/** Forgets this run: called when the node finished and n8n will not run it again. */
	release(): void;
}

/**
 * The identity of one request: the item (or number) it was sent for and a digest of what
 * was sent, so a try whose input changed (a retried execution with an edited workflow)
 * is never answered with another request's result.
 */
export function requestKey(itemIndex: number, sent: unknown, unit = ''): string {
	const digest = createHash('sha256').update(JSON.stringify(sent)).digest('hex').slice(0, 24);
	return `${itemIndex}:${unit}:${digest}`;
}

/** The run index of this execute() call (0 when n8n cannot say, e.g. outside a workflow). */
function runIndexOf(context: IExecuteFunctions): string {
	try {
		const value = (context.getWorkflowDataProxy(0) as IDataObject).$runIndex;
		return typeof value === 'number' && Number.isInteger(value) ? String(value) : '0';
	} catch {
		return '0';
	}
}

function nodeContext(context: IExecuteFunctions): IDataObject | undefined {
	try {
		return typeof context.getContext === 'function'
			? (context.getContext('node') as IDataObject)
			: undefined;
	} catch {
		return undefined;
	}
}

/** The retry memory of this node's current run (a no-op memory when n8n offers no context). */
export function openRetryMemory(context: IExecuteFunctions): RetryMemory {
	const node = context.getNode();
	const store = nodeContext(context);
	const runIndex = runIndexOf(context);
	const memory = (store?.[CONTEXT_KEY] as StoredMemory | undefined) ?? { runs: {} };
	const run = (): Record<string, Remembered> => {
		if (store && store[CONTEXT_KEY] !== memory)
			store[CONTEXT_KEY] = memory as unknown as IDataObject;
		return (memory.runs[runIndex] ??= {});
	};
	return {
		recall(key, itemIndex) {
			const remembered = memory.runs[runIndex]?.[key];
			if (!remembered) return undefined;
			const { call, errorContext } = remembered;
			if (remembered.outcome === 'accepted')
				return {
					itemIndex,
					json: deepCopy(remembered.json ?? {}),
					placed: true,
					call,
					errorContext,
				};
			return {
				itemIndex,
				error: rememberedUnknownError(node, remembered, itemIndex),
				call,
				errorContext,
			};
		},
		remember(key, outcome) {
			const { call, errorContext } = outcome;
			if (outcome.error) {
				const { outcome: kind, providerCode } = outcome.error.context as IDataObject;
				if (kind !== 'unknown') return;
				run()[key] = {
					outcome: 'unknown',
					call,
					errorContext,
					error: {
						message: outcome.error.message,
						description: outcome.error.description ?? undefined,
						httpStatus:
							outcome.error instanceof NodeApiError && outcome.error.httpCode
								? Number(outcome.error.httpCode)
								: undefined,
						providerCode: typeof providerCode === 'string' ? providerCode : undefined,
					},
				};
				return;
			}
			if (outcome.placed && outcome.json)
				run()[key] = { outcome: 'accepted', json: deepCopy(outcome.json), call, errorContext };
		},
		release() {
			delete memory.runs[runIndex];
			if (store && Object.keys(memory.runs).length === 0) delete store[CONTEXT_KEY];
		},
	};
}

/** The error of a remembered unknown request, rebuilt for this try. */
function rememberedUnknownError(
	node: INode,
	remembered: Remembered,
	itemIndex: number,
): NodeApiError {
	const outcome: Outcome = 'unknown';
	const error = remembered.error ?? { message: 'The request may have placed the call' };
	const note =
		'An earlier try of this node in this execution sent this request, so Retry On Fail did not send it again.';
	return createApiError(node, {
		message: error.message,
		description: `${error.description ?? ''} ${note}`.trim(),
		httpStatus: error.httpStatus,
		providerCode: error.providerCode,
		outcome,
		itemIndex,
	});
}
