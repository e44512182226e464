import type { IDataObject } from 'n8n-workflow';

import type { SendUnit } from '../../shared/runner';
import { normalizeIranianPhoneNumber } from '../../shared/phone';
import { fieldOf } from '../../shared/fieldNames';

/**
 * Which call record of a batch answer belongs to which number. Bitel returns one record per number
 * "in the same order" [I: the docs show no order], each with its `phoneNumber`, which it may write
 * in another form than we sent (+98…, 98…, with spaces, in Persian digits) or in PascalCase
 * (docs/providers/bitel.md#batch-records-matched-by-phone-number).
 */

/** The phone number a record names, in national form, or undefined when it names none we can read. */
export function recordPhoneNumber(record: IDataObject): string | undefined {
	const value = fieldOf(record, 'phoneNumber', 'number', 'targetNumber');
	if (typeof value !== 'string' && typeof value !== 'number') return undefined;
	return normalizeIranianPhoneNumber(String(value));
}

export interface BatchPairing {
	/** For each number sent, in order, the index of its record in `records`, or undefined. */
	recordIndexFor: Array<number | undefined>;
	/** Indexes of the records no number was given, in Bitel's order. */
	leftover: number[];
	/** How the records were paired: by their numbers, by position, or not at all. */
	pairedBy: 'number' | 'position' | 'none';
}

/**
 * Pairs the numbers sent (national form, in request order; repeats allowed) with the
 * records Bitel returned.
 * - When any record names a number we can read: by number only. A number sent twice
 *   takes that number's records in order. A record is never given to two numbers.
 * - When no record names a readable number and the counts agree: by position.
 * - Otherwise nothing is guessed: every number is unpaired and every record left over.
 */
export function pairBatchRecords(numbers: string[], records: IDataObject[]): BatchPairing {
	const readable = records.map(recordPhoneNumber);
	if (readable.every((number) => number === undefined)) {
		if (records.length === numbers.length && records.length > 0) {
			return {
				recordIndexFor: numbers.map((_, index) => index),
				leftover: [],
				pairedBy: 'position',
			};
		}
		return {
			recordIndexFor: numbers.map(() => undefined),
			leftover: records.map((_, index) => index),
			pairedBy: 'none',
		};
	}
	const queues = new Map<string, number[]>();
	readable.forEach((number, index) => {
		if (number === undefined) return;
		const queue = queues.get(number) ?? [];
		queue.push(index);
		queues.set(number, queue);
	});
	const recordIndexFor = numbers.map((number) => queues.get(number)?.shift());
	const taken = new Set(recordIndexFor.filter((index) => index !== undefined));
	const leftover = records.map((_, index) => index).filter((index) => !taken.has(index));
	return { recordIndexFor, leftover, pairedBy: 'number' };
}

/** Each unit's record in a batch answer, by number (see pairBatchRecords), and the rest. */
export function pairRecordsByNumber(
	units: SendUnit[],
	records: IDataObject[],
): { recordFor: Array<IDataObject | undefined>; leftover: IDataObject[] } {
	const pairing = pairBatchRecords(
		units.map((unit) => unit.number ?? ''),
		records,
	);
	return {
		recordFor: pairing.recordIndexFor.map((index) =>
			index === undefined ? undefined : records[index],
		),
		leftover: pairing.leftover.map((index) => records[index]),
	};
}
