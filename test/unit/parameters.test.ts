import { NodeOperationError } from 'n8n-workflow';
import type { INode } from 'n8n-workflow';

import {
	booleanValue,
	numberValue,
	readItem,
	textValue,
	wholeNumberValue,
} from '../../nodes/shared/parameters';
import { problemOf } from '../helpers/invalidParameter';

const node: INode = {
	id: '1',
	name: 'Bitel',
	type: 'n8n-nodes-bitel.bitel',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

describe('text values', () => {
	test.each([
		['  hello ', 'hello'],
		[null, ''],
		[undefined, ''],
		[9121234567, '9121234567'],
	])('%p reads as %p', (value, text) => {
		expect(textValue(value, 'Text')).toBe(text);
	});

	test.each([
		[{ a: 1 }, 'is an object, not text'],
		[['a'], 'is a list, not text'],
		[true, 'is true (a yes/no value), not text'],
	])('%p is refused, never turned into "[object Object]" or "a"', (value, problem) => {
		const error = problemOf(() => textValue(value, 'Text'));
		expect(error.parameter).toBe('Text');
		expect(error.problem).toBe(problem);
		expect(error.fix).toMatch(/single value/);
	});

	test('an ID refuses a number from an expression', () => {
		expect(problemOf(() => textValue(12345, 'Call ID', { numbers: false })).problem).toBe(
			'is 12345 (a number), not text',
		);
	});
});

describe('number values', () => {
	const range = { min: 1, max: 5, whole: true, unset: 'or remove the option' };
	test.each([
		[3, 3],
		['3', 3],
		['۳', 3],
		[' ٥ ', 5],
		[null, undefined],
		['', undefined],
		[undefined, undefined],
	])('%p reads as %p', (value, number) => {
		expect(numberValue(value, 'Play Times', range)).toBe(number);
	});

	test.each([['   '], [0], [6], [1.5], ['three'], [true], [[3]], [{ n: 3 }], [Number.NaN]])(
		'%p is refused with the range and how to leave it unset',
		(value) => {
			const error = problemOf(() => numberValue(value, 'Play Times', range));
			expect(error.problem).toMatch(/is not a whole number from 1 to 5$/);
			expect(error.fix).toBe('Set Play Times to a whole number from 1 to 5, or remove the option.');
		},
	);

	test('fractions where they are allowed', () => {
		expect(
			numberValue('1.5', 'Poll Interval', { min: 1, max: 600, whole: false, unset: 'or not' }),
		).toBe(1.5);
	});
});

describe('whole-number values', () => {
	const range = { min: 1, max: 5, unset: 'or remove the option' };
	test('within their range, unset is undefined', () => {
		expect(wholeNumberValue(1, 'Play Times', range)).toBe(1);
		expect(wholeNumberValue('5', 'Play Times', range)).toBe(5);
		expect(wholeNumberValue('', 'Play Times', range)).toBeUndefined();
		expect(wholeNumberValue(undefined, 'Play Times', range)).toBeUndefined();
		for (const bad of [0, 6, 2.5, 'two', -1]) {
			expect(problemOf(() => wholeNumberValue(bad, 'Play Times', range)).problem).toBe(
				`"${bad}" is not a whole number from 1 to 5`,
			);
		}
	});

	test('no upper bound when none is given', () => {
		expect(wholeNumberValue('40', 'Retry Count', { min: 0, unset: 'or not' })).toBe(40);
		expect(
			problemOf(() => wholeNumberValue(-1, 'Retry Count', { min: 0, unset: 'or not' })).fix,
		).toBe('Set Retry Count to a whole number of 0 or more, or not.');
	});
});

describe('yes/no values', () => {
	test.each([
		[true, true],
		[false, false],
		['false', false],
		[' TRUE ', true],
		[null, true],
		[undefined, true],
	])('%p reads as %p', (value, expected) => {
		expect(booleanValue(value, 'Remove Duplicates', true)).toBe(expected);
	});

	test.each([['yes'], [1], [{}], [[]]])('%p is refused rather than guessed', (value) => {
		expect(problemOf(() => booleanValue(value, 'Remove Duplicates', true)).problem).toMatch(
			/not true or false$/,
		);
	});
});

test('readItem names the parameter and the item, and says nothing was sent', () => {
	let caught: unknown;
	try {
		readItem(node, 3, () => textValue(['x'], 'Voice ID'));
	} catch (error) {
		caught = error;
	}
	expect(caught).toBeInstanceOf(NodeOperationError);
	const error = caught as NodeOperationError;
	expect(error.message).toBe('Voice ID: is a list, not text [item 3]');
	expect(error.description).toMatch(/Nothing was sent for this item\.$/);
	expect(error.context.itemIndex).toBe(3);
});
