import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { mapWithConcurrency } from './collections';
import type { ItemOutcome } from './items';
import { toOutputItems, validateItems } from './items';
import type { RetryMemory } from './retryMemory';
import { openRetryMemory, requestKey } from './retryMemory';

/** How one provider sends one request per input item. */
export interface PerItemSender<T> {
	/** Reads and validates one item; throws a NodeOperationError naming the parameter. */
	read: (itemIndex: number) => T;
	/**
	 * Opens the provider's client once per execution, after every item was validated,
	 * and returns the function that sends one validated item. That function never
	 * throws for a provider answer: it returns the item's outcome.
	 */
	connect: () => Promise<(value: T, itemIndex: number) => Promise<ItemOutcome>>;
	/** Requests in flight at once. */
	concurrency: number;
	/** What the error of a stopped execution adds about calls already placed. */
	placedNote: (count: number) => string;
}

/**
 * Frees the retry memory once n8n will not run this node again for the same run: it
 * returned items and the first is not an error item (n8n's Retry On Fail also retries
 * a node whose first output item carries `json.error`). No output: nothing to remember.
 */
export function releaseWhenFinal(memory: RetryMemory, output: INodeExecutionData[]): void {
	// n8n 1.x retries on any `json.error` but undefined, 2.x also reads null and false as success.
	if (output[0]?.json.error === undefined) memory.release();
}

/**
 * Runs a one-request-per-item operation: validates every item first (an invalid item
 * sends nothing), then sends each valid item exactly once, a few at a time, and returns
 * one output item per input item, paired to it, in input order. A request an earlier
 * try of this node already sent (n8n's Retry On Fail) is answered from the retry memory.
 */
export async function runPerItem<T>(
	context: IExecuteFunctions,
	sender: PerItemSender<T>,
): Promise<INodeExecutionData[]> {
	const continueOnFail = context.continueOnFail();
	const node = context.getNode();
	const validated = validateItems(node, context.getInputData().length, continueOnFail, sender.read);

	const memory = openRetryMemory(context);
	const send = await sender.connect();
	const settled = await mapWithConcurrency(
		validated,
		sender.concurrency,
		async (entry): Promise<ItemOutcome> => {
			const { itemIndex, value } = entry;
			if (entry.error || value === undefined) return { itemIndex, error: entry.error };
			const key = requestKey(itemIndex, value);
			const recalled = memory.recall(key, itemIndex);
			if (recalled) return recalled;
			const outcome = await send(value, itemIndex);
			memory.remember(key, outcome);
			return outcome;
		},
	);

	const outcomes = settled.map((result): ItemOutcome => {
		// A rejection here is a defect in the node, not a provider answer: never hide it.
		if (result.status === 'rejected') throw result.reason;
		return result.value;
	});
	const output = toOutputItems(outcomes, continueOnFail, sender.placedNote);
	releaseWhenFinal(memory, output);
	return output;
}
