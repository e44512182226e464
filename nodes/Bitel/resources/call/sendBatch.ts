import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	NodeApiError,
	NodeOperationError,
} from 'n8n-workflow';

import { chunk, mapWithConcurrency, stableKey } from '../../../shared/collections';
import { createApiError, invalidParameterError } from '../../../shared/errors';
import type { ItemOutcome } from '../../../shared/items';
import { toOutputItems } from '../../../shared/items';
import { openRetryMemory, requestKey } from '../../../shared/retryMemory';
import { releaseWhenFinal } from '../../../shared/sendPerItem';
import {
	normalizeIranianPhoneNumber,
	PHONE_FORMATS_HINT,
	splitPhoneNumberList,
} from '../../../shared/phone';
import { matchRecords } from '../../batchRecords';
import { asCallRecord } from '../../callStatus';
import { createBitelClient } from '../../transport';
import { readDedupe, readOptions, readSendOptions } from './fields';
import { bitelCall, placedNote } from './sendPerItem';

/** Bitel's documented limit for batch requests. */
export const MAX_NUMBERS_PER_REQUEST = 100;

/** Batch requests in flight at once: gentle on the dialer, still quick for thousands. */
const BATCH_CONCURRENCY = 2;

/** One phone number of one input item: the unit that gets exactly one output item. */
interface NumberEntry {
	itemIndex: number;
	inputPhoneNumber?: string;
	national?: string;
	duplicateOf?: NumberEntry;
	outcome?: ItemOutcome;
	/** This number's request identity in the retry memory. */
	memoryKey?: string;
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
export async function sendBatch(
	context: IExecuteFunctions,
	path: string,
	readContent: (itemIndex: number) => IDataObject,
): Promise<INodeExecutionData[]> {
	const continueOnFail = context.continueOnFail();
	const node = context.getNode();
	const items = context.getInputData();
	const entries: NumberEntry[] = [];
	const groups = new Map<string, Group>();

	const reject = (entry: NumberEntry, error: NodeOperationError | NodeApiError) => {
		if (!continueOnFail) throw error;
		entry.outcome = { itemIndex: entry.itemIndex, error };
		entries.push(entry);
	};

	// 1. Validate every item and every number before anything is sent.
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		let body: IDataObject;
		let dedupe: boolean;
		let numbers: string[];
		try {
			const options = readOptions(context, itemIndex);
			body = { ...readContent(itemIndex), ...readSendOptions(context, itemIndex, options) };
			dedupe = readDedupe(context, itemIndex, options);
			const list = splitPhoneNumberList(context.getNodeParameter('phoneNumbers', itemIndex, ''));
			if (!list || list.length === 0) {
				throw invalidParameterError(
					node,
					'Phone Numbers',
					list ? 'is empty' : 'is neither text nor a list',
					'Enter numbers separated by commas, semicolons or new lines, or an expression that returns an array of numbers.',
					itemIndex,
				);
			}
			numbers = list;
		} catch (error) {
			reject({ itemIndex }, error as NodeOperationError);
			continue;
		}

		const key = stableKey({ ...body, dedupe });
		let group = groups.get(key);
		if (!group) {
			group = { body, dedupe, entries: [] };
			groups.set(key, group);
		}
		for (const inputPhoneNumber of numbers) {
			const national = normalizeIranianPhoneNumber(inputPhoneNumber);
			if (!national) {
				reject(
					{ itemIndex, inputPhoneNumber },
					invalidParameterError(
						node,
						'Phone Numbers',
						`"${inputPhoneNumber}" is not an Iranian phone number`,
						`${PHONE_FORMATS_HINT}, or remove it from the list.`,
						itemIndex,
					),
				);
				continue;
			}
			const entry: NumberEntry = { itemIndex, inputPhoneNumber, national };
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
			entry.memoryKey = requestKey(entry.itemIndex, group.body, entry.national);
			entry.outcome = memory.recall(entry.memoryKey, entry.itemIndex);
			if (!entry.outcome) senders.push(entry);
		}
		for (const part of chunk(senders, MAX_NUMBERS_PER_REQUEST)) {
			requests.push({
				body: { ...group.body, phoneNumbers: part.map((entry) => entry.national!) },
				senders: part,
			});
		}
	}

	// 3. Send, then match Bitel's records back to the numbers.
	const client = await createBitelClient(context);
	const rememberEntry = (entry: NumberEntry) => {
		const outcome = entry.outcome!;
		outcome.call = bitelCall(entry.national, outcome.json?.id);
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
		const records = Array.isArray(response.result) ? response.result.map(asCallRecord) : [];
		const { providerError } = response;
		if (providerError) for (const record of records) record.providerError = providerError;
		const extra = matchRecords(request.senders, records, (entry) =>
			createApiError(node, {
				message: 'Bitel accepted the batch but returned no record for this number',
				description: `The call may have been placed, so it was not sent again.${
					providerError ? ` Bitel also answered with the error ${providerError}.` : ''
				} Check the call list in the Bitel panel before calling this number again.`,
				providerCode: providerError,
				outcome: 'unknown',
				itemIndex: entry.itemIndex,
			}),
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
	const output = toOutputItems(outcomes, continueOnFail, placedNote);
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
