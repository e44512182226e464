import { createHash, randomInt, timingSafeEqual } from 'crypto';

import { toLatinDigits } from '../../shared/phone';

/** A generated code: `length` digits, each drawn from the CSPRNG (`crypto.randomInt`). */
export function generateOtpCode(length: number): string {
	if (!Number.isInteger(length) || length < 1 || length > 20)
		throw new RangeError(`An OTP code has 1 to 20 digits, not ${length}`);
	let code = '';
	for (let digit = 0; digit < length; digit++) code += String(randomInt(10));
	return code;
}

// Spaces (incl. no-break and thin ones), zero-width characters and direction marks that come
// with text copied out of right-to-left apps, and dashes (incl. the minus sign).
const CODE_SEPARATORS =
	/[\s\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff\-\u2010-\u2015\u2212]/g;

/** A code as a person typed it ("۱۲۳ ۴۵", "123-45"), as Latin digits without separators. */
export function normalizeOtpCode(given: string): string {
	return toLatinDigits(given.trim()).replace(CODE_SEPARATORS, '');
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest();

/**
 * Whether the code a person typed is the expected one. Both are hashed first, so the
 * comparison takes the same time whatever their lengths and wherever they differ.
 */
export function otpCodesMatch(given: string, expected: string): boolean {
	if (expected === '') return false;
	return timingSafeEqual(sha256(normalizeOtpCode(given)), sha256(expected));
}
