import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { withCamelCaseKeys } from '../../shared/json';
import {
	describeStatus,
	sentStatusName,
	statusCodeFrom,
	statusNameAndCode,
	withRecordId,
} from './callStatus';

/** Bitel's SMS delivery statuses (docs: SMS → SMS Status), with words for each. */
const STATUSES: Record<number, { name: string; description: string }> = {
	0: { name: 'WAITING', description: 'Waiting: the SMS is being sent' },
	1: { name: 'DELIVERED', description: 'Delivered to the phone' },
	2: {
		name: 'CHECK_OK',
		description: 'Handed to the operator: a delivery report may still follow',
	},
	4: {
		name: 'DELIVERY_FAILED',
		description: 'Not delivered: sent to the operator, the phone is probably unreachable',
	},
	5: { name: 'BLACKLIST', description: 'Not sent: the user blocked advertising SMS (DND list)' },
	9: { name: 'ERROR', description: 'Not sent: invalid number, connectivity or another error' },
	10: { name: 'CHECK_ERROR', description: 'Not sent: the operator denied access' },
};

/** Not final: WAITING, and CHECK_OK ("handed to operator"), after which a report may follow (docs/providers/bitel.md#sms-statuses). */
const NOT_FINAL = new Set([0, 2]);

const CODE_BY_NAME: Record<string, number> = Object.fromEntries(
	Object.entries(STATUSES).map(([code, { name }]) => [name, Number(code)]),
);

/** An SMS status code from a code (1, "1") or a name in any casing ("DELIVERED", "Delivery Failed"). */
export const smsStatusCodeFrom = (value: unknown) => statusCodeFrom(value, CODE_BY_NAME);

/** The numeric SMS status of a record, whichever of its fields carries it (docs/providers/bitel.md#sms-statuses). */
export function smsStatusCodeOf(record: IDataObject): number | undefined {
	return (
		smsStatusCodeFrom(record.statusCode) ??
		smsStatusCodeFrom(record.deliveryStatusCode) ??
		smsStatusCodeFrom(record.status) ??
		smsStatusCodeFrom(record.deliveryStatus) ??
		smsStatusCodeFrom(record.statusText)
	);
}

/** The status name a record carries, in any of the fields Bitel names it in. */
function sentSmsStatus(record: IDataObject): unknown {
	return [record.status, record.deliveryStatus, record.statusText].find(
		(value) => sentStatusName(value) !== undefined,
	);
}

/** Whether Bitel documents this SMS status code. */
const isKnownSmsStatus = (code: number | undefined) =>
	code !== undefined && STATUSES[code] !== undefined;

const smsStatusName = (code: number | undefined) =>
	code === undefined ? undefined : STATUSES[code]?.name;

/** The fields a workflow branches on, the same in sends, Get SMS Status and the trigger's SMS events. */
export function smsStatusFields(code: number | undefined, sent?: unknown): IDataObject {
	return {
		...statusNameAndCode(code, sent, smsStatusName),
		delivered: code === 1,
		// An undocumented status is neither delivered nor failed, so not final either.
		final: code !== undefined && isKnownSmsStatus(code) && !NOT_FINAL.has(code),
		statusDescription: describeStatus(
			code,
			sent,
			(known) => STATUSES[known]?.description,
			'delivery status',
		),
	};
}

/** An SMS record with the same status fields whichever answer it came from. */
export function withSmsStatusDetails(record: IDataObject): IDataObject {
	return { ...record, ...smsStatusFields(smsStatusCodeOf(record), sentSmsStatus(record)) };
}

/** One SMS record of a Bitel answer, in camelCase, with its status fields. */
export function asSmsRecord(result: unknown): IDataObject {
	if (typeof result === 'object' && result !== null && !Array.isArray(result))
		return withSmsStatusDetails(withRecordId(withCamelCaseKeys(result as IDataObject)));
	if (typeof result === 'string') return { id: result };
	return { result: result as IDataObject['result'] };
}

/** A character beyond ASCII (a Persian letter) makes an SMS a UCS-2 one. */
const isUnicode = (text: string) => [...text].some((char) => char.codePointAt(0)! > 0x7f);

/** How many parts an SMS takes (Persian 70, then 67 a part; Latin 160, then 153): Bitel's `partCount` bills. */
export function estimateSmsParts(message: string): number {
	const length = [...message].length;
	if (length === 0) return 0;
	const [single, perPart] = isUnicode(message) ? [70, 67] : [160, 153];
	return length <= single ? 1 : Math.ceil(length / perPart);
}

/** Our part-count estimate of the message the record names, next to Bitel's `partCount`. */
export function withEstimatedParts(output: INodeExecutionData[]): INodeExecutionData[] {
	for (const item of output) {
		if (typeof item.json.message === 'string' && item.json.error === undefined)
			item.json.estimatedPartCount = estimateSmsParts(item.json.message);
	}
	return output;
}
