import type { IDataObject } from 'n8n-workflow';

import { InvalidParameter, textValue } from '../../shared/parameters';
import { toLatinDigits } from '../../shared/phone';
import { normalizeCalled } from './voiceNotificationParameters';

/**
 * Get Call Records' time windows, times and filters (BES cannot query by callSerialNo)
 * (docs/providers/bes.md#get-call-records-paging-and-windows).
 */

const DAY_MS = 24 * 60 * 60 * 1000;

/** The longest range BES documents for one query: endTime − startTime ≤ 7 days. */
export const MAX_WINDOW_MS = 7 * DAY_MS;

/** The longest range asked for in one query: 6 days, so BES accepts it however it counts its 7. */
export const QUERY_WINDOW_MS = 6 * DAY_MS;

export interface TimeWindow {
	/** Epoch ms, inclusive. */
	start: number;
	/** Epoch ms, inclusive. */
	end: number;
}

/** Cuts [start, end] into windows of at most maxSpanMs that neither overlap nor leave a gap. */
export function splitTimeRange(
	start: number,
	end: number,
	maxSpanMs: number = QUERY_WINDOW_MS,
): TimeWindow[] {
	if (!Number.isFinite(start) || !Number.isFinite(end) || end < start)
		throw new RangeError(`Not a time range: ${start} to ${end}`);
	if (!(maxSpanMs >= 1)) throw new RangeError(`Window span must be positive, got ${maxSpanMs}`);
	const windows: TimeWindow[] = [];
	for (let from = start; from <= end; from += maxSpanMs + 1) {
		windows.push({ start: from, end: Math.min(end, from + maxSpanMs) });
	}
	return windows;
}

/** The offset of a time zone from UTC at an instant, in ms (UTC when the zone is unknown). */
export function zoneOffsetMs(epochMs: number, timeZone: string): number {
	let parts: Intl.DateTimeFormatPart[];
	try {
		parts = new Intl.DateTimeFormat('en-US', {
			timeZone,
			hour12: false,
			year: 'numeric',
			month: '2-digit',
			day: '2-digit',
			hour: '2-digit',
			minute: '2-digit',
			second: '2-digit',
		}).formatToParts(new Date(epochMs));
	} catch {
		return 0;
	}
	const part = (type: string) => Number(parts.find((entry) => entry.type === type)?.value);
	const wall = Date.UTC(
		part('year'),
		part('month') - 1,
		part('day'),
		part('hour') % 24, // some engines write midnight as 24
		part('minute'),
		part('second'),
	);
	return wall - (epochMs - (((epochMs % 1000) + 1000) % 1000));
}

const WALL_CLOCK =
	/^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?)?$/;
const HAS_ZONE = /(?:Z|[+-]\d{2}:?\d{2})$/i;

/** Numbers below this are seconds, above it milliseconds (1e11 s is the year 5138). */
const SECONDS_LIMIT = 1e11;

/**
 * A Date & Time parameter as epoch ms: ISO text (without a zone, wall-clock time in `timeZone`, as
 * n8n's picker writes it), epoch seconds or ms, a Date or a Luxon DateTime; else undefined.
 */
export function parseTime(value: unknown, timeZone: () => string): number | undefined {
	if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.getTime();
	if (typeof value === 'object' && value !== null) {
		const toMillis = (value as { toMillis?: unknown }).toMillis;
		if (typeof toMillis === 'function') {
			const ms = Number((toMillis as () => unknown).call(value));
			return Number.isFinite(ms) ? ms : undefined;
		}
		return undefined;
	}
	if (typeof value === 'number') {
		if (!Number.isFinite(value) || value < 0) return undefined;
		return value < SECONDS_LIMIT ? Math.round(value * 1000) : Math.round(value);
	}
	if (typeof value !== 'string') return undefined;
	const trimmed = value.trim();
	if (/^\d+$/.test(trimmed)) return parseTime(Number(trimmed), timeZone);
	const wall = WALL_CLOCK.exec(trimmed);
	if (wall) {
		const [, year, month, day, hour, minute, second, fraction] = wall;
		const guess = Date.UTC(
			Number(year),
			Number(month) - 1,
			Number(day),
			Number(hour ?? 0),
			Number(minute ?? 0),
			Number(second ?? 0),
			Number((fraction ?? '0').padEnd(3, '0')),
		);
		// Date.UTC rolls 2025-13-45 over into 2026: accept only dates that exist.
		const check = new Date(guess);
		if (
			Number.isNaN(guess) ||
			check.getUTCMonth() !== Number(month) - 1 ||
			check.getUTCDate() !== Number(day) ||
			check.getUTCHours() !== Number(hour ?? 0) ||
			check.getUTCMinutes() !== Number(minute ?? 0) ||
			check.getUTCSeconds() !== Number(second ?? 0)
		)
			return undefined;
		const zone = timeZone();
		// Two passes find the right offset across a daylight-saving change.
		const first = guess - zoneOffsetMs(guess, zone);
		return guess - zoneOffsetMs(first, zone);
	}
	if (!HAS_ZONE.test(trimmed)) return undefined;
	const parsed = Date.parse(trimmed);
	return Number.isNaN(parsed) ? undefined : parsed;
}

/** A filter option: values separated by commas or new lines, or an array from an expression. */
export function readFilterValues(
	value: unknown,
	parameter: string,
	normalize: (entry: string) => string = (entry) => entry,
): Set<string> | undefined {
	// A list from an expression, or text: anything else would silently drop the filter.
	const entries = Array.isArray(value)
		? value.map((entry) => textValue(entry, parameter))
		: textValue(value, parameter).split(/[,;\n\r]+/);
	const values = entries.map((entry) => entry.trim()).filter((entry) => entry !== '');
	if (values.length === 0) return undefined;
	return new Set(values.map(normalize));
}

/** The Called Number filter: numbers compared in the same form the node sends them. */
export function readCalledFilter(value: unknown): Set<string> | undefined {
	return readFilterValues(value, 'Called Number', (entry) =>
		normalizeCalled(entry, 'Called Number'),
	);
}

/** The Call Serial Number filter: BES's serial numbers are opaque text. */
export function readSerialFilter(value: unknown): Set<string> | undefined {
	return readFilterValues(value, 'Call Serial Number', (written) => {
		const entry = toLatinDigits(written);
		if (entry.length > 50) {
			throw new InvalidParameter(
				'Call Serial Number',
				`"${entry.slice(0, 60)}…" is longer than 50 characters`,
				'Use the callSerialNo that "Create Voice Notification" returned.',
			);
		}
		return entry;
	});
}

export interface RecordFilters {
	callSerialNos?: Set<string>;
	called?: Set<string>;
}

/** Whether a call record passes the filters (all records pass when none is set). */
export function matchesFilters(record: IDataObject, filters: RecordFilters): boolean {
	if (filters.callSerialNos && !filters.callSerialNos.has(String(record.callSerialNo ?? '')))
		return false;
	if (filters.called) {
		let called: string;
		try {
			called = normalizeCalled(record.called);
		} catch {
			return false;
		}
		if (!filters.called.has(called)) return false;
	}
	return true;
}

/** One page of call records as read. */
export interface RecordsPage {
	/** Records in the page (callInfo entries). */
	received: number;
	/** Of those, records not seen on an earlier page (by callSerialNo). */
	fresh: number;
	/** How many records were asked for (limit). */
	requested: number;
	/** Records read in this window so far, this page included (the next offset). */
	readSoFar: number;
	/** BES's `total` for the window, as it came. */
	total: unknown;
}

/**
 * Whether to read the next page of a window: while fewer than BES's `total` were read, else while
 * pages come full; never after a page that brought nothing new, so paging always ends.
 */
export function hasMorePages(page: RecordsPage): boolean {
	if (page.received === 0 || page.fresh === 0) return false;
	const total =
		typeof page.total === 'number' || (typeof page.total === 'string' && page.total.trim() !== '')
			? Number(page.total)
			: Number.NaN;
	if (Number.isFinite(total)) return page.readSoFar < total;
	return page.received >= page.requested;
}
