import { pairBatchRecords, recordPhoneNumber } from '../../nodes/Bitel/helpers/recordPairing';
import {
	asCallRecord,
	statusCodeOf,
	withStatusDetails,
} from '../../nodes/Bitel/helpers/callStatus';
import {
	bitelErrorCode,
	describeBitelError,
	readBitelError,
	UNNAMED_ERROR,
	VALIDATION_PROBLEM,
} from '../../nodes/Bitel/helpers/errorWording';
import { asSmsRecord, withSmsStatusDetails } from '../../nodes/Bitel/helpers/smsStatus';
import { describeBitelWebhook } from '../../nodes/BitelTrigger/events';
import { unwrapEnvelope } from '../../nodes/Bitel/transport';

/** ASP.NET Core's body for a failed model validation (ValidationProblemDetails). */
const ASP_NET_VALIDATION = {
	type: 'https://tools.ietf.org/html/rfc7231#section-6.5.1',
	title: 'One or more validation errors occurred.',
	status: 400,
	traceId: '00-4f1c-01',
	errors: {
		PhoneNumbers: ['The PhoneNumbers field is required.'],
		VoiceId: ['The field VoiceId must be a string.', 'VoiceId is too long.'],
	},
};

describe('Bitel answers in PascalCase', () => {
	it('unwraps {Result, Error} like {result, error}', () => {
		expect(unwrapEnvelope({ Result: { Id: 'a' }, Error: null })).toEqual({
			ok: true,
			result: { Id: 'a' },
		});
		expect(unwrapEnvelope('{"Result":[{"Id":"b"}],"Error":null}')).toEqual({
			ok: true,
			result: [{ Id: 'b' }],
		});
		expect(unwrapEnvelope({ Result: null, Error: 'NotFound' })).toEqual({
			ok: false,
			code: 'NotFound',
		});
		expect(unwrapEnvelope({ Result: null, Error: null })).toEqual({
			ok: false,
			unreadable: true,
		});
	});

	it('reads a PascalCase call record as the documented camelCase one', () => {
		const record = asCallRecord({
			Id: 'c1',
			PhoneNumber: '09121234567',
			Status: 'NoAnswer',
			StatusCode: 2,
			BillSec: 0,
			RequestDate: 1564643999,
		});
		expect(record).toEqual({
			id: 'c1',
			phoneNumber: '09121234567',
			status: 'NO_ANSWER',
			statusCode: 2,
			billSec: 0,
			requestDate: 1564643999,
		});
		expect(withStatusDetails(record)).toMatchObject({ final: true, answered: false });
	});

	it('keeps the camelCase field where both casings came', () => {
		expect(asCallRecord({ statusCode: 1, StatusCode: 0 })).toEqual({
			statusCode: 1,
			status: 'NORMAL',
		});
		expect(asCallRecord({ StatusCode: 0, statusCode: 1 })).toEqual({
			statusCode: 1,
			status: 'NORMAL',
		});
	});

	it.each([
		['NoAnswer', 2],
		['UserBusy', 3],
		['Normal', 1],
		['Waiting', 0],
	])('reads the status name %s without a code', (status, code) => {
		expect(statusCodeOf(asCallRecord({ Status: status }))).toBe(code);
	});
});

describe('a call status: both name and code, whichever Bitel sent (issue 23, point 2)', () => {
	it.each([
		['the name alone', { status: 'USER_BUSY' }],
		['the number alone', { status: 3 }],
		['the number as text alone', { status: '3' }],
		['.NET’s name alone', { status: 'UserBusy' }],
		['the code alone', { statusCode: 3 }],
		['both', { status: 'USER_BUSY', statusCode: 3 }],
	])('%s', (_, sent) => {
		const expected = { status: 'USER_BUSY', statusCode: 3 };
		expect(asCallRecord({ id: 'c1', ...sent })).toEqual({ id: 'c1', ...expected });
		expect(withStatusDetails({ id: 'c1', ...sent })).toEqual({
			id: 'c1',
			...expected,
			final: true,
			answered: false,
			statusDescription: 'Busy: the line was busy',
		});
	});

	it('an undocumented status keeps what Bitel sent; none is null, said so', () => {
		expect(withStatusDetails({ status: 'RINGING' })).toEqual({
			status: 'RINGING',
			statusCode: null,
			final: false,
			answered: false,
			statusDescription: 'Unknown status "RINGING"',
		});
		expect(withStatusDetails({ status: 15 })).toMatchObject({
			status: null,
			statusCode: 15,
			final: true,
			statusDescription: 'Unknown status code 15',
		});
		expect(withStatusDetails({ id: 'c1' })).toEqual({
			id: 'c1',
			status: null,
			statusCode: null,
			final: false,
			answered: false,
			statusDescription: 'Unknown: Bitel sent no status',
		});
	});
});

describe('Bitel error bodies', () => {
	it('reads an error object with a code and a message, and never as a result', () => {
		const body = { result: null, error: { code: 'NoBalance', message: 'Your balance is 0' } };
		expect(readBitelError(body)).toEqual({
			code: 'NoBalance',
			message: 'Your balance is 0',
			fieldErrors: [],
		});
		expect(unwrapEnvelope(body)).toEqual({ ok: false, code: 'NoBalance' });
		expect(unwrapEnvelope({ Result: null, Error: { Code: 'InvalidServer' } })).toEqual({
			ok: false,
			code: 'InvalidServer',
		});
		const wording = describeBitelError(402, 'NoBalance', body);
		expect(wording.message).toBe('Bitel refused the request (NoBalance)');
		expect(wording.description).toContain('Bitel said: "Your balance is 0"');
	});

	it('reads an error object with only a message under a code of ours', () => {
		const body = { result: null, error: { message: 'Project is disabled' } };
		expect(bitelErrorCode(body)).toBe(UNNAMED_ERROR);
		expect(unwrapEnvelope(body)).toEqual({ ok: false, code: UNNAMED_ERROR });
		expect(describeBitelError(400, UNNAMED_ERROR, body).description).toContain(
			'Project is disabled',
		);
	});

	it('reads an ASP.NET validation body, with every field it names', () => {
		const answer = readBitelError(ASP_NET_VALIDATION);
		expect(answer).toEqual({
			code: VALIDATION_PROBLEM,
			message: 'One or more validation errors occurred.',
			fieldErrors: [
				'PhoneNumbers: The PhoneNumbers field is required.',
				'VoiceId: The field VoiceId must be a string.',
				'VoiceId: VoiceId is too long.',
			],
		});
		const wording = describeBitelError(400, bitelErrorCode(ASP_NET_VALIDATION), ASP_NET_VALIDATION);
		expect(wording.message).toBe('Bitel rejected the request as invalid');
		expect(wording.description).toContain('PhoneNumbers: The PhoneNumbers field is required.');
		expect(wording.description).toContain('One or more validation errors occurred.');
	});

	it('never takes a validation body for a result, even with HTTP 200 or as text', () => {
		expect(unwrapEnvelope(ASP_NET_VALIDATION)).toEqual({ ok: false, code: VALIDATION_PROBLEM });
		expect(unwrapEnvelope(JSON.stringify(ASP_NET_VALIDATION))).toEqual({
			ok: false,
			code: VALIDATION_PROBLEM,
		});
		expect(unwrapEnvelope({ title: 'Unsupported Media Type', status: 415, traceId: 'x' })).toEqual({
			ok: false,
			code: VALIDATION_PROBLEM,
		});
	});

	it('prefers a code the validation body carries itself', () => {
		expect(bitelErrorCode({ ...ASP_NET_VALIDATION, errorCode: 'InvalidRequest' })).toBe(
			'InvalidRequest',
		);
	});

	it('reads a bare call record, and empty errors, as no error', () => {
		expect(readBitelError({ id: 'a', status: 'NORMAL', statusCode: 1 })).toBeUndefined();
		expect(readBitelError({ result: { id: 'a' }, error: '' })).toBeUndefined();
		expect(readBitelError({ result: { id: 'a' }, error: {} })).toBeUndefined();
		expect(readBitelError([{ id: 'a' }])).toBeUndefined();
	});

	it('cuts long provider messages and many field errors short', () => {
		const errors: Record<string, string[]> = {};
		for (let i = 0; i < 8; i++) errors[`PhoneNumbers[${i}]`] = ['x'.repeat(500)];
		const description = describeBitelError(400, VALIDATION_PROBLEM, {
			status: 400,
			errors,
		}).description;
		expect(description).toContain('and 3 more');
		expect(description.length).toBeLessThan(1500);
	});
});

describe('batch records matched by phone number', () => {
	const sent = ['09121234567', '09351112233', '09121234567', '02188776655'];

	it.each([
		['+989121234567'],
		['00989121234567'],
		['989121234567'],
		['9121234567'],
		['0912 123 4567'],
		['۰۹۱۲۱۲۳۴۵۶۷'],
		[9121234567],
	])('reads %j as 09121234567', (phoneNumber) => {
		expect(recordPhoneNumber({ phoneNumber })).toBe('09121234567');
		expect(recordPhoneNumber({ PhoneNumber: phoneNumber })).toBe('09121234567');
	});

	it('pairs records in another order and in other forms by their numbers', () => {
		const records = [
			{ id: 'r0', PhoneNumber: '+982188776655' },
			{ id: 'r1', phoneNumber: '9121234567' },
			{ id: 'r2', phoneNumber: '۰۹۳۵۱۱۱۲۲۳۳' },
			{ id: 'r3', phoneNumber: '0098 912 123 4567' },
		];
		expect(pairBatchRecords(sent, records)).toEqual({
			recordIndexFor: [1, 2, 3, 0],
			leftover: [],
			pairedBy: 'number',
		});
	});

	it('never gives two numbers the same record, and returns the records nobody got', () => {
		const records = [
			{ id: 'r0', phoneNumber: '09121234567' },
			{ id: 'r1', phoneNumber: '09351112233' },
			{ id: 'r2', phoneNumber: '09199999999' },
			{ id: 'r3' },
		];
		const pairing = pairBatchRecords(sent, records);
		expect(pairing.recordIndexFor).toEqual([0, 1, undefined, undefined]);
		expect(pairing.leftover).toEqual([2, 3]);
		expect(pairing.pairedBy).toBe('number');
	});

	it('pairs by position only when no record names a readable number and the counts agree', () => {
		const bare = sent.map((_, index) => ({ id: `r${index}` }));
		expect(pairBatchRecords(sent, bare)).toEqual({
			recordIndexFor: [0, 1, 2, 3],
			leftover: [],
			pairedBy: 'position',
		});
		expect(pairBatchRecords(sent, bare.slice(0, 3))).toEqual({
			recordIndexFor: [undefined, undefined, undefined, undefined],
			leftover: [0, 1, 2],
			pairedBy: 'none',
		});
		expect(pairBatchRecords(sent, [...bare, { id: 'extra' }]).leftover).toHaveLength(5);
	});

	it('does not pair by position when one record names a number', () => {
		const records = [
			{ id: 'r0' },
			{ id: 'r1', phoneNumber: '09351112233' },
			{ id: 'r2' },
			{ id: 'r3' },
		];
		expect(pairBatchRecords(sent, records)).toEqual({
			recordIndexFor: [undefined, 1, undefined, undefined],
			leftover: [0, 2, 3],
			pairedBy: 'number',
		});
	});
});

describe('an SMS status in deliveryStatus, or none (issue 23, point 3)', () => {
	it.each([
		['deliveryStatus', { deliveryStatus: 'BLACKLIST' }],
		['deliveryStatusCode', { deliveryStatusCode: 5 }],
		['both', { deliveryStatus: 'Blacklist', deliveryStatusCode: '5' }],
	])('%s is read like status / statusCode', (_, sent) => {
		expect(withSmsStatusDetails({ id: 's1', ...sent })).toEqual({
			id: 's1',
			...sent,
			status: 'BLACKLIST',
			statusCode: 5,
			delivered: false,
			final: true,
			statusDescription: 'Not sent: the user blocked advertising SMS (DND list)',
		});
	});

	it('the SMS Status page’s own sample has no status: null, said so, not final', () => {
		const sample = {
			id: '7123c2cec14c43ac944553f15f3aab18',
			message: 'Hi there',
			phoneNumber: '0912*******',
			requestDate: 1542434545,
			result: 'ok',
			smsCount: 1,
			balanceSubtracted: 100,
		};
		expect(withSmsStatusDetails(sample)).toEqual({
			...sample,
			status: null,
			statusCode: null,
			delivered: false,
			final: false,
			statusDescription: 'Unknown: Bitel sent no delivery status',
		});
	});

	it('an undocumented status code: the same fields in Get SMS Status and the Bitel Trigger', () => {
		const checked = withSmsStatusDetails({ id: 's1', statusCode: 7 });
		const event = describeBitelWebhook({ requestId: 's1', smsCount: 1, deliveryStatus: 7 });
		for (const fields of [checked, event])
			expect(fields).toMatchObject({
				status: null,
				statusCode: 7,
				delivered: false,
				final: false,
				statusDescription: 'Unknown status code 7',
			});
		expect(event.event).toBe('smsOther');
	});
});

describe('requestId is the record’s id when Bitel names it so (issue 23, point 4)', () => {
	it('the API Structure page’s success example', () => {
		expect(asCallRecord({ requestId: '1bd0a75c548dff824344' })).toMatchObject({
			id: '1bd0a75c548dff824344',
			requestId: '1bd0a75c548dff824344',
		});
		expect(asSmsRecord({ RequestId: '1bd0a75c548dff824344' }).id).toBe('1bd0a75c548dff824344');
	});

	it('a v1 Call Detail record (requestId, targetNumber, status name)', () => {
		const v1 = {
			requestId: '1096bc35120e41c7a3935b4c5d658fdc',
			targetNumber: '09124986385',
			status: 'NORMAL',
			billSec: 7,
		};
		expect(withStatusDetails(asCallRecord(v1))).toMatchObject({
			id: v1.requestId,
			status: 'NORMAL',
			statusCode: 1,
			answered: true,
		});
		expect(recordPhoneNumber(asCallRecord(v1))).toBe('09124986385');
	});

	it('an id Bitel sent wins; a requestId that is not text or a number is no id', () => {
		expect(asCallRecord({ id: 'a', requestId: 'b' }).id).toBe('a');
		expect(asCallRecord({ requestId: { x: 1 } })).not.toHaveProperty('id');
	});
});

describe('pairing by number and message (issue 23, point 10)', () => {
	const record = (phoneNumber: string, message?: string) => ({
		phoneNumber,
		...(message === undefined ? {} : { message }),
	});
	const N = '09121234560';

	it('a number sent with two messages takes the record of its own, whatever the order', () => {
		const pairing = pairBatchRecords(
			[N, '09121234561', N],
			[record(N, 'B'), record('09121234561', 'x'), record(N, ' A ')],
			['A', 'x', 'B'],
		);
		expect(pairing.recordIndexFor).toEqual([2, 1, 0]);
		expect(pairing.leftover).toEqual([]);
	});

	it('the one record left goes to the one number left (Bitel changed its text)', () => {
		expect(
			pairBatchRecords([N, N], [record(N, 'B — sent by Bitel'), record(N, 'A')], ['A', 'B'])
				.recordIndexFor,
		).toEqual([1, 0]);
	});

	it('when the messages cannot tell the records apart, none is guessed', () => {
		for (const records of [
			[record(N), record(N)],
			[record(N, 'A!'), record(N, 'B!')],
		]) {
			const pairing = pairBatchRecords([N, N], records, ['A', 'B']);
			expect(pairing.recordIndexFor).toEqual([undefined, undefined]);
			expect(pairing.leftover).toEqual([0, 1]);
		}
		// One missing record: A takes its own, B is left without one, never A's.
		expect(pairBatchRecords([N, N], [record(N, 'A')], ['A', 'B']).recordIndexFor).toEqual([
			0,
			undefined,
		]);
	});

	it('the same message twice, or no messages: in order, as before', () => {
		expect(
			pairBatchRecords([N, N], [record(N, 'A'), record(N, 'A')], ['A', 'A']).recordIndexFor,
		).toEqual([0, 1]);
		expect(pairBatchRecords([N, N], [record(N), record(N)]).recordIndexFor).toEqual([0, 1]);
	});
});
