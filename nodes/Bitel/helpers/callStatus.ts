import type { IDataObject } from 'n8n-workflow';

import { withCamelCaseKeys } from '../../shared/json';

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

/** The numeric status of a call record, from `statusCode` or `status` (docs/providers/bitel.md#call-statuses). */
export function statusCodeOf(record: IDataObject): number | undefined {
	return callStatusCodeFrom(record.statusCode) ?? callStatusCodeFrom(record.status);
}

/** The numeric status of a code (1, "1") or a name in any form ("NORMAL", "No Answer", "NoAnswer"). */
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

/** `status` and `statusCode` whichever of the two Bitel sent, names as the docs write them; null when missing. */
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

/** A record with its `id`, Bitel's `requestId` when it has none (docs/providers/bitel.md#calls). */
export function withRecordId(record: IDataObject): IDataObject {
	const hasId = record.id !== undefined && record.id !== null && record.id !== '';
	const { requestId } = record;
	if (hasId || (typeof requestId !== 'string' && typeof requestId !== 'number')) return record;
	return { id: String(requestId), ...record };
}

/** A call record in camelCase whatever casing it came in; anything else is kept. */
export function asCallRecord(result: unknown): IDataObject {
	if (typeof result === 'object' && result !== null && !Array.isArray(result)) {
		const record = withRecordId(withCamelCaseKeys(result as IDataObject));
		return { ...record, ...callStatusFields(record) };
	}
	if (typeof result === 'string') return { id: result };
	return { result: result as IDataObject['result'] };
}
