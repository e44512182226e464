import type { IDataObject } from 'n8n-workflow';

import type { SendUnit } from '../../shared/runner';
import { normalizeIranianPhoneNumber } from '../../shared/phone';
import { fieldOf } from '../../shared/json';

/** Which record of a batch answer belongs to which number (docs/providers/bitel.md#batch-records-matched-by-phone-number). */

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

/** A message as compared for pairing: Unicode NFC, white space collapsed, trimmed. */
function comparableMessage(value: unknown): string | undefined {
	if (typeof value !== 'string') return undefined;
	const text = value.normalize('NFC').replace(/\s+/g, ' ').trim();
	return text === '' ? undefined : text;
}

/**
 * Pairs the numbers sent with Bitel's records: by number (and, for a number sent with different
 * `messages`, by message or elimination), by position only when no record names a number and the
 * counts agree; a record never goes to two numbers, and nothing is guessed.
 */
export function pairBatchRecords(
	numbers: string[],
	records: IDataObject[],
	messages?: Array<string | undefined>,
): BatchPairing {
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
	const sent = numbers.map((number, position) => ({
		number,
		message: comparableMessage(messages?.[position]),
	}));
	const recordMessages = records.map((record) => comparableMessage(fieldOf(record, 'message')));
	// The messages each number was sent in this request: a record carrying one of them is that message's.
	const messagesOf = new Map<string, Set<string>>();
	for (const { number, message } of sent) {
		if (message === undefined) continue;
		messagesOf.set(number, (messagesOf.get(number) ?? new Set()).add(message));
	}
	const taken = new Set<number>();
	const untaken = (number: string) => (queues.get(number) ?? []).filter((i) => !taken.has(i));
	const recordIndexFor: Array<number | undefined> = sent.map(() => undefined);
	const give = (position: number, record: number | undefined) => {
		recordIndexFor[position] = record;
		if (record !== undefined) taken.add(record);
	};
	const ambiguous = (number: string) => (messagesOf.get(number)?.size ?? 0) > 1;
	// A number sent with different messages: first by number and message …
	sent.forEach(({ number, message }, position) => {
		if (!ambiguous(number) || message === undefined) return;
		give(
			position,
			untaken(number).find((record) => recordMessages[record] === message),
		);
	});
	// … then by elimination only, when one of each is left.
	for (const number of messagesOf.keys()) {
		if (!ambiguous(number)) continue;
		const waiting = sent
			.map((entry, position) => ({ ...entry, position }))
			.filter((entry) => entry.number === number && recordIndexFor[entry.position] === undefined);
		const left = untaken(number);
		if (waiting.length === 1 && left.length === 1) give(waiting[0].position, left[0]);
	}
	// Every other number by number, in order.
	sent.forEach(({ number }, position) => {
		if (ambiguous(number)) return;
		give(position, untaken(number)[0]);
	});
	const leftover = records.map((_, index) => index).filter((index) => !taken.has(index));
	return { recordIndexFor, leftover, pairedBy: 'number' };
}

/**
 * Each unit's record in a batch answer (see pairBatchRecords; a unit's own message, Send
 * Personalized Batch's, tells repeats of a number apart), and the records no unit was given.
 */
export function pairRecordsByNumber(
	units: SendUnit[],
	records: IDataObject[],
): { recordFor: Array<IDataObject | undefined>; leftover: IDataObject[] } {
	const pairing = pairBatchRecords(
		units.map((unit) => unit.number ?? ''),
		records,
		units.map((unit) => (typeof unit.own?.messages === 'string' ? unit.own.messages : undefined)),
	);
	return {
		recordFor: pairing.recordIndexFor.map((index) =>
			index === undefined ? undefined : records[index],
		),
		leftover: pairing.leftover.map((index) => records[index]),
	};
}
