import type { IDataObject } from 'n8n-workflow';

import {
	callStatusCodeFrom,
	callStatusName,
	describeStatusCode,
	statusNameAndCode,
} from '../Bitel/helpers/callStatus';
import { smsStatusCodeFrom, smsStatusFields } from '../Bitel/helpers/smsStatus';

export { smsStatusCodeFrom };

/** What a Bitel webhook (docs/providers/bitel.md#webhooks) is about, and the fields a workflow branches on. */

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

/** A field by its documented camelCase name, in any casing (the exact name first). */
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

/** The requestId as `id`, as the node's outputs name it (docs/providers/bitel.md#sms-requests-and-assumptions). */
function withId(body: IDataObject): IDataObject {
	const requestId = webhookField(body, 'requestId');
	return body.id === undefined && requestId !== undefined ? { id: requestId } : {};
}

/**
 * The payload as sent plus `event`, `id` and the status fields Get Status gives; a `cause` that is
 * no documented name or code is event `unknown`, never "not answered".
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
		// An undocumented status is kept as sent, neither delivered nor failed.
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
