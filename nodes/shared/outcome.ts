import type { IDataObject, INode } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

/** A request that did not succeed, and whether the provider may have acted on it. */
export interface Failure {
	status: 'rejected' | 'notSent' | 'unknown';
	message: string;
	description: string;
	httpStatus?: number;
	/** The provider's own code (Bitel's `error`, BES's `retCode`). */
	providerCode?: string;
	/** The provider's id for what it may have made, when an unclear answer still named one. */
	id?: string;
}

/** A provider's answer to one request; `providerCode` beside a result is partial success. */
export type Answer = { status: 'accepted'; result: unknown; providerCode?: string } | Failure;

/** What one unit (an input item, or one number of a batch) came to: its one output item. */
export type UnitOutcome =
	| { status: 'accepted'; json: IDataObject }
	| (Failure & { fields?: IDataObject })
	| { status: 'invalid'; error: NodeOperationError; fields?: IDataObject };

/** A unit's outcome with what the error of a stopped execution lists about it. */
export type UnitResult = UnitOutcome & {
	itemIndex: number;
	/** The number dialled or messaged, and the provider's id for what was made. */
	number?: string;
	id?: string;
	/** Whether this unit's request was accepted (or may have been) by the provider. */
	placed?: boolean;
};

/** What a request does at the provider: how failures are worded and whether it is remembered. */
export interface Effect {
	kind: 'placesCall' | 'sendsSms' | 'reads';
	provider: string;
	/** "placed the call", "sent the SMS". */
	done: string;
	/** "a second call". */
	second: string;
	/** "calls", "SMS": what a refused request asks to send fewer of. */
	plural: string;
	/** The provider's name for its id ("call ID") and the output field that holds it. */
	idName: string;
	idField: string;
	/** What to check before sending again. */
	checkHint: string;
	/** "2 other calls were already placed in this execution." */
	alreadyDone: (count: number) => string;
}

/** A NodeApiError from plain, secret-free details (never the HTTP error: it holds the request). */
export function apiError(node: INode, failure: Failure, itemIndex?: number): NodeApiError {
	const { message, description, httpStatus, providerCode, status } = failure;
	const error = new NodeApiError(
		node,
		{ message, providerCode: providerCode ?? null, outcome: status },
		{
			message,
			description,
			httpCode: httpStatus === undefined ? undefined : String(httpStatus),
			itemIndex,
		},
	);
	error.context.providerCode = providerCode;
	error.context.outcome = status;
	return error;
}

/** The error a unit that did not succeed stops the node with. */
export function unitError(node: INode, result: UnitResult): NodeApiError | NodeOperationError {
	if (result.status === 'invalid') return result.error;
	if (result.status === 'accepted') throw new RangeError('An accepted unit has no error');
	return apiError(node, result, result.itemIndex);
}

/** A validation error for one item: names the parameter, the item and the fix. */
export function invalidParameterError(
	node: INode,
	parameter: string,
	problem: string,
	fix: string,
	itemIndex: number,
): NodeOperationError {
	return new NodeOperationError(node, `${parameter}: ${problem} [item ${itemIndex}]`, {
		description: `${fix} Nothing was sent for this item.`,
		itemIndex,
	});
}

/** The JSON of a Continue On Fail error item: message, fix, the provider's code and status. */
export function errorItemJson(result: Exclude<UnitResult, { status: 'accepted' }>): IDataObject {
	const json: IDataObject = { ...result.fields };
	if (result.status === 'invalid') {
		json.error = result.error.message;
		if (result.error.description) json.description = result.error.description;
		return json;
	}
	json.error = result.message;
	if (result.description) json.description = result.description;
	if (result.httpStatus !== undefined) json.httpCode = String(result.httpStatus);
	if (result.providerCode) json.code = result.providerCode;
	json.outcome = result.status;
	return json;
}
