'use strict';

/* The codes phones heard: Bitel's OTP call keeps `text`, its OTP SMS keeps `code`, readable as sim.codesHeard() and GET /__sim/bitel/codes. Run: npx jest test/simulator */

const { P, sim, closeAll, request, bitel } = require('./helpers');

const SMS_OTP = '/api/v2/sms/otp';

afterEach(closeAll);

describe('codes heard (OTP call and OTP SMS)', () => {
	test('every accepted OTP call and SMS, in order, with its channel, code and record id', async () => {
		const s = await sim({ bitel: { finalAfterMs: Infinity } });
		const call = (await bitel(s, P.otp, { phoneNumber: '09121234560', text: '04821' })).json.result;
		const other = (await bitel(s, P.otp, { phoneNumber: '09350000001', text: '777' })).json.result;
		const text = (
			await bitel(s, SMS_OTP, { phoneNumber: '09121234560', appName: 'Shop', code: '04821' })
		).json.result;
		const again = (await bitel(s, P.otp, { phoneNumber: '09121234560', text: '55' })).json.result;

		const heard = s.codesHeard('09121234560');
		expect(heard.map(({ channel, code, id }) => ({ channel, code, id }))).toEqual([
			{ channel: 'call', code: '04821', id: call.id },
			{ channel: 'sms', code: '04821', id: text.id },
			{ channel: 'call', code: '55', id: again.id },
		]);
		expect(heard.every((entry) => entry.phoneNumber === '09121234560')).toBe(true);
		expect(heard.map((entry) => entry.seq)).toEqual([1, 3, 4]);
		expect(s.codesHeard('09350000001')).toEqual([
			expect.objectContaining({ channel: 'call', code: '777', id: other.id }),
		]);
		expect(s.codesHeard()).toHaveLength(4);
		expect(s.codesHeard('09129999999')).toEqual([]);
		// The SMS a phone heard is the one Bitel sends, with the same code in its text.
		expect(text.message).toContain('04821');
	});

	test('a refused request or another kind of call or SMS is not heard as a code', async () => {
		const s = await sim({ bitel: { finalAfterMs: Infinity } });
		await bitel(s, P.otp, { phoneNumber: '09121234560', text: '123456' }); // 6 digits: InvalidRequest
		await bitel(s, P.otp, { phoneNumber: '09121234560', text: '1234' }, 'wrong-token');
		await bitel(s, SMS_OTP, { phoneNumber: '09121234560', code: '1234' }); // no appName
		await bitel(s, '/api/v2/voice/single/tts', { phoneNumber: '09121234560', text: '1234' });
		await bitel(s, '/api/v2/sms/single', { phoneNumber: '09121234560', message: '1234' });
		s.injectFault({ path: P.otp, type: 'status', status: 503 });
		await bitel(s, P.otp, { phoneNumber: '09121234560', text: '1234' });
		expect(s.codesHeard()).toEqual([]);
	});

	test('a call placed before the answer was lost is heard all the same', async () => {
		const s = await sim({ bitel: { finalAfterMs: Infinity } });
		s.injectFault({ path: P.otp, type: 'status-after', status: 500 });
		expect((await bitel(s, P.otp, { phoneNumber: '09121234560', text: '31' })).status).toBe(500);
		expect(s.codesHeard('09121234560')).toEqual([
			expect.objectContaining({ channel: 'call', code: '31' }),
		]);
	});

	test('the control API answers the same list, for one number or all', async () => {
		const s = await sim({ bitel: { finalAfterMs: Infinity } });
		await bitel(s, P.otp, { phoneNumber: '09121234560', text: '4821' });
		await bitel(s, SMS_OTP, { phoneNumber: '09350000001', appName: 'Shop', code: '99' });
		const one = await request(s, 'GET', '/__sim/bitel/codes?phoneNumber=09350000001');
		expect(one.status).toBe(200);
		expect(one.json).toEqual(s.codesHeard('09350000001'));
		expect(one.json).toEqual([expect.objectContaining({ channel: 'sms', code: '99' })]);
		expect((await request(s, 'GET', '/__sim/bitel/codes')).json).toEqual(s.codesHeard());
		expect((await request(s, 'GET', '/__sim/bitel/codes')).json).toHaveLength(2);
	});
});
