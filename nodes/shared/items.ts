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
	/** The call this outcome is about, listed in the error of a stopped execution. */
	call?: CallReference;
}

/** A call as the user looks it up: the number dialled and the provider's id for it. */
export interface CallReference {
	number?: string;
	/** The provider's name for its id: "call ID" (Bitel), "callSerialNo" (BES). */
	idName: string;
	id?: string;
}

/** Beyond this many, the description says how many more; `context` still lists all. */
const LISTED_IN_DESCRIPTION = 1000;

function describeCalls(calls: Array<{ number?: string; id?: string }>, idName: string): string {
	const shown = calls.slice(0, LISTED_IN_DESCRIPTION).map((call) => {
		const number = call.number ?? 'unknown number';
		return call.id === undefined ? number : `${number} (${idName} ${call.id})`;
	});
	const more = calls.length - shown.length;
	return `${shown.join('; ')}${more > 0 ? `; and ${more} more (see the error's context)` : ''}`;
}

/**
 * Adds to the error that stops the node every call this execution placed (number and
 * id) and every request whose outcome is unknown, in its description (read in the
 * editor) and as lists in its context (kept in the stored execution), with the fix.
 */
function reportPlacedCalls(
	error: NodeApiError | NodeOperationError,
	outcomes: ItemOutcome[],
): void {
	const placed: IDataObject[] = [];
	const unknown: IDataObject[] = [];
	let idName = 'call ID';
	for (const outcome of outcomes) {
		if (!outcome.call) continue;
		idName = outcome.call.idName;
		const entry: IDataObject = { itemIndex: outcome.itemIndex, number: outcome.call.number };
		if (!outcome.error && outcome.placed && outcome.call.id !== undefined) {
			placed.push({ ...entry, [idName]: outcome.call.id });
		} else if (outcome.error && (outcome.error.context as IDataObject).outcome === 'unknown') {
			unknown.push(outcome.call.id === undefined ? entry : { ...entry, [idName]: outcome.call.id });
		}
	}
	if (placed.length === 0 && unknown.length === 0) return;
	const parts: string[] = [];
	if (placed.length > 0) {
		parts.push(
			`Placed in this execution (${placed.length}): ${describeCalls(
				placed.map((call) => ({ number: call.number as string, id: String(call[idName]) })),
				idName,
			)}. Use Get Status for these; do not re-run this node for them.`,
		);
	}
	if (unknown.length > 0) {
		parts.push(
			`May have been placed, outcome unknown (${unknown.length}): ${describeCalls(
				unknown.map((call) => ({
					number: call.number as string | undefined,
					id: call[idName] === undefined ? undefined : String(call[idName]),
				})),
				idName,
			)}. Check these with the provider before calling them again.`,
		);
	}
	error.description = `${error.description ?? ''} ${parts.join(' ')}`.trim();
	error.context.placedCalls = placed;
	error.context.unknownCalls = unknown;
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
			reportPlacedCalls(error, outcomes);
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
