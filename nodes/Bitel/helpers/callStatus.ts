import type { IDataObject } from 'n8n-workflow';

import { withCamelCaseKeys } from '../../shared/fieldNames';

/** Bitel's call statuses (docs: Call → Call Status), with words for each. */
const STATUSES: Record<number, { name: string; description: string }> = {
	0: { name: 'WAITING', description: 'Queued: the call has not finished yet' },
	1: { name: 'NORMAL', description: 'Answered: the call finished normally' },
	2: { name: 'NO_ANSWER', description: 'Not answered: the callee did not pick up' },
	3: { name: 'USER_BUSY', description: 'Busy: the line was busy' },
	10: {
		name: 'EXPIRED',
		description: 'Expired: the request expired, most likely because Bitel was overloaded',
	},
	11: { name: 'ERROR', description: 'Failed: an error occurred while making the call' },
	20: { name: 'UNKNOWN', description: 'Unknown: something went wrong at Bitel' },
};

const CODE_BY_NAME: Record<string, number> = Object.fromEntries(
	Object.entries(STATUSES).map(([code, { name }]) => [name, Number(code)]),
);

/**
 * The numeric status of a call record, from `statusCode` or, failing that, `status`, which
 * may be the name or the number (docs/providers/bitel.md#call-statuses).
 */
export function statusCodeOf(record: IDataObject): number | undefined {
	return callStatusCodeFrom(record.statusCode) ?? callStatusCodeFrom(record.status);
}

/**
 * The numeric status for a value Bitel may write either way: a code (1, "1") or a name
 * ("NORMAL", also "normal", "No Answer" or .NET's "NoAnswer"). Bitel's webhook `cause` is
 * one of the two (unknown: docs/providers/bitel.md#call-statuses).
 */
export function callStatusCodeFrom(value: unknown): number | undefined {
	return statusCodeFrom(value, CODE_BY_NAME);
}

/** A status code from a code (1, "1") or a name in any casing, against a table of names. */
export function statusCodeFrom(
	value: unknown,
	codeByName: Record<string, number>,
): number | undefined {
	if (typeof value === 'number') return Number.isInteger(value) ? value : undefined;
	if (typeof value !== 'string') return undefined;
	const text = value.trim();
	if (/^\d+$/.test(text)) return Number(text);
	const name = text.replace(/([a-z])([A-Z])/g, '$1_$2').replace(/[\s-]+/g, '_');
	return codeByName[name.toUpperCase()];
}

/** Bitel's name for a status code ("NORMAL" for 1), if the code is a documented one. */
export function callStatusName(code: number | undefined): string | undefined {
	return code === undefined ? undefined : STATUSES[code]?.name;
}

/** A status Bitel sent as a name (not a number, nor a number written as text). */
export function sentStatusName(value: unknown): string | undefined {
	if (typeof value !== 'string') return undefined;
	const text = value.trim();
	return text === '' || /^\d+$/.test(text) ? undefined : text;
}

/**
 * `status` (the name) and `statusCode` (the number) of a status, whichever of the two Bitel
 * sent: a documented code gets its name as the docs write it (`NO_ANSWER`, also for `NoAnswer`);
 * an undocumented one keeps the name Bitel sent; what Bitel did not send is null.
 */
export function statusNameAndCode(
	code: number | undefined,
	sent: unknown,
	nameOf: (code: number | undefined) => string | undefined,
): { status: string | null; statusCode: number | null } {
	return { status: nameOf(code) ?? sentStatusName(sent) ?? null, statusCode: code ?? null };
}

/** The status in words; an undocumented one named as Bitel sent it. */
export function describeStatus(
	code: number | undefined,
	sent: unknown,
	descriptionOf: (code: number) => string | undefined,
	what: string,
): string {
	if (code !== undefined) return descriptionOf(code) ?? `Unknown status code ${code}`;
	const name = sentStatusName(sent);
	return name === undefined ? `Unknown: Bitel sent no ${what}` : `Unknown ${what} "${name}"`;
}

export function describeStatusCode(code: number | undefined, sent?: unknown): string {
	return describeStatus(code, sent, (known) => STATUSES[known]?.description, 'status');
}

/** `status` and `statusCode` of a call record, both, whichever of the two Bitel sent. */
function callStatusFields(record: IDataObject): IDataObject {
	return statusNameAndCode(statusCodeOf(record), record.status, callStatusName);
}

/** A call record plus what a workflow branches on. */
export function withStatusDetails(record: IDataObject): IDataObject {
	const code = statusCodeOf(record);
	return {
		...record,
		...callStatusFields(record),
		final: code !== undefined && code !== 0,
		answered: code === 1,
		statusDescription: describeStatusCode(code, record.status),
	};
}

/**
 * A record with its `id`: Bitel's `requestId` when the record has no `id`, as the API
 * Structure page's success example and v1 answers name it (docs/providers/bitel.md#calls),
 * so that Get Status chains on `{{ $json.id }}`. `requestId` itself is kept.
 */
export function withRecordId(record: IDataObject): IDataObject {
	const hasId = record.id !== undefined && record.id !== null && record.id !== '';
	const { requestId } = record;
	if (hasId || (typeof requestId !== 'string' && typeof requestId !== 'number')) return record;
	return { id: String(requestId), ...record };
}

/**
 * Bitel answers with a call record object, read in camelCase whichever casing it came
 * in (`PhoneNumber` → `phoneNumber`); anything else is kept, not dropped.
 */
export function asCallRecord(result: unknown): IDataObject {
	if (typeof result === 'object' && result !== null && !Array.isArray(result)) {
		const record = withRecordId(withCamelCaseKeys(result as IDataObject));
		return { ...record, ...callStatusFields(record) };
	}
	if (typeof result === 'string') return { id: result };
	return { result: result as IDataObject['result'] };
}
