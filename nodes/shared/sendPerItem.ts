import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { mapWithConcurrency } from './collections';
import type { ItemOutcome } from './items';
import { toOutputItems, validateItems } from './items';

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
 * Runs a one-request-per-item operation: validates every item first (an invalid item
 * sends nothing), then sends each valid item exactly once, a few at a time, and returns
 * one output item per input item, paired to it, in input order.
 */
export async function sendPerItem<T>(
	context: IExecuteFunctions,
	sender: PerItemSender<T>,
): Promise<INodeExecutionData[]> {
	const continueOnFail = context.continueOnFail();
	const validated = validateItems(
		context.getNode(),
		context.getInputData().length,
		continueOnFail,
		sender.read,
	);

	const send = await sender.connect();
	const settled = await mapWithConcurrency(
		validated,
		sender.concurrency,
		async (entry): Promise<ItemOutcome> => {
			if (entry.error || entry.value === undefined)
				return { itemIndex: entry.itemIndex, error: entry.error };
			return await send(entry.value, entry.itemIndex);
		},
	);

	const outcomes = settled.map((result): ItemOutcome => {
		// A rejection here is a defect in the node, not a provider answer: never hide it.
		if (result.status === 'rejected') throw result.reason;
		return result.value;
	});
	return toOutputItems(outcomes, continueOnFail, sender.placedNote);
}
