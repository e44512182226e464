import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { Client, ClientRequest } from './client';
import type { Effect, Failure, UnitOutcome, UnitResult } from './outcome';
import { errorItemJson, unitError } from './outcome';
import { pollUntilDone } from './polling';
import { readPages } from './paging';
import type { RetryMemory } from './retryMemory';
import { openRetryMemory } from './retryMemory';
import { sendUnits } from './sending';

/** Operations as data, and the one runner that interprets them (docs/reliability.md#one-runner). */

/** A request without what the runner adds (its effect and item). */
export type RequestShape<R extends ClientRequest = ClientRequest> = Omit<R, 'effect' | 'itemIndex'>;

/** One thing to send: an input item, or one number of an item's batch. */
export interface SendUnit {
	itemIndex: number;
	/** Its request's body; pooled: the fields it shares with the other numbers. */
	body: IDataObject;
	/** National form: pooled into the request's list, named in reports. */
	number?: string;
	/** Pooled: its own list fields by list name (`{messages: text}`), and whether repeats share a request. */
	own?: IDataObject;
	dedupe?: boolean;
	/** Fields its output item (`inputPhoneNumber`) and its error item (`phoneNumber`) add. */
	echo?: IDataObject;
	fields?: IDataObject;
}

/** A number of an item's list that cannot be sent (the rest of the item still is). */
export type InvalidUnit = Extract<UnitResult, { status: 'invalid' }>;

/** How the units of a pooled operation share requests, and how an answer is paired back. */
export interface Pool {
	max: number;
	numbersField: string;
	/** The record of each unit (in order) and the records no unit was given. */
	pair: (
		units: SendUnit[],
		records: IDataObject[],
	) => { recordFor: Array<IDataObject | undefined>; leftover: IDataObject[] };
	/** Why a unit without a record was not sent again. */
	noRecord: string;
}

/** How units are sent: the send strategy's part of an operation. */
export interface SendStep<R extends ClientRequest = ClientRequest> {
	effect: Effect;
	request: RequestShape<R>;
	connect: (context: IExecuteFunctions) => Promise<Client<R>>;
	concurrency: number;
	pool?: Pool;
	/** Fields drawn just before sending (a generated code), not part of the request's identity. */
	beforeSend?: (
		body: IDataObject,
	) => { body: IDataObject; output: IDataObject } | { error: NodeOperationError };
	toRecord: (result: unknown) => IDataObject;
	/** An accepted unit's output, from its record (BES: a callSerialNo must be there). */
	finish?: (json: IDataObject, unit: SendUnit) => UnitOutcome;
}

export interface SendOperation<R extends ClientRequest = ClientRequest> extends SendStep<R> {
	kind: 'send';
	read: (context: IExecuteFunctions, itemIndex: number) => SendUnit | Array<SendUnit | InvalidUnit>;
}

/** One status to check, from one input item. */
export interface StatusQuery {
	id: string;
	wait: boolean;
	pollMs: number;
	timeoutMs: number;
}

/** How statuses are checked: the status strategy's part of an operation. */
export interface StatusCheck<R extends ClientRequest = ClientRequest> {
	effect: Effect;
	connect: (context: IExecuteFunctions) => Promise<Client<R>>;
	request: (id: string) => RequestShape<R>;
	/** The record with the fields a workflow branches on, `final` among them. */
	toRecord: (result: unknown) => IDataObject;
	/** When the thing checked was created (epoch ms), from its input item. */
	createdAt: (json: IDataObject) => number | undefined;
	/** Whether a record that is not final will not become so by waiting (it has no status at all). */
	settled?: (record: IDataObject) => boolean;
	idParameter: string;
	/** A failure in this resource's words (an unknown ID). */
	reword?: (failure: Failure, query: StatusQuery) => Failure;
}

export interface StatusOperation<R extends ClientRequest = ClientRequest> extends StatusCheck<R> {
	kind: 'status';
	read: (context: IExecuteFunctions, itemIndex: number) => StatusQuery;
}

/** A cursor over the pages of one item's read. */
export interface Pager<R extends ClientRequest = ClientRequest> {
	/** The next page's request (undefined: done), and one page's records for the output. */
	next: () => RequestShape<R> | undefined;
	take: (result: unknown) => IDataObject[];
}

/** One item's paged read: its pages, how a record becomes an output, what its error carries. */
export interface PagedRead<R extends ClientRequest = ClientRequest> {
	pager: Pager<R>;
	toOutput: (record: IDataObject) => IDataObject;
	fields: IDataObject;
}

export interface PagedOperation<R extends ClientRequest = ClientRequest> {
	kind: 'pages';
	effect: Effect;
	read: (context: IExecuteFunctions, itemIndex: number) => PagedRead<R>;
	connect: (context: IExecuteFunctions) => Promise<Client<R>>;
}

export type Operation = SendOperation | StatusOperation | PagedOperation;

export function isInvalidUnit(value: unknown): value is InvalidUnit {
	return (value as InvalidUnit | undefined)?.status === 'invalid';
}

/** Reads every item before anything is sent; without Continue On Fail the first bad one stops. */
export function readItems<T>(
	context: IExecuteFunctions,
	read: (context: IExecuteFunctions, itemIndex: number) => T,
): Array<{ itemIndex: number; value: T } | UnitResult> {
	const continueOnFail = context.continueOnFail();
	const count = context.getInputData().length;
	const out: Array<{ itemIndex: number; value: T } | UnitResult> = [];
	for (let itemIndex = 0; itemIndex < count; itemIndex++) {
		try {
			const value = read(context, itemIndex);
			const invalid = Array.isArray(value) ? value.find(isInvalidUnit) : undefined;
			if (invalid && !continueOnFail) throw invalid.error;
			out.push({ itemIndex, value });
		} catch (caught) {
			const error =
				caught instanceof NodeOperationError
					? caught
					: new NodeOperationError(context.getNode(), caught as Error, { itemIndex });
			if (!continueOnFail) throw error;
			out.push({ itemIndex, status: 'invalid', error });
		}
	}
	return out;
}

/** Beyond this many, the error's description says how many more; its context lists all. */
const LISTED_IN_DESCRIPTION = 1000;

function listCalls(entries: IDataObject[], idName: string): string {
	const shown = entries.slice(0, LISTED_IN_DESCRIPTION).map((entry) => {
		const number = (entry.number as string | undefined) ?? 'unknown number';
		return entry[idName] === undefined ? number : `${number} (${idName} ${String(entry[idName])})`;
	});
	const more = entries.length - shown.length;
	return `${shown.join('; ')}${more > 0 ? `; and ${more} more (see the error's context)` : ''}`;
}

/** Adds to the error that stops the node what was placed and what may have been (description and context). */
function reportPlaced(
	error: NodeApiError | NodeOperationError,
	results: UnitResult[],
	effect: Effect,
) {
	const placed = results.filter((result) => result.placed).length;
	if (placed > 0)
		error.description = `${error.description ?? ''} ${effect.alreadyDone(placed)}`.trim();
	if (effect.kind === 'reads') return;
	const { idName } = effect;
	const accepted: IDataObject[] = [];
	const unknown: IDataObject[] = [];
	for (const result of results) {
		if (result.number === undefined && result.id === undefined) continue;
		const entry: IDataObject = { itemIndex: result.itemIndex, number: result.number };
		if (result.id !== undefined) entry[idName] = result.id;
		if (result.status === 'accepted' && result.placed && result.id !== undefined)
			accepted.push(entry);
		else if (result.status === 'unknown') unknown.push(entry);
	}
	if (accepted.length === 0 && unknown.length === 0) return;
	const parts: string[] = [];
	if (accepted.length > 0)
		parts.push(
			`Placed in this execution (${accepted.length}): ${listCalls(accepted, idName)}. Use Get Status for these; do not re-run this node for them.`,
		);
	if (unknown.length > 0)
		parts.push(
			`May have been placed, outcome unknown (${unknown.length}): ${listCalls(unknown, idName)}. Check these with the provider before calling them again.`,
		);
	error.description = `${error.description ?? ''} ${parts.join(' ')}`.trim();
	error.context.placedCalls = accepted;
	error.context.unknownCalls = unknown;
}

/** The output edge: an item per result, paired; without Continue On Fail the first error stops the node. */
export function toOutputItems(
	context: IExecuteFunctions,
	results: UnitResult[],
	effect: Effect,
): INodeExecutionData[] {
	if (!context.continueOnFail()) {
		const failed = results.find((result) => result.status !== 'accepted');
		if (failed) {
			const error = unitError(context.getNode(), failed);
			reportPlaced(error, results, effect);
			error.context.itemIndex = failed.itemIndex;
			throw error;
		}
	}
	const errorJson = errorItemShape(context);
	return results.map((result) => ({
		json: result.status === 'accepted' ? result.json : errorJson(result),
		pairedItem: { item: result.itemIndex },
	}));
}

/**
 * n8n 1.x sends an item down the error output ("Continue (using error output)") only when its
 * JSON has no key but error (or error and message), so there everything goes under error
 * (docs/n8n-internals.md#the-error-output).
 */
function errorItemShape(context: IExecuteFunctions) {
	if (context.getNode().onError !== 'continueErrorOutput') return errorItemJson;
	return (result: Exclude<UnitResult, { status: 'accepted' }>): IDataObject => {
		const { error, ...details } = errorItemJson(result);
		return { error: { message: error, ...details } };
	};
}

/**
 * The output of a run that used the retry memory, which is freed once n8n will not run the node
 * again: its first item is no error item.
 */
export function outputAndRelease(
	context: IExecuteFunctions,
	memory: RetryMemory,
	results: UnitResult[],
	effect: Effect,
): INodeExecutionData[] {
	const output = toOutputItems(context, results, effect);
	if (output[0]?.json.error === undefined) memory.release();
	return output;
}

/** Runs an operation over all input items of the node. */
export async function runOperation(
	context: IExecuteFunctions,
	operation: Operation,
): Promise<INodeExecutionData[]> {
	if (operation.kind === 'send') {
		const memory = openRetryMemory(context);
		const items = readItems(context, operation.read);
		return outputAndRelease(
			context,
			memory,
			await sendUnits(context, operation, items, memory),
			operation.effect,
		);
	}
	const results =
		operation.kind === 'status'
			? await pollUntilDone(context, operation, readItems(context, operation.read))
			: await readPages(context, operation, readItems(context, operation.read));
	return toOutputItems(context, results, operation.effect);
}
