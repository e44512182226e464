import {
	MAX_PHONE_NUMBERS,
	MAX_SENDS_PER_HOUR_LIMIT,
	MAX_VERIFICATIONS,
	SEND_WINDOW_MS,
	SWEEP_STEP,
	VerificationMemory,
	verificationMemory,
} from '../../nodes/Bitel/helpers/verificationMemory';

const T0 = 1_767_000_000_000;
const MINUTE = 60_000;
const SCOPE = 'credential-a';

const send = (
	memory: VerificationMemory,
	verificationId: string,
	now: number,
	overrides: Partial<Parameters<VerificationMemory['registerSend']>[0]> = {},
) =>
	memory.registerSend(
		{
			scope: SCOPE,
			phoneNumber: '09121234567',
			verificationId,
			expiresAt: now + 5 * MINUTE,
			maxSendsPerHour: 5,
			...overrides,
		},
		now,
	);

const check = (
	memory: VerificationMemory,
	verificationId: string,
	codeMatches: boolean,
	now = T0,
	maxAttempts = 3,
) =>
	memory.checkCode({ verificationId, expiresAt: T0 + 5 * MINUTE, maxAttempts, codeMatches }, now);

/** The answers to checks of one verification with the right (true) or a wrong code, in order. */
const answers = (memory: VerificationMemory, verificationId: string, codes: boolean[]) =>
	codes.map((codeMatches) => {
		const { status, attemptsLeft } = check(memory, verificationId, codeMatches);
		return `${status} ${attemptsLeft}`;
	});

describe('verification memory: attempts and single use', () => {
	test.each([
		[
			'wrong codes count down to 0, then even the right code is tooManyAttempts',
			[false, false, false, true, false],
			'wrongCode 2, wrongCode 1, wrongCode 0, tooManyAttempts 0, tooManyAttempts 0',
			'tooManyAttempts',
		],
		[
			'the right code is approved once; every later check is alreadyUsed',
			[false, true, true, false],
			'wrongCode 2, approved 0, alreadyUsed 0, alreadyUsed 0',
			'alreadyUsed',
		],
	])('%s', (_name, codes, expected, resendRefusal) => {
		const memory = new VerificationMemory();
		send(memory, 'v1', T0);
		expect(answers(memory, 'v1', codes).join(', ')).toBe(expected);
		expect(memory.mayResend('v1', 3, T0)).toEqual({ allowed: false, reason: resendRefusal });
	});

	test('a verification this process never sent (another worker, a restart) starts fresh', () => {
		const memory = new VerificationMemory();
		expect(memory.mayResend('elsewhere', 3, T0)).toEqual({ allowed: true });
		expect(check(memory, 'elsewhere', false)).toEqual({ status: 'wrongCode', attemptsLeft: 2 });
		expect(check(memory, 'elsewhere', true)).toEqual({ status: 'approved', attemptsLeft: 0 });
	});

	test('verifications do not share attempts; Max Attempts 1 locks after one wrong code', () => {
		const memory = new VerificationMemory();
		expect(check(memory, 'a', false, T0, 1)).toEqual({ status: 'wrongCode', attemptsLeft: 0 });
		expect(check(memory, 'a', true, T0, 1)).toEqual({ status: 'tooManyAttempts', attemptsLeft: 0 });
		expect(check(memory, 'b', true, T0, 1)).toEqual({ status: 'approved', attemptsLeft: 0 });
		expect(memory.mayResend('c', 1, T0)).toEqual({ allowed: true });
	});

	test('a verification a check locked stays locked for Resend, whatever Max Attempts it asks with', () => {
		const memory = new VerificationMemory();
		expect(check(memory, 'a', false, T0, 1)).toEqual({ status: 'wrongCode', attemptsLeft: 0 });
		expect(memory.mayResend('a', Number.MAX_SAFE_INTEGER, T0)).toEqual({
			allowed: false,
			reason: 'tooManyAttempts',
		});
		expect(memory.mayResend('b', Number.MAX_SAFE_INTEGER, T0)).toEqual({ allowed: true });
	});

	test('refuses a Max Attempts or Max Sends per Hour that is not a whole number in range', () => {
		const memory = new VerificationMemory();
		for (const maxAttempts of [0, -1, 1.5, Number.NaN])
			expect(() => check(memory, 'v', true, T0, maxAttempts)).toThrow(RangeError);
		for (const maxSendsPerHour of [-1, 2.5, MAX_SENDS_PER_HOUR_LIMIT + 1])
			expect(() => send(memory, 'v', T0, { maxSendsPerHour })).toThrow(RangeError);
	});
});

describe('verification memory: sends per number per hour', () => {
	test('allows Max Sends per Hour in any hour, then says when the next one is allowed', () => {
		const memory = new VerificationMemory();
		const longLived = { expiresAt: T0 + 3 * SEND_WINDOW_MS };
		const at = [0, 10, 20, 30, 40].map((minutes) => T0 + minutes * MINUTE);
		at.forEach((now, index) =>
			expect(send(memory, `v${index}`, now, longLived)).toEqual({
				allowed: true,
				sendsInLastHour: index + 1,
			}),
		);
		const over = send(memory, 'v5', T0 + 50 * MINUTE, longLived);
		expect(over).toEqual({
			allowed: false,
			sendsInLastHour: 5,
			nextSendAt: at[0] + SEND_WINDOW_MS,
		});
		// Refused sends are not counted, and their verification is not remembered.
		expect(memory.size()).toEqual({ verifications: 5, phoneNumbers: 1, sendTimes: 5 });
		const stillOver = send(memory, 'v5', at[0] + SEND_WINDOW_MS - 1, longLived);
		expect(stillOver).toMatchObject({ allowed: false });
		expect(send(memory, 'v5', at[0] + SEND_WINDOW_MS, longLived)).toEqual({
			allowed: true,
			sendsInLastHour: 5,
		});
		expect(memory.size().verifications).toBe(6);
		expect(send(memory, 'v6', at[0] + SEND_WINDOW_MS + 1, longLived)).toEqual({
			allowed: false,
			sendsInLastHour: 5,
			nextSendAt: at[1] + SEND_WINDOW_MS,
		});
	});

	test('a resend of the same verification counts as a send', () => {
		const memory = new VerificationMemory();
		expect(send(memory, 'v', T0, { maxSendsPerHour: 2 })).toMatchObject({ allowed: true });
		expect(send(memory, 'v', T0 + 1, { maxSendsPerHour: 2 })).toMatchObject({ allowed: true });
		expect(send(memory, 'v', T0 + 2, { maxSendsPerHour: 2 })).toMatchObject({ allowed: false });
	});

	test('0 is no limit', () => {
		const memory = new VerificationMemory();
		for (let index = 0; index < 50; index++)
			expect(send(memory, `v${index}`, T0 + index, { maxSendsPerHour: 0 })).toEqual({
				allowed: true,
				sendsInLastHour: index + 1,
			});
	});

	test('numbers and credential scopes do not share a limit', () => {
		const memory = new VerificationMemory();
		const one = { maxSendsPerHour: 1 };
		expect(send(memory, 'a', T0, one)).toMatchObject({ allowed: true });
		expect(send(memory, 'b', T0, one)).toMatchObject({ allowed: false });
		expect(send(memory, 'c', T0, { ...one, phoneNumber: '09350000000' })).toMatchObject({
			allowed: true,
		});
		expect(send(memory, 'd', T0, { ...one, scope: 'credential-b' })).toMatchObject({
			allowed: true,
		});
		expect(send(memory, 'e', T0, { ...one, scope: 'credential-b' })).toMatchObject({
			allowed: false,
		});
	});

	test('keeps at most the history the highest limit needs', () => {
		const memory = new VerificationMemory();
		for (let index = 0; index < MAX_SENDS_PER_HOUR_LIMIT + 20; index++)
			send(memory, `v${index}`, T0 + index, { maxSendsPerHour: 0 });
		expect(memory.size().sendTimes).toBe(MAX_SENDS_PER_HOUR_LIMIT);
		expect(
			send(memory, 'x', T0 + 500, { maxSendsPerHour: MAX_SENDS_PER_HOUR_LIMIT }),
		).toMatchObject({ allowed: false, sendsInLastHour: MAX_SENDS_PER_HOUR_LIMIT });
	});
});

describe('verification memory: bounds', () => {
	test('a verification leaves when it expires; a number an hour after its last send', () => {
		const memory = new VerificationMemory();
		send(memory, 'v', T0, { expiresAt: T0 + 5 * MINUTE });
		expect(check(memory, 'v', false)).toMatchObject({ status: 'wrongCode' });
		expect(memory.size()).toEqual({ verifications: 1, phoneNumbers: 1, sendTimes: 1 });
		memory.mayResend('other', 3, T0 + 5 * MINUTE - 1);
		expect(memory.size().verifications).toBe(1);
		memory.mayResend('other', 3, T0 + 5 * MINUTE);
		expect(memory.size()).toEqual({ verifications: 0, phoneNumbers: 1, sendTimes: 1 });
		memory.mayResend('other', 3, T0 + SEND_WINDOW_MS - 1);
		expect(memory.size().phoneNumbers).toBe(1);
		memory.mayResend('other', 3, T0 + SEND_WINDOW_MS);
		expect(memory.size()).toEqual({ verifications: 0, phoneNumbers: 0, sendTimes: 0 });
	});

	test('verifications leave in order of expiry, whatever order they were sent in', () => {
		const memory = new VerificationMemory();
		const lifetimes = [30, 86_400, 300, 60, 3_600, 45];
		lifetimes.forEach((seconds, index) =>
			send(memory, `v${index}`, T0, { expiresAt: T0 + seconds * 1000, maxSendsPerHour: 0 }),
		);
		const sorted = [...lifetimes].sort((a, b) => a - b);
		sorted.forEach((seconds, index) => {
			memory.mayResend('x', 3, T0 + seconds * 1000 - 1);
			expect(memory.size().verifications).toBe(lifetimes.length - index);
			memory.mayResend('x', 3, T0 + seconds * 1000);
			expect(memory.size().verifications).toBe(lifetimes.length - index - 1);
		});
	});

	test('past the cap, the verification that expires soonest is forgotten first', () => {
		const memory = new VerificationMemory(3, 100);
		send(memory, 'long', T0, { expiresAt: T0 + 60 * MINUTE, maxSendsPerHour: 0 });
		send(memory, 'short', T0, { expiresAt: T0 + 1 * MINUTE, maxSendsPerHour: 0 });
		send(memory, 'mid', T0, { expiresAt: T0 + 10 * MINUTE, maxSendsPerHour: 0 });
		check(memory, 'short', false);
		check(memory, 'mid', false);
		send(memory, 'new', T0, { expiresAt: T0 + 5 * MINUTE, maxSendsPerHour: 0 });
		expect(memory.size().verifications).toBe(3);
		// 'short' was forgotten (its attempt too); 'mid' was not.
		expect(check(memory, 'short', false)).toEqual({ status: 'wrongCode', attemptsLeft: 2 });
		expect(check(memory, 'mid', false)).toEqual({ status: 'wrongCode', attemptsLeft: 1 });
		expect(memory.size().verifications).toBe(3);
	});

	test('past the cap of numbers, the least recently sent is forgotten first', () => {
		const memory = new VerificationMemory(100, 2);
		const one = { maxSendsPerHour: 1 };
		send(memory, 'a', T0, { ...one, phoneNumber: '09120000001' });
		send(memory, 'b', T0 + 1, { ...one, phoneNumber: '09120000002' });
		send(memory, 'c', T0 + 2, { ...one, phoneNumber: '09120000003' });
		expect(memory.size().phoneNumbers).toBe(2);
		expect(send(memory, 'd', T0 + 3, { ...one, phoneNumber: '09120000001' })).toMatchObject({
			allowed: true,
		});
		expect(send(memory, 'e', T0 + 4, { ...one, phoneNumber: '09120000003' })).toMatchObject({
			allowed: false,
		});
	});

	test('the caps are exported and hold 100,000 open verifications', () => {
		expect(MAX_VERIFICATIONS).toBeGreaterThanOrEqual(100_000);
		expect(MAX_PHONE_NUMBERS).toBeGreaterThanOrEqual(100_000);
	});

	test('one call removes at most SWEEP_STEP expired entries of each kind: the cost is spread', () => {
		const memory = new VerificationMemory();
		const count = 10 * SWEEP_STEP + 5;
		for (let index = 0; index < count; index++)
			send(memory, `v${index}`, T0, {
				phoneNumber: `0912${String(index).padStart(7, '0')}`,
				expiresAt: T0 + MINUTE,
			});
		expect(memory.size()).toMatchObject({ verifications: count, phoneNumbers: count });
		const later = T0 + SEND_WINDOW_MS;
		const calls = Math.ceil(count / SWEEP_STEP);
		for (let call = 1; call <= calls; call++) {
			memory.mayResend('x', 3, later);
			const left = Math.max(0, count - call * SWEEP_STEP);
			expect(memory.size()).toEqual({ verifications: left, phoneNumbers: left, sendTimes: left });
		}
	});

	test('an expired entry not yet swept does not answer for a new one', () => {
		const memory = new VerificationMemory();
		send(memory, 'v', T0, { expiresAt: T0 + MINUTE });
		expect(check(memory, 'v', true)).toMatchObject({ status: 'approved' });
		// Expired: the caller answers `expired` and never asks; the entry goes on the next call.
		memory.mayResend('x', 3, T0 + MINUTE);
		expect(memory.size().verifications).toBe(0);
	});

	test('the process-wide memory is one instance, and clear() empties it', () => {
		send(verificationMemory, 'shared', T0);
		expect(verificationMemory.size().verifications).toBe(1);
		verificationMemory.clear();
		expect(verificationMemory.size()).toEqual({ verifications: 0, phoneNumbers: 0, sendTimes: 0 });
	});
});
