import {
	newVerificationId,
	openVerificationToken,
	sealVerificationToken,
	VERIFICATION_TOKEN_PREFIX,
	verificationExpired,
	verificationKey,
	type VerificationClaims,
} from '../../nodes/Bitel/helpers/verificationToken';

const SAMPLE_BEARER = 'bitel-api-token-0123456789abcdef';
const key = verificationKey(SAMPLE_BEARER);

const claims = (overrides: Partial<VerificationClaims> = {}): VerificationClaims => ({
	verificationId: newVerificationId(),
	phoneNumber: '09121234567',
	code: '48213',
	issuedAt: 1_767_000_000_000,
	expiresAt: 1_767_000_300_000,
	...overrides,
});

/** The token's bytes after the prefix. */
const decode = (token: string) =>
	Buffer.from(token.slice(VERIFICATION_TOKEN_PREFIX.length), 'base64url');
const encode = (bytes: Buffer) => VERIFICATION_TOKEN_PREFIX + bytes.toString('base64url');

describe('verification token', () => {
	test('opens to exactly the claims it was sealed with, expiry to the millisecond', () => {
		const sealed = claims({ issuedAt: 1_767_000_000_123, expiresAt: 1_767_086_400_123 });
		const token = sealVerificationToken(sealed, key);
		expect(openVerificationToken(token, key)).toEqual(sealed);
		// Another process with the same credential derives the same key.
		expect(openVerificationToken(token, verificationKey(`${SAMPLE_BEARER}`))).toEqual(sealed);
	});

	test('round-trips landline numbers, 4- to 10-digit codes and leading zeros', () => {
		for (const code of ['0000', '0123456789', '00001']) {
			const sealed = claims({ phoneNumber: '02188776655', code });
			expect(openVerificationToken(sealVerificationToken(sealed, key), key)).toEqual(sealed);
		}
	});

	test('is URL-safe text with a readable prefix, compact, and new each time', () => {
		const sealed = claims();
		const token = sealVerificationToken(sealed, key);
		expect(token).toMatch(/^bv1\.[A-Za-z0-9_-]+$/);
		expect(token.length).toBeLessThanOrEqual(110);
		// A fresh IV per token: the same claims never give the same text.
		expect(sealVerificationToken(sealed, key)).not.toBe(token);
	});

	test('the id is 128 random bits in hex', () => {
		const ids = new Set(Array.from({ length: 1000 }, () => newVerificationId()));
		expect(ids.size).toBe(1000);
		for (const id of ids) expect(id).toMatch(/^[0-9a-f]{32}$/);
	});

	test('neither the code nor the number can be found in the token or its decoded bytes', () => {
		const code = '9876543210';
		const sealed = claims({ code, phoneNumber: '09351112233' });
		for (let run = 0; run < 50; run++) {
			const token = sealVerificationToken(sealed, key);
			const bytes = decode(token);
			for (const secret of [code, '09351112233', '9351112233']) {
				expect(token).not.toContain(secret);
				expect(bytes.toString('latin1')).not.toContain(secret);
				expect(bytes.toString('hex')).not.toContain(secret);
				expect(bytes.toString('utf8')).not.toContain(secret);
			}
			// Not as binary-coded digits or a big-endian number either: no run of its bytes.
			expect(bytes.includes(Buffer.from(code, 'latin1'))).toBe(false);
			expect(bytes.includes(Buffer.from(code, 'hex'))).toBe(false);
		}
	});

	test('a change of any single byte, anywhere, makes it invalid', () => {
		const token = sealVerificationToken(claims(), key);
		const bytes = decode(token);
		for (let index = 0; index < bytes.length; index++) {
			for (const flip of [0x01, 0x80]) {
				const tampered = Buffer.from(bytes);
				tampered[index] ^= flip;
				expect(openVerificationToken(encode(tampered), key)).toBeUndefined();
			}
		}
	});

	test('a change of any character of the text makes it invalid', () => {
		const token = sealVerificationToken(claims(), key);
		for (let index = 0; index < token.length; index++) {
			const replacement = token[index] === 'A' ? 'B' : 'A';
			const changed = token.slice(0, index) + replacement + token.slice(index + 1);
			expect(openVerificationToken(changed, key)).toBeUndefined();
		}
	});

	test('does not open with another key, another API token, or a key that is not one', () => {
		const token = sealVerificationToken(claims(), key);
		expect(openVerificationToken(token, verificationKey(`${SAMPLE_BEARER}x`))).toBeUndefined();
		expect(openVerificationToken(token, verificationKey('another-api-token'))).toBeUndefined();
		expect(openVerificationToken(token, Buffer.alloc(32))).toBeUndefined();
		expect(openVerificationToken(token, Buffer.alloc(5))).toBeUndefined();
	});

	test('the key is derived from the API token, never the token itself', () => {
		expect(key).toHaveLength(32);
		expect(key.toString('latin1')).not.toContain(SAMPLE_BEARER.slice(0, 8));
		expect(key.equals(Buffer.from(SAMPLE_BEARER.padEnd(32, '\0').slice(0, 32), 'latin1'))).toBe(
			false,
		);
		// Derived once per API token and then reused.
		expect(verificationKey(SAMPLE_BEARER)).toBe(key);
		expect(() => verificationKey('')).toThrow(/API token/);
	});

	test('truncated, extended, empty or not a token at all: invalid, never a throw', () => {
		const token = sealVerificationToken(claims(), key);
		const bytes = decode(token);
		for (let length = 0; length < bytes.length; length++)
			expect(openVerificationToken(encode(bytes.subarray(0, length)), key)).toBeUndefined();
		for (let cut = 1; cut < token.length; cut++)
			expect(openVerificationToken(token.slice(0, cut), key)).toBeUndefined();
		for (const text of [
			`${token}A`,
			`${token}=`,
			`${token}.x`,
			token.replace('-', '+'),
			'',
			'bv1.',
			'bv1',
			'48213',
			'x'.repeat(100_000),
			`bv1.${'A'.repeat(300)}`,
		])
			expect(openVerificationToken(text, key)).toBeUndefined();
		for (const notText of [undefined, null, 42, {}, []])
			expect(openVerificationToken(notText as unknown as string, key)).toBeUndefined();
	});

	test('a wrong prefix or another version does not open, even with the same bytes', () => {
		const token = sealVerificationToken(claims(), key);
		const body = token.slice(VERIFICATION_TOKEN_PREFIX.length);
		for (const prefix of ['bv2.', 'BV1.', 'bv0.', 'v1.', '', 'bv1:'])
			expect(openVerificationToken(prefix + body, key)).toBeUndefined();
	});

	test('white space around a pasted token is ignored', () => {
		const sealed = claims();
		const token = sealVerificationToken(sealed, key);
		expect(openVerificationToken(` ${token}\n`, key)).toEqual(sealed);
	});

	test('expiry: expired from expiresAt on, not a millisecond before', () => {
		const sealed = claims();
		const opened = openVerificationToken(sealVerificationToken(sealed, key), key);
		expect(opened?.expiresAt).toBe(sealed.expiresAt);
		expect(verificationExpired(opened!, sealed.expiresAt - 1)).toBe(false);
		expect(verificationExpired(opened!, sealed.expiresAt)).toBe(true);
		expect(verificationExpired(opened!, sealed.expiresAt + 1)).toBe(true);
	});

	test('refuses to seal what no token can carry', () => {
		expect(() => sealVerificationToken(claims({ code: '12a45' }), key)).toThrow(RangeError);
		expect(() => sealVerificationToken(claims({ code: '' }), key)).toThrow(RangeError);
		expect(() => sealVerificationToken(claims({ phoneNumber: '+989121234567' }), key)).toThrow(
			RangeError,
		);
		expect(() => sealVerificationToken(claims({ verificationId: 'abc' }), key)).toThrow(RangeError);
		expect(() => sealVerificationToken(claims({ expiresAt: 1.5 }), key)).toThrow(RangeError);
		expect(() => sealVerificationToken(claims({ issuedAt: -1 }), key)).toThrow(RangeError);
	});
});
