import type { IDataObject } from 'n8n-workflow';

import {
	callStatusCodeFrom,
	callStatusName,
	describeStatusCode,
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
	/** A POST that looks like neither a voice nor an SMS webhook. */
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

function describeUnknown(value: unknown, what: string): string {
	return value === undefined || value === null || value === ''
		? `Unknown: Bitel sent no ${what}`
		: `Unknown ${what} ${JSON.stringify(value)}`;
}

/**
 * The payload plus what a workflow branches on.
 * - voice: `event` callAnswered/callNotAnswered, `answered`, and `status`, `statusCode`,
 *   `statusDescription` read from `cause` (the same fields as the Bitel node's Get Status).
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
		const name = callStatusName(code);
		const answered = code === 1;
		return {
			...body,
			event: answered ? BITEL_EVENTS.callAnswered : BITEL_EVENTS.callNotAnswered,
			answered,
			status: name ?? (typeof cause === 'string' ? cause : null),
			statusCode: code ?? null,
			statusDescription:
				code === undefined || name === undefined
					? describeUnknown(cause, 'call status')
					: describeStatusCode(code),
		};
	}
	if (kind === 'sms') {
		const deliveryStatus = webhookField(body, 'deliveryStatus');
		const code = smsStatusCodeFrom(deliveryStatus);
		// The status fields of Get SMS Status, so one IF node serves both; an undocumented
		// status is kept as sent, neither delivered nor failed.
		const fields = smsStatusFields(code, deliveryStatus);
		const event = fields.delivered
			? BITEL_EVENTS.smsDelivered
			: fields.final
				? BITEL_EVENTS.smsFailed
				: BITEL_EVENTS.smsOther;
		// The SMS ID the send operations return is taken to be the webhook's requestId (inferred:
		// docs/providers/bitel.md#sms-requests-and-assumptions).
		const requestId = webhookField(body, 'requestId');
		return {
			...body,
			event,
			...(body.id === undefined && requestId !== undefined ? { id: requestId } : {}),
			...fields,
		};
	}
	return { ...body, event: BITEL_EVENTS.unknown };
}

/** Whether the Events parameter asks for this event ("All" takes every POST). */
export function isWantedEvent(event: BitelEvent, selected: string[]): boolean {
	return selected.includes(BITEL_EVENTS.all) || selected.includes(event);
}
