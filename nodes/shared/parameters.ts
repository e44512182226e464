import type { INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { invalidParameterError } from './outcome';
import { toLatinDigits } from './phone';

/**
 * Parameter values as they arrive (typed, or any type from an expression): each reader returns a
 * value the provider accepts or throws an InvalidParameter naming the parameter, problem and fix.
 */

export class InvalidParameter extends Error {
	constructor(
		readonly parameter: string,
		readonly problem: string,
		readonly fix: string,
	) {
		super(`${parameter}: ${problem}`);
		this.name = 'InvalidParameter';
	}
}

/** Runs an item's reader; its InvalidParameter becomes the item's NodeOperationError. */
export function readItem<T>(node: INode, itemIndex: number, read: () => T): T {
	try {
		return read();
	} catch (error) {
		if (error instanceof InvalidParameter) {
			throw invalidParameterError(node, error.parameter, error.problem, error.fix, itemIndex);
		}
		// A NodeOperationError (a reader that already named the item) comes back unchanged.
		throw new NodeOperationError(node, error as Error, { itemIndex });
	}
}

/** What a value that is not the expected type is, in words. */
function describeType(value: unknown): string {
	if (Array.isArray(value)) return 'a list';
	if (typeof value === 'boolean') return `${String(value)} (a yes/no value)`;
	if (typeof value === 'number') return `${String(value)} (a number)`;
	if (typeof value === 'object') return 'an object';
	return `a ${typeof value}`;
}

const EXPRESSION_HINT =
	'If it comes from an expression, make the expression return a single value, for example {{ $json.phone }} rather than {{ $json }}.';

/** A text parameter, trimmed ('' when unset); a number counts as its digits (sheets give numbers). */
export function textValue(
	value: unknown,
	parameter: string,
	{ numbers = true }: { numbers?: boolean } = {},
): string {
	if (value === null || value === undefined) return '';
	if (typeof value === 'string') return value.trim();
	if (numbers && typeof value === 'number' && Number.isFinite(value)) return String(value);
	if (numbers && typeof value === 'bigint') return value.toString();
	throw new InvalidParameter(
		parameter,
		`is ${describeType(value)}, not text`,
		`Enter ${numbers ? 'text' : 'the ID as text'} here. ${EXPRESSION_HINT}`,
	);
}

interface NumberRange {
	min: number;
	max?: number;
	/** Whether only whole numbers are accepted. */
	whole: boolean;
	/** How to leave the parameter unset, for the fix ("or remove the option"). */
	unset: string;
}

/** A number parameter in a range, also as (Persian) digits; undefined when unset. */
export function numberValue(
	value: unknown,
	parameter: string,
	range: NumberRange,
): number | undefined {
	if (value === null || value === undefined || value === '') return undefined;
	let number = Number.NaN;
	if (typeof value === 'number') number = value;
	else if (typeof value === 'string') {
		const text = toLatinDigits(value).trim();
		if (/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(text)) number = Number(text);
	}
	const kind = range.whole ? 'whole number' : 'number';
	const span =
		range.max === undefined ? `of ${range.min} or more` : `from ${range.min} to ${range.max}`;
	if (
		!Number.isFinite(number) ||
		(range.whole && !Number.isInteger(number)) ||
		number < range.min ||
		(range.max !== undefined && number > range.max)
	) {
		const shown =
			typeof value === 'string' || typeof value === 'number'
				? `"${String(value)}"`
				: describeType(value);
		throw new InvalidParameter(
			parameter,
			`${shown} is not a ${kind} ${span}`,
			`Set ${parameter} to a ${kind} ${span}, ${range.unset}.`,
		);
	}
	return number;
}

/** A whole-number parameter within a range; undefined when unset (see numberValue). */
export function wholeNumberValue(
	value: unknown,
	parameter: string,
	range: Omit<NumberRange, 'whole'>,
): number | undefined {
	return numberValue(value, parameter, { ...range, whole: true });
}

/** A yes/no parameter (also "true"/"false"); the default when unset, an error rather than a guess. */
export function booleanValue(value: unknown, parameter: string, fallback: boolean): boolean {
	if (value === null || value === undefined || value === '') return fallback;
	if (typeof value === 'boolean') return value;
	if (typeof value === 'string' && /^(true|false)$/i.test(value.trim()))
		return value.trim().toLowerCase() === 'true';
	throw new InvalidParameter(
		parameter,
		`is ${typeof value === 'string' ? `"${value}"` : describeType(value)}, not true or false`,
		`Turn ${parameter} on or off. ${EXPRESSION_HINT.replace('a single value', 'true or false')}`,
	);
}
