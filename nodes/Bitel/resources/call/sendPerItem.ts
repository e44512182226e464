import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { mapWithConcurrency } from '../../../shared/collections';
import type { ItemOutcome } from '../../../shared/items';
import { toOutputItems, validateItems } from '../../../shared/items';
import { asCallRecord } from '../../callStatus';
import { createBitelClient } from '../../transport';

/** Requests in flight at once for one-call-per-item operations. */
const SEND_CONCURRENCY = 4;

export const placedNote = (count: number) =>
	`${count} other call${count === 1 ? ' was' : 's were'} already placed in this execution; check their status before running it again.`;

/**
 * Runs a one-call-per-item operation (OTP, Single, Single TTS): validates every item
 * first, then sends each valid item once, a few at a time.
 */
export async function sendPerItem(
	context: IExecuteFunctions,
	path: string,
	buildBody: (itemIndex: number) => IDataObject,
): Promise<INodeExecutionData[]> {
	const continueOnFail = context.continueOnFail();
	const items = context.getInputData();
	const validated = validateItems(context.getNode(), items.length, continueOnFail, buildBody);

	const client = await createBitelClient(context);
	const settled = await mapWithConcurrency(
		validated,
		SEND_CONCURRENCY,
		async (entry): Promise<ItemOutcome> => {
			if (entry.error || !entry.value) return { itemIndex: entry.itemIndex, error: entry.error };
			const response = await client.send('POST', path, entry.value, entry.itemIndex);
			if (!response.ok) return { itemIndex: entry.itemIndex, error: response.error };
			return { itemIndex: entry.itemIndex, json: asCallRecord(response.result), placed: true };
		},
	);

	const outcomes = settled.map((result): ItemOutcome => {
		// A rejection here is a defect in this node, not a provider answer: never hide it.
		if (result.status === 'rejected') throw result.reason;
		return result.value;
	});
	return toOutputItems(outcomes, continueOnFail, placedNote);
}
