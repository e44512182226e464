import type { IDataObject, INode, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { HttpFailure } from './failures';
import { describeTransportFailure } from './failures';

/** Whether the provider may have acted on a request that failed. */
export type Outcome = 'notSent' | 'rejected' | 'unknown';

export interface ApiErrorDetails {
	/** What happened, in words a workflow builder understands. */
	message: string;
	/** What to do about it. */
	description: string;
	httpStatus?: number;
	/** The provider's own error code (Bitel's `error`, BES's `retCode`). */
	providerCode?: string;
	outcome: Outcome;
	itemIndex?: number;
}

/**
 * A NodeApiError built from plain, secret-free details. The original HTTP error is
 * deliberately not attached: it carries the request, and with it the Authorization
 * header.
 */
export function createApiError(node: INode, details: ApiErrorDetails): NodeApiError {
	const { message, description, httpStatus, providerCode, outcome, itemIndex } = details;
	const response: JsonObject = { message, providerCode: providerCode ?? null, outcome };
	const error = new NodeApiError(node, response, {
		message,
		description,
		httpCode: httpStatus === undefined ? undefined : String(httpStatus),
		itemIndex,
	});
	error.context.providerCode = providerCode;
	error.context.outcome = outcome;
	return error;
}

/** What a request that may have reached the provider did there, for its wording. */
export interface SendSubject {
	/** "placed the call", "sent the SMS". */
	done: string;
	/** "a second call", "a second SMS". */
	second: string;
	/** What to check before sending again. */
	checkHint: string;
	/** The id an unreadable answer hid: "call ID", "SMS ID". */
	idName: string;
}

/** The standard wording for a request whose fate is unknown. */
export function unknownOutcomeError(
	node: INode,
	failure: HttpFailure,
	provider: string,
	subject: Pick<SendSubject, 'done' | 'second' | 'checkHint'>,
	itemIndex?: number,
): NodeApiError {
	return createApiError(node, {
		message: `${provider} may have ${subject.done}: ${describeTransportFailure(failure)}`,
		description: `The request may have reached ${provider}, so it was not sent again (a second send would be ${subject.second}). ${subject.checkHint}`,
		httpStatus: failure.httpStatus,
		outcome: 'unknown',
		itemIndex,
	});
}

/** The standard wording for a request that never reached the provider. */
export function notSentError(
	node: INode,
	failure: HttpFailure,
	provider: string,
	attempts: number,
	itemIndex?: number,
): NodeApiError {
	const tries = attempts > 1 ? ` after ${attempts} attempts` : '';
	if (failure.kind === 'rateLimited') {
		return createApiError(node, {
			message: `${provider} is receiving too many requests and refused this one${tries}`,
			description: `Nothing was sent. ${provider} asked to wait${
				failure.retryAfterMs !== undefined ? ` ${Math.ceil(failure.retryAfterMs / 1000)} s` : ''
			}, longer than this node waits. Run the workflow again later, or send fewer calls at once.`,
			httpStatus: failure.httpStatus,
			providerCode: 'TooManyRequests',
			outcome: 'rejected',
			itemIndex,
		});
	}
	return createApiError(node, {
		message: `Could not reach ${provider}: ${describeTransportFailure(failure)}${tries}`,
		description: `Nothing was sent. Check the Base URL in the ${provider} credential and the network between n8n and ${provider}, then run the workflow again.`,
		outcome: 'notSent',
		itemIndex,
	});
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

/**
 * The JSON of an error item for Continue On Fail: the message, how to fix it, and the
 * provider's code and HTTP status where there is one.
 */
export function errorItemJson(error: Error, extra: IDataObject = {}): IDataObject {
	const json: IDataObject = { ...extra, error: error.message };
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		if (error.description) json.description = error.description;
	}
	if (error instanceof NodeApiError) {
		if (error.httpCode) json.httpCode = error.httpCode;
		const { providerCode, outcome } = error.context as IDataObject;
		if (providerCode) json.code = providerCode;
		if (outcome) json.outcome = outcome;
	}
	return json;
}
