import type { IDataObject } from 'n8n-workflow';

import {
	callStatusCodeFrom,
	callStatusName,
	describeStatusCode,
	statusNameAndCode,
} from '../Bitel/helpers/callStatus';
import { smsStatusCodeFrom, smsStatusFields } from '../Bitel/helpers/smsStatus';

export { smsStatusCodeFrom };

/**
 * What a Bitel webhook is about, and the fields a workflow branches on. Pure: no n8n
 * context, so it is unit-tested on fixed payloads.
 *
 * Bitel posts one webhook per concluded request (docs/providers/bitel.md#webhooks): voice
 * `{requestId, campaignId, balanceSubtracted, cause, billSec, number, requestDate}`, SMS
 * `{requestId, batchId, balanceSubtracted, cause, smsCount, requestDate, deliveryStatus}`.
 */

/** The values of the Events parameter, and `event` in the output. */
export const BITEL_EVENTS = {
	all: '*',
	callAnswered: 'callAnswered',
	callNotAnswered: 'callNotAnswered',
	smsDelivered: 'smsDelivered',
	smsFailed: 'smsFailed',
	/** SMS that is neither delivered nor failed (WAITING, CHECK_OK, an unknown status). */
	smsOther: 'smsOther',
	/** A POST that looks like neither a voice nor an SMS webhook, or a call status we cannot read. */
	unknown: 'unknown',
} as const;

export type BitelEvent = (typeof BITEL_EVENTS)[Exclude<keyof typeof BITEL_EVENTS, 'all'>];

/**
 * A field of the webhook by its documented camelCase name, also when Bitel sends it in
 * another casing (`DeliveryStatus`, `BILLSEC`): its API answers have been seen in PascalCase.
 * The exact name wins when both are present.
 */
export function webhookField(body: IDataObject, name: string): unknown {
	if (body[name] !== undefined && body[name] !== null) return body[name];
	const wanted = name.toLowerCase();
	for (const [key, value] of Object.entries(body)) {
		if (key.toLowerCase() === wanted && value !== undefined && value !== null) return value;
	}
	return undefined;
}

function has(body: IDataObject, name: string): boolean {
	return webhookField(body, name) !== undefined;
}

/** 'sms' when SMS-only fields are present, 'voice' for voice fields or a bare `cause`. */
export function bitelWebhookKind(body: IDataObject): 'voice' | 'sms' | 'unknown' {
	if (['deliveryStatus', 'smsCount', 'batchId'].some((key) => has(body, key))) return 'sms';
	if (['billSec', 'number', 'campaignId', 'cause'].some((key) => has(body, key))) return 'voice';
	return 'unknown';
}

/**
 * The request ID as `id`, as the Bitel node's outputs name it, unless the payload has an `id`:
 * a call's or an SMS's requestId is taken to be the id its send returned (inferred:
 * docs/providers/bitel.md#sms-requests-and-assumptions).
 */
function withId(body: IDataObject): IDataObject {
	const requestId = webhookField(body, 'requestId');
	return body.id === undefined && requestId !== undefined ? { id: requestId } : {};
}

/**
 * The payload plus what a workflow branches on.
 * - voice: `event` callAnswered/callNotAnswered, `answered`, `id` (the requestId), and
 *   `status`, `statusCode`, `statusDescription` read from `cause` (the same fields as the Bitel
 *   node's Get Status). A `cause` that is neither a documented name nor a documented code is
 *   event `unknown`, with the value as sent: never "not answered" on a value we cannot read.
 * - SMS: `event` smsDelivered/smsFailed/smsOther, `id` (the requestId), and the status
 *   fields of Get SMS Status read from `deliveryStatus`: `status`, `statusCode`, `delivered`,
 *   `final`, `statusDescription`.
 * The payload's own fields are kept as sent; the added ones come last.
 */
export function describeBitelWebhook(body: IDataObject): IDataObject & { event: BitelEvent } {
	const kind = bitelWebhookKind(body);
	if (kind === 'voice') {
		const cause = webhookField(body, 'cause');
		const code = callStatusCodeFrom(cause);
		const documented = callStatusName(code) !== undefined;
		const answered = code === 1;
		return {
			...body,
			event: !documented
				? BITEL_EVENTS.unknown
				: answered
					? BITEL_EVENTS.callAnswered
					: BITEL_EVENTS.callNotAnswered,
			...withId(body),
			answered,
			...statusNameAndCode(code, cause, callStatusName),
			statusDescription: describeStatusCode(code, cause),
		};
	}
	if (kind === 'sms') {
		const deliveryStatus = webhookField(body, 'deliveryStatus');
		// The status fields of Get SMS Status, so one IF node serves both; an undocumented
		// status is kept as sent, neither delivered nor failed.
		const fields = smsStatusFields(smsStatusCodeFrom(deliveryStatus), deliveryStatus);
		const event = fields.delivered
			? BITEL_EVENTS.smsDelivered
			: fields.final
				? BITEL_EVENTS.smsFailed
				: BITEL_EVENTS.smsOther;
		return { ...body, event, ...withId(body), ...fields };
	}
	return { ...body, event: BITEL_EVENTS.unknown };
}

/** Whether the Events parameter asks for this event ("All" takes every POST). */
export function isWantedEvent(event: BitelEvent, selected: string[]): boolean {
	return selected.includes(BITEL_EVENTS.all) || selected.includes(event);
}
