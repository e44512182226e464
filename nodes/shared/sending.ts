import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { chunk, mapWithConcurrency, stableKey } from './collections';
import type { Answer, UnitResult } from './outcome';
import type { RetryMemory } from './retryMemory';
import { requestKey } from './retryMemory';
import type { SendStep, SendUnit } from './runner';
import { isInvalidUnit } from './runner';

/** One unit on its way: its result once known, or the unit whose request it shares (a repeat). */
interface Entry {
	unit: SendUnit;
	key?: string;
	result?: UnitResult;
	duplicateOf?: Entry;
}

/** A unit's result from an accepted answer's record. */
function acceptedResult(operation: SendStep, unit: SendUnit, json: IDataObject): UnitResult {
	const outcome = operation.finish?.(json, unit) ?? { status: 'accepted', json };
	const id = outcome.status === 'accepted' ? outcome.json[operation.effect.idField] : undefined;
	return {
		...outcome,
		itemIndex: unit.itemIndex,
		number: unit.number,
		id: id === undefined || id === null ? undefined : String(id),
		placed: true,
	};
}

/** Gives each unit of an accepted pooled request its record, keeping records no unit matched. */
function pairPooled(
	operation: SendStep,
	senders: Entry[],
	answer: Extract<Answer, { status: 'accepted' }>,
) {
	const pool = operation.pool!;
	const { provider } = operation.effect;
	const records = Array.isArray(answer.result) ? answer.result.map(operation.toRecord) : [];
	if (answer.providerCode) for (const record of records) record.providerError = answer.providerCode;
	const { recordFor, leftover } = pool.pair(
		senders.map((entry) => entry.unit),
		records,
	);
	senders.forEach((entry, position) => {
		const record = recordFor[position];
		const { unit } = entry;
		entry.result = record
			? acceptedResult(operation, unit, record)
			: {
					status: 'unknown',
					message: `${provider} accepted the batch but returned no record for this number`,
					description: `${pool.noRecord}${
						answer.providerCode
							? ` ${provider} also answered with the error ${answer.providerCode}.`
							: ''
					}`,
					providerCode: answer.providerCode,
					itemIndex: unit.itemIndex,
					number: unit.number,
				};
	});
	if (leftover.length === 0) return;
	// Records that belong to no number are never dropped: they go on the first number's item.
	const holder = senders.find((entry) => entry.result?.status === 'accepted') ?? senders[0];
	const result = holder.result!;
	if (result.status === 'accepted') result.json = { ...result.json, unmatchedRecords: leftover };
	else if (result.status !== 'invalid')
		result.fields = { ...result.fields, unmatchedRecords: leftover };
}

/** Sends one request for its units and records each unit's result. */
async function sendRequest(
	operation: SendStep,
	client: Awaited<ReturnType<SendStep['connect']>>,
	senders: Entry[],
) {
	const units = senders.map((entry) => entry.unit);
	const [first] = units;
	let body = first.body;
	let output: IDataObject = {};
	if (operation.pool) {
		const lists: IDataObject = {};
		for (const name of Object.keys(first.own ?? {}))
			lists[name] = units.map((unit) => unit.own![name]);
		body = {
			...first.body,
			[operation.pool.numbersField]: units.map((unit) => unit.number!),
			...lists,
		};
	} else if (operation.beforeSend) {
		const prepared = operation.beforeSend(first.body);
		if ('error' in prepared) {
			senders[0].result = { status: 'invalid', error: prepared.error, itemIndex: first.itemIndex };
			return;
		}
		({ body, output } = prepared);
	}
	const answer = await client.send({
		...operation.request,
		body,
		effect: operation.effect,
		itemIndex: first.itemIndex,
	});
	if (answer.status !== 'accepted') {
		for (const entry of senders)
			entry.result = { ...answer, itemIndex: entry.unit.itemIndex, number: entry.unit.number };
		return;
	}
	if (operation.pool) return pairPooled(operation, senders, answer);
	const json = { ...operation.toRecord(answer.result), ...output };
	if (answer.providerCode) json.providerError = answer.providerCode;
	senders[0].result = acceptedResult(operation, first, json);
}

/** The output result of one entry: its own, or (a repeat) the first copy's, marked. */
function entryResult(entry: Entry): UnitResult {
	const { unit, duplicateOf } = entry;
	const source = duplicateOf?.result ?? entry.result!;
	const own = duplicateOf === undefined;
	const shared = {
		itemIndex: unit.itemIndex,
		number: own ? source.number : undefined,
		id: own ? source.id : undefined,
		placed: own && source.placed,
	};
	if (source.status === 'accepted') {
		const { unmatchedRecords, ...record } = source.json;
		return {
			status: 'accepted',
			...shared,
			json: {
				...record,
				...(own && unmatchedRecords ? { unmatchedRecords } : {}),
				...unit.echo,
				...(own ? {} : { duplicate: true }),
			},
		};
	}
	return { ...source, ...shared, fields: { ...(own ? source.fields : {}), ...unit.fields } };
}

/**
 * The send strategy: pools units that share a body (pooled operations), sends each repeat of a
 * number once, answers from the retry memory what an earlier try sent, sends the rest a few
 * requests at a time, and returns one result per unit in input order.
 */
export async function sendUnits(
	context: IExecuteFunctions,
	operation: SendStep,
	items: Array<{ itemIndex: number; value: SendUnit | Array<SendUnit | UnitResult> } | UnitResult>,
	memory: RetryMemory,
): Promise<UnitResult[]> {
	const ordered: Array<Entry | UnitResult> = [];
	const groups = new Map<string, Entry[]>();
	for (const item of items) {
		if (!('value' in item)) {
			ordered.push(item);
			continue;
		}
		for (const unit of Array.isArray(item.value) ? item.value : [item.value]) {
			if (isInvalidUnit(unit)) {
				ordered.push(unit);
				continue;
			}
			const entry: Entry = { unit: unit as SendUnit };
			ordered.push(entry);
			const key = operation.pool
				? stableKey({ ...entry.unit.body, dedupe: entry.unit.dedupe })
				: String(ordered.length);
			const group = groups.get(key) ?? [];
			group.push(entry);
			groups.set(key, group);
		}
	}

	const requests: Entry[][] = [];
	for (const group of groups.values()) {
		const firstByNumber = new Map<string, Entry>();
		const senders: Entry[] = [];
		for (const entry of group) {
			const { unit } = entry;
			const first = unit.dedupe && unit.number ? firstByNumber.get(unit.number) : undefined;
			if (first) {
				entry.duplicateOf = first;
				continue;
			}
			if (unit.number) firstByNumber.set(unit.number, entry);
			entry.key = requestKey(unit.itemIndex, { ...unit.body, ...unit.own }, unit.number ?? '');
			entry.result = memory.recall(entry.key, unit.itemIndex);
			if (!entry.result) senders.push(entry);
		}
		requests.push(...chunk(senders, operation.pool?.max ?? 1));
	}

	if (requests.length > 0) {
		const client = await operation.connect(context);
		const settled = await mapWithConcurrency(requests, operation.concurrency, async (senders) => {
			await sendRequest(operation, client, senders);
			for (const entry of senders) memory.remember(entry.key!, entry.result!);
		});
		// A rejection here is a defect in the node, not a provider answer: never hide it.
		for (const result of settled) if (result.status === 'rejected') throw result.reason;
	}
	return ordered.map((entry) => ('unit' in entry ? entryResult(entry) : entry));
}
