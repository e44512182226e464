/** Iranian phone numbers as people paste them, in the national form the providers' docs show. */

// Persian (U+06F0–U+06F9) and Arabic-Indic (U+0660–U+0669) digits.
const PERSIAN_ZERO = 0x06f0;
const ARABIC_INDIC_ZERO = 0x0660;

/** Replaces Persian and Arabic-Indic digits with ASCII digits; leaves everything else. */
export function toLatinDigits(value: string): string {
	let out = '';
	for (const char of value) {
		const code = char.charCodeAt(0);
		if (code >= PERSIAN_ZERO && code <= PERSIAN_ZERO + 9) {
			out += String(code - PERSIAN_ZERO);
		} else if (code >= ARABIC_INDIC_ZERO && code <= ARABIC_INDIC_ZERO + 9) {
			out += String(code - ARABIC_INDIC_ZERO);
		} else {
			out += char;
		}
	}
	return out;
}

/**
 * Separators people paste into a number: spaces, zero-width and direction marks (from right-to-left
 * text), dashes, dots, parentheses; not the slash ("021-88776655/6" is two numbers).
 */
const SEPARATORS =
	/[\s\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff\-\u2010-\u2015\u2212.()]/g;

/** A number as typed, with its separators removed and its digits made Latin (ASCII). */
export function compactNumber(value: string): string {
	return toLatinDigits(value).replace(SEPARATORS, '');
}

// A national number: 0, then a mobile prefix 9 or a landline area code (1–8), 11 digits.
const NATIONAL = /^0(9\d{9}|[1-8]\d{9})$/;

export const PHONE_FORMATS_HINT =
	'Use an Iranian number such as 09121234567, 9121234567, +98 912 123 4567, 00989121234567 or a landline such as 02188776655';

/** For numbers that must be mobile ones (Bitel's SMS). */
export const MOBILE_FORMATS_HINT =
	'Use an Iranian mobile number such as 09121234567, 9121234567, +98 912 123 4567 or 00989121234567';

/** The fix for a landline given where only a mobile number works (Bitel's SMS). */
export const LANDLINE_FIX =
	'Bitel sends SMS to mobile numbers (09…) only: a landline, such as 02188776655, cannot receive them. Use a mobile number, or call the landline instead.';

/** Whether a national number is a mobile one (09…), not a landline. */
export function isIranianMobile(national: string): boolean {
	return /^09\d{9}$/.test(national);
}

/** The national form of an Iranian mobile or landline number, or undefined. */
export function normalizeIranianPhoneNumber(input: string): string | undefined {
	const compact = compactNumber(String(input));
	let national: string;
	if (/^\+98\d{10}$/.test(compact)) {
		national = '0' + compact.slice(3);
	} else if (/^0098\d{10}$/.test(compact)) {
		national = '0' + compact.slice(4);
	} else if (/^98\d{10}$/.test(compact)) {
		national = '0' + compact.slice(2);
	} else if (/^9\d{9}$/.test(compact)) {
		// A mobile number without its leading zero, as many forms store it.
		national = '0' + compact;
	} else {
		national = compact;
	}
	return NATIONAL.test(national) ? national : undefined;
}

/** A list of numbers as text (commas, semicolons, new lines) or an array; empty entries dropped. */
export function splitPhoneNumberList(value: unknown): string[] | undefined {
	if (Array.isArray(value)) {
		return value
			.map((entry) => (entry === null || entry === undefined ? '' : String(entry).trim()))
			.filter((entry) => entry !== '');
	}
	if (typeof value === 'number') return [String(value)];
	if (typeof value !== 'string') return undefined;
	return value
		.split(/[,;\n\r\u060c\u061b]+/) // also the Arabic comma and semicolon
		.map((entry) => entry.trim())
		.filter((entry) => entry !== '');
}
