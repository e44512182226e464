import { createHash } from 'crypto';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { deepCopy } from 'n8n-workflow';

import type { UnitResult } from './outcome';

/**
 * What earlier tries of this node did in this execution, so that n8n's Retry On Fail (which runs
 * execute() again from scratch) never sends a request twice. It lives in n8n's node context, which
 * n8n keeps with the execution (docs/reliability.md#the-retry-memory); only requests that reached
 * the provider (accepted, or of unknown outcome) are kept.
 */

const CONTEXT_KEY = 'neverTwice';
const EARLIER_TRY =
	'An earlier try of this node in this execution sent this request, so Retry On Fail did not send it again.';

export interface RetryMemory {
	recall(key: string, itemIndex: number): UnitResult | undefined;
	remember(key: string, result: UnitResult): void;
	/** Forgets this run: the node finished and n8n will not run it again. */
	release(): void;
}

/** A request's identity: the item (and number) it was sent for and a digest of what was sent. */
export function requestKey(itemIndex: number, sent: unknown, unit = ''): string {
	const digest = createHash('sha256').update(JSON.stringify(sent)).digest('hex').slice(0, 24);
	return `${itemIndex}:${unit}:${digest}`;
}

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

/** The retry memory of this node's current run (one that forgets when n8n offers no context). */
export function openRetryMemory(context: IExecuteFunctions): RetryMemory {
	const store = nodeContext(context);
	const runIndex = runIndexOf(context);
	const memory = (store?.[CONTEXT_KEY] as { runs: Record<string, Record<string, UnitResult>> }) ?? {
		runs: {},
	};
	const run = () => {
		if (store && store[CONTEXT_KEY] !== memory) store[CONTEXT_KEY] = memory as IDataObject;
		return (memory.runs[runIndex] ??= {});
	};
	return {
		recall(key, itemIndex) {
			const remembered = memory.runs[runIndex]?.[key];
			if (!remembered) return undefined;
			const copy = deepCopy(remembered);
			if (copy.status === 'unknown') copy.description = `${copy.description} ${EARLIER_TRY}`.trim();
			return { ...copy, itemIndex };
		},
		remember(key, result) {
			if (result.status === 'accepted' || result.status === 'unknown')
				run()[key] = deepCopy(result);
		},
		release() {
			delete memory.runs[runIndex];
			if (store && Object.keys(memory.runs).length === 0) delete store[CONTEXT_KEY];
		},
	};
}
