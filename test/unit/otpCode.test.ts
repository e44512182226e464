import { createHash, randomInt, timingSafeEqual } from 'crypto';

import {
	generateOtpCode,
	normalizeOtpCode,
	otpCodesMatch,
} from '../../nodes/Bitel/helpers/otpCode';

// The real functions, watched: the tests see which ones the helpers call.
jest.mock('crypto', () => {
	const actual = jest.requireActual('crypto');
	return {
		...actual,
		randomInt: jest.fn(actual.randomInt),
		timingSafeEqual: jest.fn(actual.timingSafeEqual),
	};
});

beforeEach(() => jest.clearAllMocks());

describe('generateOtpCode', () => {
	test('has the asked number of digits, and digits only', () => {
		for (const length of [1, 4, 5, 6, 10]) {
			for (let run = 0; run < 20; run++)
				expect(generateOtpCode(length)).toMatch(new RegExp(`^\\d{${length}}$`));
		}
	});

	test('draws every digit from the CSPRNG, crypto.randomInt', () => {
		const code = generateOtpCode(6);
		const drawing = jest.mocked(randomInt);
		expect(drawing).toHaveBeenCalledTimes(6);
		expect(drawing.mock.calls.every((call) => call[0] === 10)).toBe(true);
		const drawn = drawing.mock.results.map((result) => String(result.value)).join('');
		expect(code).toBe(drawn);
	});

	test('uses every digit in every position', () => {
		const seen = Array.from({ length: 5 }, () => new Set<string>());
		for (let run = 0; run < 500; run++)
			[...generateOtpCode(5)].forEach((digit, position) => seen[position].add(digit));
		for (const digits of seen) expect(digits.size).toBe(10);
	});

	test('refuses a length that is not a whole number from 1 to 20', () => {
		for (const length of [0, -1, 2.5, 21, Number.NaN])
			expect(() => generateOtpCode(length)).toThrow(RangeError);
	});
});

describe('otpCodesMatch', () => {
	test('matches the code as people type it: Persian or Arabic-Indic digits, spaces, dashes', () => {
		for (const given of [
			'48213',
			' 48213 ',
			'۴۸۲۱۳',
			'٤٨٢١٣',
			'48 213',
			'482-13',
			'4\u00a08\u200f213',
			'۴۸۲ – ۱۳',
			'\u200e48213\u200f\n',
		])
			expect([given, otpCodesMatch(given, '48213')]).toEqual([given, true]);
	});

	test('does not match another code, a prefix, a longer code or nothing', () => {
		for (const given of ['48214', '4821', '482130', '', '   ', '48213x', '84213', '4821.3'])
			expect([given, otpCodesMatch(given, '48213')]).toEqual([given, false]);
		expect(otpCodesMatch('', '')).toBe(false);
	});

	test('compares SHA-256 digests with timingSafeEqual, never the texts', () => {
		otpCodesMatch('12', '48213');
		otpCodesMatch('48213', '48213');
		const comparing = jest.mocked(timingSafeEqual);
		expect(comparing).toHaveBeenCalledTimes(2);
		for (const [a, b] of comparing.mock.calls) {
			// Digests of equal length whatever the codes' lengths, so the call never throws.
			expect(a).toHaveLength(32);
			expect(b).toHaveLength(32);
		}
		expect(comparing.mock.calls[1][0]).toEqual(createHash('sha256').update('48213').digest());
	});

	test('normalizeOtpCode keeps letters and dots, so they never match digits', () => {
		expect(normalizeOtpCode(' ۱۲-۳ ٤ ')).toBe('1234');
		expect(normalizeOtpCode('12.34')).toBe('12.34');
		expect(normalizeOtpCode('o1234')).toBe('o1234');
	});
});
