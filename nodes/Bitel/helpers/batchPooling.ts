import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	NodeApiError,
	NodeOperationError,
} from 'n8n-workflow';

import { chunk, mapWithConcurrency, stableKey } from '../../shared/collections';
import { createApiError, invalidParameterError } from '../../shared/errors';
import type { ItemOutcome } from '../../shared/items';
import { toOutputItems } from '../../shared/items';
import { openRetryMemory, requestKey } from '../../shared/retryMemory';
import { releaseWhenFinal } from '../../shared/perItemRunner';
import {
	isIranianMobile,
	LANDLINE_FIX,
	MOBILE_FORMATS_HINT,
	normalizeIranianPhoneNumber,
	PHONE_FORMATS_HINT,
	splitPhoneNumberList,
} from '../../shared/phone';
import { matchRecords } from './recordPairing';
import { createBitelClient } from '../transport';
import { readDedupe, readOptions, readSendOptions } from './callParameters';
import type { BitelSendKind } from './sendPerItem';
import { CALL_KIND } from './sendPerItem';

/** Bitel's documented limit for batch requests. */
export const MAX_NUMBERS_PER_REQUEST = 100;

/**
 * Batch requests in flight at once. Safe to raise: every batch request is sent once (a
 * refused one, 429, is resent with a wait by the shared client, never one that may have
 * reached Bitel), and Bitel publishes no rate limit. 5 keeps 10,000 numbers (100 requests)
 * near 1 s at 50 ms a request, while at most 500 calls are being placed at one moment.
 */
const BATCH_CONCURRENCY = 5;

/** One phone number of one input item: the unit that gets exactly one output item. */
interface NumberEntry {
	itemIndex: number;
	inputPhoneNumber?: string;
	national?: string;
	duplicateOf?: NumberEntry;
	outcome?: ItemOutcome;
	/** This number's request identity in the retry memory. */
	memoryKey?: string;
	/** Fields of this number alone (P2P SMS: its message), sent as lists beside the numbers. */
	own?: IDataObject;
}

/** One input item of a batch operation, as read and validated. */
export interface BatchItem {
	/** The body fields all of the item's numbers share (content and options). */
	body: IDataObject;
	dedupe: boolean;
	/** The item's numbers as the user gave them. */
	numbers: string[];
	/**
	 * Fields of the item's own (P2P: each item is one number with its own message), keyed by
	 * the request's list name (`messages`): sent in a list in the order of `phoneNumbers`.
	 */
	own?: IDataObject;
}

/** How a batch operation reads an item, by default the call batches' Phone Numbers and options. */
export type BatchItemReader = (itemIndex: number) => BatchItem;

/** The Phone Numbers parameter of one item: a list of numbers, not yet normalised. */
export function readPhoneNumberList(context: IExecuteFunctions, itemIndex: number): string[] {
	const list = splitPhoneNumberList(context.getNodeParameter('phoneNumbers', itemIndex, ''));
	if (!list || list.length === 0) {
		throw invalidParameterError(
			context.getNode(),
			'Phone Numbers',
			list ? 'is empty' : 'is neither text nor a list',
			'Enter numbers separated by commas, semicolons or new lines, or an expression that returns an array of numbers.',
			itemIndex,
		);
	}
	return list;
}

interface Group {
	body: IDataObject;
	dedupe: boolean;
	entries: NumberEntry[];
}

/**
 * Pools the numbers of all input items that share the same content and options,
 * drops repeated numbers (unless Remove Duplicates is off), sends them in requests of
 * at most 100, and gives every number one output item paired to its input item.
 */
export async function sendInBatches(
	context: IExecuteFunctions,
	path: string,
	readContent: (itemIndex: number) => IDataObject,
	kind: BitelSendKind = CALL_KIND,
	readBatchItem: BatchItemReader = (itemIndex) => {
		const options = readOptions(context, itemIndex);
		return {
			body: { ...readContent(itemIndex), ...readSendOptions(context, itemIndex, options) },
			dedupe: readDedupe(context, itemIndex, options),
			numbers: readPhoneNumberList(context, itemIndex),
		};
	},
): Promise<INodeExecutionData[]> {
	const continueOnFail = context.continueOnFail();
	const node = context.getNode();
	const items = context.getInputData();
	const mobileOnly = kind.numberRule?.mobileOnly === true;
	const formatsHint = mobileOnly ? MOBILE_FORMATS_HINT : PHONE_FORMATS_HINT;
	const entries: NumberEntry[] = [];
	const groups = new Map<string, Group>();

	const reject = (entry: NumberEntry, error: NodeOperationError | NodeApiError) => {
		if (!continueOnFail) throw error;
		entry.outcome = { itemIndex: entry.itemIndex, error };
		entries.push(entry);
	};

	// 1. Validate every item and every number before anything is sent.
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		let batchItem: BatchItem;
		try {
			batchItem = readBatchItem(itemIndex);
		} catch (error) {
			reject({ itemIndex }, error as NodeOperationError);
			continue;
		}

		const { body, dedupe, numbers, own } = batchItem;
		const key = stableKey({ ...body, dedupe });
		let group = groups.get(key);
		if (!group) {
			group = { body, dedupe, entries: [] };
			groups.set(key, group);
		}
		for (const inputPhoneNumber of numbers) {
			const national = normalizeIranianPhoneNumber(inputPhoneNumber);
			const refuse = (problem: string, fix: string) =>
				reject(
					{ itemIndex, inputPhoneNumber },
					invalidParameterError(
						node,
						'Phone Numbers',
						`"${inputPhoneNumber}" ${problem}`,
						fix,
						itemIndex,
					),
				);
			if (!national) {
				refuse('is not an Iranian phone number', `${formatsHint}, or remove it from the list.`);
				continue;
			}
			if (mobileOnly && !isIranianMobile(national)) {
				refuse('is a landline number', `${LANDLINE_FIX} Or remove it from the list.`);
				continue;
			}
			const entry: NumberEntry = { itemIndex, inputPhoneNumber, national, own };
			entries.push(entry);
			group.entries.push(entry);
		}
	}

	// 2. Answer the numbers an earlier try already sent (Retry On Fail) from the retry
	// memory, and cut the rest of each group into requests of at most 100 distinct numbers.
	const memory = openRetryMemory(context);
	const requests: Array<{ body: IDataObject; senders: NumberEntry[] }> = [];
	for (const group of groups.values()) {
		const firstByNumber = new Map<string, NumberEntry>();
		const senders: NumberEntry[] = [];
		for (const entry of group.entries) {
			const first = group.dedupe ? firstByNumber.get(entry.national!) : undefined;
			if (first) {
				entry.duplicateOf = first;
				continue;
			}
			firstByNumber.set(entry.national!, entry);
			entry.memoryKey = requestKey(
				entry.itemIndex,
				{ ...group.body, ...entry.own },
				entry.national,
			);
			entry.outcome = memory.recall(entry.memoryKey, entry.itemIndex);
			if (!entry.outcome) senders.push(entry);
		}
		for (const part of chunk(senders, MAX_NUMBERS_PER_REQUEST)) {
			const lists: IDataObject = {};
			for (const name of Object.keys(part[0].own ?? {}))
				lists[name] = part.map((entry) => entry.own![name]);
			requests.push({
				body: { ...group.body, phoneNumbers: part.map((entry) => entry.national!), ...lists },
				senders: part,
			});
		}
	}

	// 3. Send, then match Bitel's records back to the numbers.
	const client = await createBitelClient(context);
	const rememberEntry = (entry: NumberEntry) => {
		const outcome = entry.outcome!;
		outcome.call = kind.reference(entry.national, outcome.json?.id);
		if (outcome.json) outcome.placed = true;
		memory.remember(entry.memoryKey!, outcome);
	};
	const settled = await mapWithConcurrency(requests, BATCH_CONCURRENCY, async (request) => {
		const response = await client.send('POST', path, request.body, request.senders[0].itemIndex);
		if (!response.ok) {
			for (const entry of request.senders) {
				entry.outcome = { itemIndex: entry.itemIndex, error: response.error };
				rememberEntry(entry);
			}
			return;
		}
		const records = Array.isArray(response.result) ? response.result.map(kind.toRecord) : [];
		const { providerError } = response;
		if (providerError) for (const record of records) record.providerError = providerError;
		const extra = matchRecords(
			request.senders,
			records,
			(entry) =>
				createApiError(node, {
					message: 'Bitel accepted the batch but returned no record for this number',
					description: `${kind.noRecordNote}${
						providerError ? ` Bitel also answered with the error ${providerError}.` : ''
					}`,
					providerCode: providerError,
					outcome: 'unknown',
					itemIndex: entry.itemIndex,
				}),
			// Send Personalized Batch: a number sent twice is told apart by its own message.
			(entry) => (typeof entry.own?.messages === 'string' ? entry.own.messages : undefined),
		);
		surfaceUnmatchedRecords(request.senders, extra);
		for (const entry of request.senders) rememberEntry(entry);
	});
	for (const result of settled) {
		// A rejection here is a defect in this node, not a provider answer: never hide it.
		if (result.status === 'rejected') throw result.reason;
	}

	// 4. One output item per number, in input order.
	const outcomes = entries.map((entry): ItemOutcome => {
		const source = entry.duplicateOf?.outcome ?? entry.outcome!;
		// A duplicate shares its first number's call, listed once, and not its unmatched records.
		const own = entry.duplicateOf ? undefined : source;
		const errorContext = {
			...own?.errorContext,
			...(entry.inputPhoneNumber === undefined ? {} : { phoneNumber: entry.inputPhoneNumber }),
		};
		const call = own?.call;
		if (source.error)
			return { itemIndex: entry.itemIndex, error: source.error, errorContext, call };
		const { unmatchedRecords, ...record } = source.json ?? {};
		return {
			itemIndex: entry.itemIndex,
			json: {
				...record,
				...(own && unmatchedRecords ? { unmatchedRecords } : {}),
				inputPhoneNumber: entry.inputPhoneNumber,
				...(entry.duplicateOf ? { duplicate: true } : {}),
			},
			placed: !entry.duplicateOf,
			call,
		};
	});
	const output = toOutputItems(outcomes, continueOnFail, kind.placedNote);
	releaseWhenFinal(memory, output);
	return output;
}

/**
 * Records Bitel returned that belong to none of the request's numbers are never dropped:
 * they go, as `unmatchedRecords`, on the output item of the request's first number that
 * got a record (or, when none did, on its first number's error item).
 */
function surfaceUnmatchedRecords(senders: NumberEntry[], extra: IDataObject[]): void {
	if (extra.length === 0 || senders.length === 0) return;
	const holder = senders.find((entry) => entry.outcome?.json) ?? senders[0];
	const outcome = holder.outcome!;
	if (outcome.json) outcome.json = { ...outcome.json, unmatchedRecords: extra };
	else outcome.errorContext = { ...outcome.errorContext, unmatchedRecords: extra };
}
