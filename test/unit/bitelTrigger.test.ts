import type { IDataObject } from 'n8n-workflow';

import {
	asCallRecord,
	callStatusCodeFrom,
	callStatusName,
	withStatusDetails,
} from '../../nodes/Bitel/helpers/callStatus';
import {
	bitelWebhookKind,
	describeBitelWebhook,
	isWantedEvent,
	smsStatusCodeFrom,
} from '../../nodes/BitelTrigger/events';
import { withSmsStatusDetails } from '../../nodes/Bitel/helpers/smsStatus';
import { safeEqual } from '../../nodes/shared/webhook';
import webhooks from '../fixtures/bitel-webhooks.json';

/** Bitel's voice (`cause` as the status name) and SMS webhooks, as bitel.md §5 describes them. */
const { voice: VOICE, sms: SMS } = webhooks;

describe('Bitel call status from a webhook cause', () => {
	it.each([
		['NORMAL', 1],
		['normal', 1],
		[1, 1],
		['1', 1],
		[' 2 ', 2],
		['NO_ANSWER', 2],
		['No Answer', 2],
		['no-answer', 2],
		['USER_BUSY', 3],
		['EXPIRED', 10],
		[11, 11],
		['UNKNOWN', 20],
		['WAITING', 0],
	])('%j is code %s', (value, code) => expect(callStatusCodeFrom(value)).toBe(code));

	it.each([['BOGUS'], [''], [null], [undefined], [1.5], [{}]])('%j has no code', (value) =>
		expect(callStatusCodeFrom(value)).toBeUndefined(),
	);

	it('names documented codes only', () => {
		expect(callStatusName(3)).toBe('USER_BUSY');
		expect(callStatusName(7)).toBeUndefined();
		expect(callStatusName(undefined)).toBeUndefined();
	});
});

describe('Bitel voice webhook', () => {
	it.each([
		['the name', 'NORMAL'],
		['the number', 1],
		['the number as text', '1'],
	])('is callAnswered when cause is %s', (_label, cause) => {
		expect(describeBitelWebhook({ ...VOICE, cause })).toEqual({
			...VOICE,
			cause,
			event: 'callAnswered',
			id: VOICE.requestId,
			answered: true,
			status: 'NORMAL',
			statusCode: 1,
			statusDescription: 'Answered: the call finished normally',
		});
	});

	it.each([
		['NO_ANSWER', 2, /did not pick up/],
		[2, 2, /did not pick up/],
		['USER_BUSY', 3, /busy/],
		[3, 3, /busy/],
		['EXPIRED', 10, /expired/],
		['ERROR', 11, /error occurred/],
		[20, 20, /something went wrong/],
	])('is callNotAnswered when cause is %j', (cause, code, description) => {
		const output = describeBitelWebhook({ ...VOICE, cause, billSec: 0 });
		expect(output).toMatchObject({ event: 'callNotAnswered', answered: false, statusCode: code });
		expect(output.statusDescription).toMatch(description);
	});

	it.each([
		['an undocumented name', 'CONGESTION', { status: 'CONGESTION', statusCode: null }],
		['an undocumented code', 7, { status: null, statusCode: 7 }],
		['an undocumented code as text', '7', { status: null, statusCode: 7 }],
		['no cause', undefined, { status: null, statusCode: null }],
		['an empty cause', '', { status: null, statusCode: null }],
		['a cause of another type', { code: 2 }, { status: null, statusCode: null }],
	])('is event unknown, never callNotAnswered, for %s (issue 23, point 8)', (_, cause, status) => {
		const output = describeBitelWebhook({ ...VOICE, cause, billSec: 0 });
		expect(output).toMatchObject({
			event: 'unknown',
			answered: false,
			id: VOICE.requestId,
			...status,
		});
		expect(output.cause).toEqual(cause);
		expect(output.statusDescription).toMatch(/^Unknown/);
		expect(isWantedEvent(output.event, ['callNotAnswered'])).toBe(false);
	});

	it('words an undocumented cause as Get Status does', () => {
		expect(describeBitelWebhook({ ...VOICE, cause: 'CONGESTION' }).statusDescription).toBe(
			'Unknown status "CONGESTION"',
		);
		expect(describeBitelWebhook({ ...VOICE, cause: 7 }).statusDescription).toBe(
			'Unknown status code 7',
		);
		expect(describeBitelWebhook({ ...VOICE, cause: undefined }).statusDescription).toBe(
			'Unknown: Bitel sent no status',
		);
	});

	it('carries the request ID as id, like SMS events (issue 23, point 8)', () => {
		expect(describeBitelWebhook({ ...VOICE, cause: 'NO_ANSWER' })).toMatchObject({
			event: 'callNotAnswered',
			id: VOICE.requestId,
			requestId: VOICE.requestId,
		});
		expect(describeBitelWebhook({ ...VOICE, id: 'own-id' }).id).toBe('own-id');
	});
});

describe('one call, the same status in Get Status and in the Bitel Trigger (issue 23, point 2)', () => {
	it.each([['NO_ANSWER'], ['NoAnswer'], ['No Answer'], [2], ['2']])('%j', (sent) => {
		const event = describeBitelWebhook({ ...VOICE, cause: sent });
		const checked = withStatusDetails(asCallRecord({ id: VOICE.requestId, status: sent }));
		expect({ status: event.status, statusCode: event.statusCode }).toEqual({
			status: 'NO_ANSWER',
			statusCode: 2,
		});
		expect({ status: checked.status, statusCode: checked.statusCode }).toEqual({
			status: 'NO_ANSWER',
			statusCode: 2,
		});
		expect(event.statusDescription).toBe(checked.statusDescription);
	});
});

describe('Bitel SMS webhook', () => {
	it.each([
		['DELIVERED', 'smsDelivered', 1, true],
		[1, 'smsDelivered', 1, true],
		['Delivered', 'smsDelivered', 1, true],
		['DELIVERY_FAILED', 'smsFailed', 4, false],
		['Delivery Failed', 'smsFailed', 4, false],
		[4, 'smsFailed', 4, false],
		['BLACKLIST', 'smsFailed', 5, false],
		['9', 'smsFailed', 9, false],
		['CHECK_ERROR', 'smsFailed', 10, false],
		['CHECK_OK', 'smsOther', 2, false],
		[0, 'smsOther', 0, false],
	])('deliveryStatus %j is %s', (deliveryStatus, event, code, delivered) => {
		const output = describeBitelWebhook({ ...SMS, deliveryStatus });
		expect(output).toMatchObject({ ...SMS, deliveryStatus, event, statusCode: code, delivered });
		expect(output).not.toHaveProperty('answered');
		expect(typeof output.statusDescription).toBe('string');
	});

	it('names the status from the SMS table', () => {
		expect(describeBitelWebhook({ ...SMS, deliveryStatus: 5 })).toMatchObject({
			status: 'BLACKLIST',
			statusDescription: expect.stringMatching(/^Not sent/),
		});
	});

	it('treats an unknown delivery status as neither delivered nor failed', () => {
		expect(describeBitelWebhook({ ...SMS, deliveryStatus: 'QUEUED' })).toMatchObject({
			event: 'smsOther',
			status: 'QUEUED',
			statusCode: null,
			statusDescription: 'Unknown delivery status "QUEUED"',
		});
	});

	it('recognises SMS by smsCount or batchId alone', () => {
		expect(smsStatusCodeFrom('DELIVERED')).toBe(1);
		expect(bitelWebhookKind({ requestId: 'x', smsCount: 2, cause: 'NORMAL' })).toBe('sms');
		expect(bitelWebhookKind({ requestId: 'x', batchId: 'y' })).toBe('sms');
	});
});

describe('Bitel SMS webhook and Get SMS Status: one IF node serves both', () => {
	const BRANCHED_ON = ['status', 'statusCode', 'delivered', 'final', 'statusDescription'];
	it.each([
		['WAITING', 0],
		['DELIVERED', 1],
		['CHECK_OK', 2],
		['DELIVERY_FAILED', 4],
		['BLACKLIST', 5],
		['ERROR', 9],
		['CHECK_ERROR', 10],
	])('%s: the same status fields, and the SMS ID as id', (name, code) => {
		const event = describeBitelWebhook({ ...SMS, deliveryStatus: name });
		// What Get SMS Status returns for the same SMS (its answer: `status` a name, `statusCode`).
		const status = withSmsStatusDetails({ id: SMS.requestId, status: name, statusCode: code });
		const pick = (json: IDataObject) => Object.fromEntries(BRANCHED_ON.map((k) => [k, json[k]]));
		expect(pick(event)).toEqual(pick(status));
		expect(event.id).toBe(status.id);
	});

	it('keeps an id the payload already has', () => {
		expect(describeBitelWebhook({ ...SMS, id: 'own-id' }).id).toBe('own-id');
	});
});

describe('Bitel webhook kind', () => {
	it.each([
		[{ ...VOICE }, 'voice'],
		[{ requestId: 'x', cause: 'NORMAL' }, 'voice'],
		[{ requestId: 'x', billSec: 0 }, 'voice'],
		[{ ...SMS }, 'sms'],
		[{ requestId: 'x' }, 'unknown'],
		[{}, 'unknown'],
	])('%j is %s', (body, kind) => expect(bitelWebhookKind(body)).toBe(kind));

	it('marks an unclassifiable post as unknown and adds nothing else', () => {
		expect(describeBitelWebhook({ hello: 'world' })).toEqual({ hello: 'world', event: 'unknown' });
	});
});

/** The same webhook with every field name in PascalCase (or upper case), as Bitel's API may send. */
function recased(body: IDataObject, how: (key: string) => string): IDataObject {
	return Object.fromEntries(Object.entries(body).map(([key, value]) => [how(key), value]));
}
const pascal = (key: string) => key[0].toUpperCase() + key.slice(1);
const upper = (key: string) => key.toUpperCase();

describe('Bitel webhook fields in another casing', () => {
	/** What a workflow branches on, without the payload's own fields. */
	const classification = (body: IDataObject) => {
		const { event, answered, delivered, status, statusCode, statusDescription } =
			describeBitelWebhook(body);
		return { event, answered, delivered, status, statusCode, statusDescription };
	};

	it.each([
		['voice, PascalCase', VOICE, pascal],
		['voice, upper case', VOICE, upper],
		['voice busy, PascalCase', { ...VOICE, cause: 'USER_BUSY', billSec: 0 }, pascal],
		['SMS, PascalCase', SMS, pascal],
		['SMS failed, PascalCase', { ...SMS, deliveryStatus: 'DELIVERY_FAILED' }, pascal],
		['SMS failed, upper case', { ...SMS, deliveryStatus: 4 }, upper],
	])('%s is classified like camelCase', (_label, body, how) => {
		expect(classification(recased(body, how))).toEqual(classification(body));
	});

	it('keeps the fields as sent and prefers the documented name when both are there', () => {
		const body = { ...recased(VOICE, pascal), cause: 'NO_ANSWER' };
		const out = describeBitelWebhook(body);
		expect(out).toMatchObject({
			RequestId: VOICE.requestId,
			Cause: VOICE.cause,
			cause: 'NO_ANSWER',
		});
		expect(out).toMatchObject({ event: 'callNotAnswered', status: 'NO_ANSWER' });
	});
});

describe('Events parameter', () => {
	it.each([
		['callAnswered', ['callAnswered'], true],
		['callAnswered', ['callNotAnswered', 'smsFailed'], false],
		['smsOther', ['smsDelivered', 'smsFailed'], false],
		['smsOther', ['*'], true],
		['unknown', ['*'], true],
		['unknown', ['callAnswered', 'callNotAnswered'], false],
		['smsFailed', [], false],
	] as const)('%s with %j: %s', (event, selected, wanted) =>
		expect(isWantedEvent(event, [...selected])).toBe(wanted),
	);
});

describe('safeEqual', () => {
	it.each([
		['same', 'same', true],
		['same', 'Same', false],
		['short', 'a much longer value', false],
		['', '', true],
		['', 'x', false],
		['تست', 'تست', true],
	])('%j vs %j: %s', (a, b, equal) => expect(safeEqual(a, b)).toBe(equal));
});
