import {
	isIranianMobile,
	compactNumber,
	normalizeIranianPhoneNumber,
	splitPhoneNumberList,
	toLatinDigits,
} from '../../nodes/shared/phone';

describe('normalizeIranianPhoneNumber', () => {
	it.each([
		['09121234567', '09121234567'],
		['9121234567', '09121234567'],
		['+98 912 123 4567', '09121234567'],
		['+989121234567', '09121234567'],
		['00989121234567', '09121234567'],
		['0098 912 123 4567', '09121234567'],
		['989121234567', '09121234567'],
		['0912-123-4567', '09121234567'],
		['0912.123.4567', '09121234567'],
		['(0912) 123 4567', '09121234567'],
		['+98 (912) 123-45-67', '09121234567'],
		['۰۹۱۲۱۲۳۴۵۶۷', '09121234567'],
		['٠٩١٢١٢٣٤٥٦٧', '09121234567'],
		['+۹۸ ۹۱۲ ۱۲۳ ۴۵۶۷', '09121234567'],
		['\u200e0912 123 4567\u200f', '09121234567'],
		['  09351234567\t', '09351234567'],
		['02188776655', '02188776655'],
		['021-8877-6655', '02188776655'],
		['+98 21 8877 6655', '02188776655'],
		['03133445566', '03133445566'],
	])('accepts %j as %s', (input, expected) => {
		expect(normalizeIranianPhoneNumber(input)).toBe(expected);
	});

	it.each([
		'',
		'0912123456', // 10 digits with the leading zero: one short
		'091212345678', // one too many
		'912123456', // mobile without zero, one short
		'+1 415 555 0100', // not Iranian
		'+44 20 7946 0958',
		'00449121234567',
		'09121234567x',
		'0912123456a',
		'00912123456', // 0 + 0 prefix
		'01234', // too short
		'0012345678901',
		'abc',
		'+98 912 123 456', // country code with 9 digits
		'8121234567', // 10 digits not starting with 9
	])('rejects %j', (input) => {
		expect(normalizeIranianPhoneNumber(input)).toBeUndefined();
	});
});

describe('compactNumber (the one separator set both providers use)', () => {
	it.each([
		['0912 123 4567', '09121234567'],
		['0912\u00a0123\u2009456\u20077', '09121234567'], // no-break, thin and figure spaces
		['0912\u200c123\u200b4567\u200d', '09121234567'], // ZWNJ, zero-width space and joiner
		['\u200e0912\u200f \u202b123\u202c \u20664567\u2069', '09121234567'], // direction marks
		['\ufeff0912\u20601234567', '09121234567'], // BOM, word joiner
		['0912-123\u2013456\u22127', '09121234567'], // dash, en dash, minus sign
		['(0912) 123.4567', '09121234567'],
		['۰۹۱۲ ۱۲۳ ۴۵۶۷', '09121234567'],
		['+98 912', '+98912'],
	])('%j compacts to %s', (input, expected) => {
		expect(compactNumber(input)).toBe(expected);
	});

	it('keeps a slash, which separates two numbers, so the result is refused rather than dialled', () => {
		expect(compactNumber('021-88776655/6')).toBe('02188776655/6');
		expect(normalizeIranianPhoneNumber('0912/123/4567')).toBeUndefined();
	});
});

describe('toLatinDigits', () => {
	it('converts Persian and Arabic-Indic digits and leaves the rest', () => {
		expect(toLatinDigits('۰۱۲۳۴۵۶۷۸۹ ٠١٢٣٤٥٦٧٨٩ abc-9')).toBe('0123456789 0123456789 abc-9');
	});
});

describe('splitPhoneNumberList', () => {
	it('splits text on commas, semicolons and new lines and drops empty entries', () => {
		expect(
			splitPhoneNumberList('0912 111 1111, 0912-222-2222;09123333333\n\n09124444444\r\n,'),
		).toEqual(['0912 111 1111', '0912-222-2222', '09123333333', '09124444444']);
	});

	it('splits on the Arabic comma and semicolon too', () => {
		expect(splitPhoneNumberList('09121111111،09122222222؛09123333333')).toEqual([
			'09121111111',
			'09122222222',
			'09123333333',
		]);
	});

	it('takes an array from an expression, numbers included', () => {
		expect(splitPhoneNumberList(['09121111111', 9122222222, ' ', null])).toEqual([
			'09121111111',
			'9122222222',
		]);
	});

	it('returns undefined for something that is not a list', () => {
		expect(splitPhoneNumberList({ number: '09121111111' })).toBeUndefined();
		expect(splitPhoneNumberList(undefined)).toBeUndefined();
	});
});

describe('isIranianMobile (issue 23, point 11: Bitel SMS go to mobiles)', () => {
	it.each([
		['09121234567', true],
		['09901234567', true],
		['02188776655', false],
		['03112345678', false],
	])('%s is mobile: %s', (national, mobile) => {
		expect(isIranianMobile(national)).toBe(mobile);
	});
});
