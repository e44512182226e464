'use strict';

/*
 * The Bitel answer dialects of issue 23 (tools/simulator/bitel-dialect.js): how the simulated
 * Bitel writes statuses, ids and error statuses when told to answer as its other pages show.
 * Run: npx jest test/simulator
 */

const { BITEL_TOKEN, VOICE, P, sim, request, bitel, bitelStatus, closeAll } = require('./helpers');

afterEach(closeAll);

const smsStatus = (s, id) =>
	request(s, 'GET', `/api/v2/sms/status/${id}`, {
		headers: { authorization: `Bearer ${BITEL_TOKEN}` },
	});
const sendSms = (s, phoneNumber) =>
	bitel(s, '/api/v2/sms/single', { message: 'Hi', phoneNumber });

/** A call made and settled (last digit 7: NO_ANSWER), with its id. */
async function noAnswerCall(s) {
	const sent = await bitel(s, P.single, { phoneNumber: '09121234567', voiceId: VOICE });
	await s.bitel.settleAll();
	return sent;
}

describe('bitel.callStatus', () => {
	test("'numeric': call records carry status as the number, without statusCode", async () => {
		const s = await sim({ bitel: { callStatus: 'numeric' } });
		const sent = await noAnswerCall(s);
		expect(sent.json.result).toMatchObject({ status: 0 });
		expect(sent.json.result).not.toHaveProperty('statusCode');
		const status = await bitelStatus(s, sent.json.result.id);
		expect(status.json).toMatchObject({ id: sent.json.result.id, status: 2 });
		expect(status.json).not.toHaveProperty('statusCode');
	});

	test("'name': status as .NET writes the enum member (NoAnswer), without statusCode", async () => {
		const s = await sim({ bitel: { callStatus: 'name' } });
		const sent = await noAnswerCall(s);
		expect(sent.json.result.status).toBe('Waiting');
		const status = await bitelStatus(s, sent.json.result.id);
		expect(status.json.status).toBe('NoAnswer');
		expect(status.json).not.toHaveProperty('statusCode');
	});
});

describe('bitel.smsStatus', () => {
	test("'delivery': SMS Status names the status deliveryStatus and deliveryStatusCode", async () => {
		const s = await sim({ bitel: { smsStatus: 'delivery', finalAfterMs: 0 } });
		const sent = await sendSms(s, '09121234560');
		const { json } = await smsStatus(s, sent.json.result.id);
		expect(json.result).toMatchObject({ deliveryStatus: 'DELIVERED', deliveryStatusCode: 1 });
		expect(json.result).not.toHaveProperty('status');
		expect(json.result).not.toHaveProperty('statusCode');
		// The send answer is not a status answer: unchanged.
		expect(sent.json.result).toMatchObject({ status: 0, statusText: 'Waiting' });
	});

	test("'none': SMS Status answers the page's own sample, with no status at all", async () => {
		const s = await sim({ bitel: { smsStatus: 'none', finalAfterMs: 0 } });
		const sent = await sendSms(s, '09121234560');
		const { json } = await smsStatus(s, sent.json.result.id);
		expect(Object.keys(json.result).sort()).toEqual([
			'balanceSubtracted',
			'id',
			'message',
			'phoneNumber',
			'requestDate',
			'result',
			'smsCount',
		]);
		expect(json.result.result).toBe('ok');
	});
});

describe('bitel.recordId', () => {
	test("'requestId': every record names its id requestId, in send and status answers", async () => {
		const s = await sim({ bitel: { recordId: 'requestId', finalAfterMs: 0 } });
		const call = await bitel(s, P.batch, {
			phoneNumbers: ['09121234560', '09121234561'],
			voiceId: VOICE,
		});
		for (const record of call.json.result) {
			expect(record.requestId).toMatch(/^[0-9a-f]{32}$/);
			expect(record).not.toHaveProperty('id');
		}
		const status = await bitelStatus(s, call.json.result[0].requestId);
		expect(status.json.requestId).toBe(call.json.result[0].requestId);
		const sms = await sendSms(s, '09121234560');
		expect(sms.json.result).toHaveProperty('requestId');
		const smsAnswer = await smsStatus(s, sms.json.result.requestId);
		expect(smsAnswer.json.result.requestId).toBe(sms.json.result.requestId);
	});
});

describe('bitel.notFoundStatus and bitel.rejectionStatus', () => {
	test('NotFound with the configured status; other errors unchanged', async () => {
		const s = await sim({ bitel: { notFoundStatus: 400 } });
		const missing = await bitelStatus(s, 'f'.repeat(32));
		expect(missing.status).toBe(400);
		expect(missing.json).toEqual({ result: null, error: 'NotFound' });
		expect((await bitelStatus(s, 'f'.repeat(32), 'wrong')).status).toBe(401);
	});

	test('a rejection with a 3xx status, Bitel’s error code and no Location', async () => {
		const s = await sim({ bitel: { rejectionStatus: 300 } });
		const refused = await bitel(s, P.single, { phoneNumber: '12', voiceId: VOICE });
		expect(refused.status).toBe(300);
		expect(refused.headers.get('location')).toBeNull();
		expect(refused.json).toEqual({ result: null, error: 'InvalidRequest' });
		expect(s.bitel.calls.size).toBe(0);
	});

	test.each([
		[{ notFoundStatus: 401 }, /notFoundStatus/],
		[{ notFoundStatus: 200 }, /notFoundStatus/],
		[{ rejectionStatus: 500 }, /rejectionStatus/],
		[{ callStatus: 'code' }, /callStatus/],
	])('%j is refused at start', async (bitelOptions, message) => {
		await expect(sim({ bitel: bitelOptions })).rejects.toThrow(message);
	});
});

describe('setDialect', () => {
	test('changes the dialect of a running simulator, checked; other options are not dialects', async () => {
		const s = await sim({});
		const sent = await noAnswerCall(s);
		s.bitel.setDialect({ callStatus: 'numeric' });
		expect((await bitelStatus(s, sent.json.result.id)).json.status).toBe(2);
		s.bitel.setDialect({ callStatus: 'documented' });
		expect((await bitelStatus(s, sent.json.result.id)).json.status).toBe('NO_ANSWER');
		expect(() => s.bitel.setDialect({ callStatus: 'nope' })).toThrow(/callStatus/);
		expect(() => s.bitel.setDialect({ finalAfterMs: 0 })).toThrow(/not a dialect option/);
	});
});
