import type { IDataObject, INode, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { errorItemJson } from './errors';

/** What became of one output item: a result, or an error, always tied to its input item. */
export interface ItemOutcome {
	itemIndex: number;
	json?: IDataObject;
	error?: NodeApiError | NodeOperationError;
	/** Fields that identify the entry in an error item (for example the phone number). */
	errorContext?: IDataObject;
	/** Whether this outcome placed a call (counted when a later failure stops the workflow). */
	placed?: boolean;
}

/**
 * Turns outcomes into output items, in order, each paired to its input item.
 *
 * With Continue On Fail, an error becomes an item carrying its message, fix, code and
 * HTTP status. Without it, the first error stops the node, and its description says
 * how many calls this execution had already placed, so they are not silently lost.
 */
export function toOutputItems(
	outcomes: ItemOutcome[],
	continueOnFail: boolean,
	placedNote: (count: number) => string,
): INodeExecutionData[] {
	if (!continueOnFail) {
		const failed = outcomes.find((outcome) => outcome.error);
		if (failed?.error) {
			const placed = outcomes.filter((outcome) => outcome.placed).length;
			const error = failed.error;
			if (placed > 0) {
				error.description = `${error.description ?? ''} ${placedNote(placed)}`.trim();
			}
			if (error instanceof NodeApiError || error instanceof NodeOperationError) {
				error.context.itemIndex = failed.itemIndex;
			}
			throw error;
		}
	}
	return outcomes.map((outcome) => ({
		json: outcome.error ? errorItemJson(outcome.error, outcome.errorContext) : (outcome.json ?? {}),
		pairedItem: { item: outcome.itemIndex },
	}));
}

/**
 * Validates every item before anything is sent. With Continue On Fail, an invalid item
 * becomes an error outcome; without it, the first invalid item stops the node before
 * a single request goes out.
 */
export function validateItems<T>(
	node: INode,
	count: number,
	continueOnFail: boolean,
	read: (itemIndex: number) => T,
): Array<{ itemIndex: number; value?: T; error?: NodeOperationError | NodeApiError }> {
	const validated: Array<{
		itemIndex: number;
		value?: T;
		error?: NodeOperationError | NodeApiError;
	}> = [];
	for (let itemIndex = 0; itemIndex < count; itemIndex++) {
		try {
			validated.push({ itemIndex, value: read(itemIndex) });
		} catch (error) {
			const itemError =
				error instanceof NodeOperationError || error instanceof NodeApiError
					? error
					: new NodeOperationError(node, error as Error, { itemIndex });
			if (!continueOnFail) throw itemError;
			validated.push({ itemIndex, error: itemError });
		}
	}
	return validated;
}
