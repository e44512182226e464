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

/** The numeric status of a call record, from `statusCode` or, failing that, the `status` name. */
export function statusCodeOf(record: IDataObject): number | undefined {
	const code = record.statusCode;
	if (typeof code === 'number') return code;
	if (typeof code === 'string' && /^\d+$/.test(code.trim())) return Number(code);
	return typeof record.status === 'string' ? callStatusCodeFrom(record.status) : undefined;
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

export function describeStatusCode(code: number | undefined): string {
	if (code === undefined) return 'Unknown: Bitel sent no status';
	return STATUSES[code]?.description ?? `Unknown status code ${code}`;
}

/** A call record plus what a workflow usually branches on. */
export function withStatusDetails(record: IDataObject): IDataObject {
	const code = statusCodeOf(record);
	return {
		...record,
		final: code !== undefined && code !== 0,
		answered: code === 1,
		statusDescription: describeStatusCode(code),
	};
}

/**
 * Bitel answers with a call record object, read in camelCase whichever casing it came
 * in (`PhoneNumber` → `phoneNumber`); anything else is kept, not dropped.
 */
export function asCallRecord(result: unknown): IDataObject {
	if (typeof result === 'object' && result !== null && !Array.isArray(result))
		return withCamelCaseKeys(result as IDataObject);
	if (typeof result === 'string') return { id: result };
	return { result: result as IDataObject['result'] };
}
