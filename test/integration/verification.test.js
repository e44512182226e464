/**
 * The Verification resource against the simulator: what Bitel receives (the code as the phone
 * hears it), the fallback SMS, every Check Code status, Resend Code, the send limit, and Retry On
 * Fail after a failure that may have placed the call.
 */
const { startSimulator, DEFAULTS } = require('../../tools/simulator');
const { runNode, runNodeWithRetryOnFail } = require('../../tools/n8n-context');
const { Bitel } = require('../../nodes/Bitel/Bitel.node');
const { BitelApi } = require('../../credentials/BitelApi.credentials');
const { verificationMemory } = require('../../nodes/Bitel/helpers/verificationMemory');
const {
	sealVerificationToken,
	verificationKey,
	newVerificationId,
} = require('../../nodes/Bitel/helpers/verificationToken');

const TOKEN = DEFAULTS.bitel.token;
const ANSWERS = '09121234561'; // the simulator answers numbers ending in 1
const NO_ANSWER = '09121234567'; // … and lets numbers ending in 7 go unanswered

let sim;

beforeAll(async () => {
	sim = await startSimulator({ port: 0, seed: 11, bitel: { finalAfterMs: 300 } });
});
afterAll(async () => {
	await sim.close();
});
beforeEach(() => {
	sim.clearLog();
	sim.clearFaults();
	verificationMemory.clear();
});

function bitel(parameters, extra = {}) {
	const run = {
		parameters: { resource: 'verification', ...parameters },
		credentials: { bitelApi: { apiToken: extra.token ?? TOKEN, baseUrl: sim.url } },
		credentialTypes: { bitelApi: new BitelApi() },
		continueOnFail: extra.continueOnFail,
		items: extra.items,
		asTool: extra.asTool,
	};
	return extra.retry ? runNodeWithRetryOnFail(Bitel, run) : runNode(Bitel, run);
}

const requests = (path) => sim.requests({ provider: 'bitel' }).filter((r) => r.path === path);
const calls = () => requests('/api/v2/voice/otp');
const messages = () => requests('/api/v2/sms/otp');

async function sendCode(parameters, extra) {
	return await bitel({ operation: 'send', appName: 'MyApp', ...parameters }, extra);
}

async function check(token, code, options = {}, extra = {}) {
	const run = await bitel({ operation: 'check', token, code, options }, extra);
	expect(run.error).toBeUndefined();
	return run.items[0].json;
}

function heardCode(phoneNumber) {
	const heard = sim.codesHeard(phoneNumber);
	return heard[heard.length - 1].code;
}

describe('Send Code', () => {
	test('by call, answered: one OTP call reading a 5-digit code, no SMS, and the token', async () => {
		const run = await sendCode({ phoneNumber: '+98 912 123 4561', fallbackAfter: 10 });
		expect(run.error).toBeUndefined();
		expect(calls()).toHaveLength(1);
		expect(messages()).toHaveLength(0);
		const [call] = calls();
		expect(call.method).toBe('POST');
		expect(call.headers.authorization).toBe(`Bearer ${TOKEN}`);
		expect(call.body).toEqual({ phoneNumber: ANSWERS, text: expect.stringMatching(/^\d{5}$/) });
		const json = run.items[0].json;
		expect(json).toEqual({
			verificationId: expect.stringMatching(/^[0-9a-f]{32}$/),
			token: expect.stringMatching(/^bv1\./),
			phoneNumber: ANSWERS,
			expiresAt: expect.any(String),
			channel: 'call',
			callId: expect.any(String),
			callAnswered: true,
		});
		expect(JSON.stringify(json)).not.toContain(call.body.text);
		expect(Date.parse(json.expiresAt) - Date.now()).toBeGreaterThan(290_000);
		expect((await check(json.token, call.body.text)).status).toBe('approved');
	});

	test('by call, not answered: the same code by OTP SMS once, after the call ended', async () => {
		const run = await sendCode({ phoneNumber: NO_ANSWER, fallbackAfter: 10 });
		expect(run.error).toBeUndefined();
		expect(calls()).toHaveLength(1);
		expect(messages()).toHaveLength(1);
		expect(messages()[0].body).toEqual({
			phoneNumber: NO_ANSWER,
			appName: 'MyApp',
			code: calls()[0].body.text,
		});
		expect(run.items[0].json).toMatchObject({ channel: 'sms', callAnswered: false });
		expect(run.items[0].json.smsId).toEqual(expect.any(String));
		expect(sim.codesHeard(NO_ANSWER).map((heard) => heard.channel)).toEqual(['call', 'sms']);
	});

	test('by SMS: one OTP SMS, no call; Include Code returns the code', async () => {
		const run = await sendCode({
			phoneNumber: ANSWERS,
			channel: 'sms',
			options: { codeLength: 8, includeCode: true },
		});
		expect(run.error).toBeUndefined();
		expect(calls()).toHaveLength(0);
		expect(messages()).toHaveLength(1);
		expect(messages()[0].body.code).toMatch(/^\d{8}$/);
		expect(run.items[0].json).toMatchObject({ channel: 'sms', code: messages()[0].body.code });
	});

	test('as an AI agent’s tool: no code in the output, even with Include Code', async () => {
		const run = await sendCode(
			{ phoneNumber: ANSWERS, channel: 'sms', options: { includeCode: true } },
			{ asTool: true },
		);
		expect(run.error).toBeUndefined();
		expect(run.items[0].json.code).toBeUndefined();
		expect(JSON.stringify(run.items[0].json)).not.toContain(messages()[0].body.code);
	});

	test('a landline when an SMS may go out is refused; without fallback a call takes it', async () => {
		const refused = await sendCode({ phoneNumber: '02188776655' });
		expect(refused.error.message).toMatch(/^Phone Number: "02188776655" is a landline number/);
		expect(sim.requests({ provider: 'bitel' })).toHaveLength(0);
		const called = await sendCode({ phoneNumber: '02188776651', fallbackToSms: false });
		expect(called.error).toBeUndefined();
		expect(calls()[0].body.phoneNumber).toBe('02188776651');
	});

	test('a code longer than a call can read, or a missing App Name, is refused before anything is sent', async () => {
		const tooLong = await sendCode({ phoneNumber: ANSWERS, options: { codeLength: 6 } });
		expect(tooLong.error.message).toMatch(/^Code Length: 6 digits cannot be read/);
		const noApp = await sendCode({ phoneNumber: ANSWERS, appName: '' });
		expect(noApp.error.message).toMatch(/^App Name: is empty/);
		expect(sim.requests({ provider: 'bitel' })).toHaveLength(0);
	});

	test('over Max Sends per Hour: an error item for that number, nothing sent for it', async () => {
		const first = await sendCode({
			phoneNumber: ANSWERS,
			fallbackToSms: false,
			options: { maxSendsPerHour: 1 },
		});
		expect(first.error).toBeUndefined();
		const second = await sendCode(
			{ phoneNumber: ANSWERS, fallbackToSms: false, options: { maxSendsPerHour: 1 } },
			{ continueOnFail: true },
		);
		expect(second.items[0].json.error).toMatch(/^Max Sends per Hour: 09121234561 was sent 1 codes/);
		expect(second.items[0].pairedItem).toEqual({ item: 0 });
		expect(calls()).toHaveLength(1);
	});

	test('Retry On Fail after a 500 that placed the call: no second call, one fallback SMS', async () => {
		sim.injectFault({ path: '/api/v2/voice/otp', type: 'status-after', status: 500 });
		sim.injectFault({ path: '/api/v2/sms/otp', type: 'status-after', status: 500 });
		const run = await sendCode({ phoneNumber: ANSWERS }, { retry: true });
		expect(run.tries).toHaveLength(3);
		expect(calls()).toHaveLength(1);
		expect(messages()).toHaveLength(1);
		expect(run.error.message).toMatch(/^Bitel may have sent the SMS/);
		expect(run.error.description).toMatch(/An earlier try of this node/);
	});
});

describe('Check Code', () => {
	async function sent(phoneNumber = ANSWERS, options = {}) {
		const run = await sendCode({ phoneNumber, fallbackToSms: false, options });
		expect(run.error).toBeUndefined();
		return { token: run.items[0].json.token, code: heardCode(phoneNumber) };
	}
	const wrong = (code) => (code === '00000' ? '11111' : '00000');

	test('a wrong code counts down, then tooManyAttempts even with the right code', async () => {
		const { token, code } = await sent();
		expect(await check(token, wrong(code), { maxAttempts: 2 })).toMatchObject({
			approved: false,
			status: 'wrongCode',
			attemptsLeft: 1,
		});
		expect(await check(token, wrong(code), { maxAttempts: 2 })).toMatchObject({
			status: 'wrongCode',
			attemptsLeft: 0,
		});
		expect(await check(token, code, { maxAttempts: 2 })).toMatchObject({
			approved: false,
			status: 'tooManyAttempts',
		});
	});

	test('approved once, then alreadyUsed; Persian digits and spaces are the same code', async () => {
		const { token, code } = await sent();
		const persian = [...code].map((digit) => String.fromCharCode(0x06f0 + Number(digit))).join(' ');
		expect(await check(token, persian)).toEqual({
			approved: true,
			status: 'approved',
			attemptsLeft: 0,
			verificationId: expect.stringMatching(/^[0-9a-f]{32}$/),
			phoneNumber: ANSWERS,
		});
		expect(await check(token, code)).toMatchObject({ approved: false, status: 'alreadyUsed' });
	});

	test('invalidToken: not a token, another credential’s, another number; expired', async () => {
		const { token, code } = await sent();
		expect((await check('bv1.AAAA', code)).status).toBe('invalidToken');
		expect((await check(token, code, {}, { token: 'another-api-token' })).status).toBe(
			'invalidToken',
		);
		expect((await check(token, code, { phoneNumber: '09350000000' })).status).toBe('invalidToken');
		expect((await check(token, code, { phoneNumber: '+98 912 123 4561' })).status).toBe('approved');
		const now = Date.now();
		const expired = sealVerificationToken(
			{
				verificationId: newVerificationId(),
				phoneNumber: ANSWERS,
				code: '12345',
				issuedAt: now - 60_000,
				expiresAt: now - 1,
			},
			verificationKey(TOKEN),
		);
		expect(await check(expired, '12345')).toMatchObject({ approved: false, status: 'expired' });
	});

	test('as an AI agent’s tool: only the status fields', async () => {
		const { token, code } = await sent();
		const run = await bitel({ operation: 'check', token, code }, { asTool: true });
		expect(run.items[0].json).toEqual({ approved: true, status: 'approved', attemptsLeft: 0 });
	});

	test('only a blank token or code is an error', async () => {
		const run = await bitel({ operation: 'check', token: '', code: '12345' });
		expect(run.error.message).toMatch(/^Token: is empty/);
	});
});

describe('Resend Code', () => {
	test('the same code again by SMS, the same id and expiry, counted in the limit', async () => {
		const first = await sendCode({ phoneNumber: ANSWERS, fallbackToSms: false });
		const { token, verificationId, expiresAt } = first.items[0].json;
		const run = await bitel({ operation: 'resend', token, channel: 'sms', appName: 'MyApp' });
		expect(run.error).toBeUndefined();
		expect(messages()[0].body).toEqual({
			phoneNumber: ANSWERS,
			appName: 'MyApp',
			code: calls()[0].body.text,
		});
		expect(run.items[0].json).toEqual({
			verificationId,
			token,
			phoneNumber: ANSWERS,
			expiresAt,
			channel: 'sms',
			smsId: expect.any(String),
		});
		const limited = await bitel(
			{ operation: 'resend', token, channel: 'call', options: { maxSendsPerHour: 2 } },
			{ continueOnFail: true },
		);
		expect(limited.items[0].json.error).toMatch(/^Max Sends per Hour/);
		expect(calls()).toHaveLength(1);
	});

	test('a used, locked or foreign token is an error and nothing is sent', async () => {
		const first = await sendCode({ phoneNumber: ANSWERS, fallbackToSms: false });
		const { token } = first.items[0].json;
		const second = await sendCode({ phoneNumber: '09121234571', fallbackToSms: false });
		const lockedToken = second.items[0].json.token;
		const code = heardCode(ANSWERS);
		await check(token, code);
		await check(lockedToken, '00000', { maxAttempts: 1 });
		sim.clearLog();
		const used = await bitel({ operation: 'resend', token, channel: 'call' });
		expect(used.error.message).toMatch(/^Token: its code was already approved/);
		const locked = await bitel({ operation: 'resend', token: lockedToken, channel: 'call' });
		expect(locked.error.message).toMatch(
			/^Token: its verification is locked after too many wrong codes/,
		);
		const foreign = await bitel({ operation: 'resend', token: 'bv1.xyz', channel: 'call' });
		expect(foreign.error.message).toMatch(
			/^Token: is not a verification token of this Bitel credential/,
		);
		expect(sim.requests({ provider: 'bitel' })).toHaveLength(0);
	});
});

describe('Send Code when the call is not answered in time', () => {
	let slow;
	beforeAll(async () => {
		slow = await startSimulator({ port: 0, seed: 12, bitel: { finalAfterMs: 60_000 } });
	});
	afterAll(async () => {
		await slow.close();
	});

	test('still ringing after Fallback After: the same code by SMS, callAnswered false', async () => {
		const started = Date.now();
		const run = await runNode(Bitel, {
			parameters: {
				resource: 'verification',
				operation: 'send',
				phoneNumber: ANSWERS,
				appName: 'MyApp',
				fallbackAfter: 10,
			},
			credentials: { bitelApi: { apiToken: TOKEN, baseUrl: slow.url } },
			credentialTypes: { bitelApi: new BitelApi() },
		});
		expect(run.error).toBeUndefined();
		expect(Date.now() - started).toBeGreaterThanOrEqual(10_000);
		expect(run.items[0].json).toMatchObject({ channel: 'sms', callAnswered: false });
		const heard = slow.codesHeard(ANSWERS);
		expect(heard.map((entry) => entry.channel)).toEqual(['call', 'sms']);
		expect(heard[1].code).toBe(heard[0].code);
	}, 30_000);
});
