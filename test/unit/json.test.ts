import { parseJsonKeepingIds, readJsonBody, textOf } from '../../nodes/shared/json';

describe('JSON that keeps wide integers', () => {
	it('keeps an id wider than 2^53 as its digits and leaves the rest as JSON.parse does', () => {
		const text =
			'{"retCode":"0","result":{"callSerialNo":1201763136043459597,"n":-9007199254740993,"small":42,"f":1.5e3,"s":"x 1201763136043459597 \\" 9007199254740993"},"list":[9007199254740991,9007199254740992]}';
		expect(parseJsonKeepingIds(text)).toEqual({
			retCode: '0',
			result: {
				callSerialNo: '1201763136043459597',
				n: '-9007199254740993',
				small: 42,
				f: 1500,
				s: 'x 1201763136043459597 " 9007199254740993',
			},
			list: [9007199254740991, '9007199254740992'],
		});
		expect(JSON.parse(text).result.callSerialNo).toBe(1201763136043459600); // what JSON.parse loses
	});

	it('reads a body: text parsed, objects as they are, non-JSON undefined', () => {
		expect(readJsonBody('{"a":12345678901234567890}')).toEqual({ a: '12345678901234567890' });
		expect(readJsonBody({ a: 1 })).toEqual({ a: 1 });
		expect(readJsonBody('<html>')).toBeUndefined();
		expect(readJsonBody('')).toBeUndefined();
		expect(() => parseJsonKeepingIds('{"a":')).toThrow(SyntaxError);
	});
});

describe('textOf', () => {
	test.each([
		[3, '3'],
		['3', '3'],
		[' 3 ', '3'],
		[1.5, '1.5'],
		['NotFound', 'NotFound'],
	])('%p reads as %p', (value, text) => {
		expect(textOf(value)).toBe(text);
	});

	test.each([
		[''],
		['  '],
		[null],
		[undefined],
		[Number.NaN],
		[Infinity],
		[true],
		[{ code: 1 }],
		[[1]],
	])('%p is no text', (value) => {
		expect(textOf(value)).toBeUndefined();
	});
});
