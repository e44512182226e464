import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { withCamelCaseKeys } from '../../shared/fieldNames';
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

/**
 * The numeric SMS status of a record. A send answer carries `status` as a number and
 * `statusText` ("Waiting"); the status answer carries `status` as a name and `statusCode`;
 * the v1 SMS Detail table and the SMS webhook name them `deliveryStatus` and
 * `deliveryStatusCode` (docs/providers/bitel.md#sms-statuses).
 */
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

/**
 * The fields a workflow branches on for an SMS status code (and the status as Bitel sent it,
 * kept when it is a name the docs do not list): the same in the send answers, Get SMS Status
 * and the Bitel Trigger's SMS events, so one IF node serves all three.
 */
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

/**
 * How many parts an SMS text takes: Persian (UCS-2) 70 in one part, 67 per part when
 * split; Latin 160 and 153. An estimate: Bitel's own `partCount` is the bill.
 */
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
