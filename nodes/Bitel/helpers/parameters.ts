import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { invalidParameterError } from '../../shared/outcome';
import { booleanValue, readItem, textValue, wholeNumberValue } from '../../shared/parameters';
import {
	normalizeIranianPhoneNumber,
	PHONE_FORMATS_HINT,
	splitPhoneNumberList,
} from '../../shared/phone';

/** Parameters the Bitel operations share, and the readers that validate them. */

export const PHONE_NUMBER_FORMS =
	'Accepts 09121234567, 9121234567, +98 912 123 4567, 0098… with spaces or dashes, and Persian digits.';

export function phoneNumberField(description: string): INodeProperties {
	return {
		displayName: 'Phone Number',
		name: 'phoneNumber',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 09121234567',
		description: `${description} ${PHONE_NUMBER_FORMS}`,
	};
}

export function phoneNumbersField(description: string): INodeProperties {
	return {
		displayName: 'Phone Numbers',
		name: 'phoneNumbers',
		type: 'string',
		typeOptions: { rows: 4 },
		required: true,
		default: '',
		placeholder: 'e.g. 09121234567, 09351234567',
		description,
	};
}

export function dedupeOption(description: string): INodeProperties {
	return {
		displayName: 'Remove Duplicates',
		name: 'dedupe',
		type: 'boolean',
		default: true,
		description,
	};
}

/**
 * Reads a required text parameter, trimmed; empty, or a list, an object or a yes/no value from
 * an expression, is an error for the item. `numbers: false` for IDs.
 */
export function readRequiredText(
	context: IExecuteFunctions,
	name: string,
	displayName: string,
	itemIndex: number,
	fix: string,
	{ numbers = true }: { numbers?: boolean } = {},
): string {
	const value = context.getNodeParameter(name, itemIndex, '') as unknown;
	const text = readItem(context.getNode(), itemIndex, () =>
		textValue(value, displayName, { numbers }),
	);
	if (text === '')
		throw invalidParameterError(context.getNode(), displayName, 'is empty', fix, itemIndex);
	return text;
}

/** The Phone Number parameter of one item as written and in national form. */
export function readPhoneNumberAsWritten(
	context: IExecuteFunctions,
	itemIndex: number,
): { asWritten: string; national: string } {
	const raw = readRequiredText(
		context,
		'phoneNumber',
		'Phone Number',
		itemIndex,
		`${PHONE_FORMATS_HINT}.`,
	);
	const national = normalizeIranianPhoneNumber(raw);
	if (!national) {
		throw invalidParameterError(
			context.getNode(),
			'Phone Number',
			`"${raw}" is not an Iranian phone number`,
			`${PHONE_FORMATS_HINT}.`,
			itemIndex,
		);
	}
	return { asWritten: raw, national };
}

export function readPhoneNumber(context: IExecuteFunctions, itemIndex: number): string {
	return readPhoneNumberAsWritten(context, itemIndex).national;
}

/** The Phone Numbers parameter of one item: a list of numbers, not yet normalised. */
export function readPhoneNumberList(context: IExecuteFunctions, itemIndex: number): string[] {
	const list = splitPhoneNumberList(context.getNodeParameter('phoneNumbers', itemIndex, ''));
	if (!list || list.length === 0) {
		throw invalidParameterError(
			context.getNode(),
			'Phone Numbers',
			list ? 'is empty' : 'is neither text nor a list',
			'Enter numbers separated by commas, semicolons or new lines, or an expression that returns an array of numbers.',
			itemIndex,
		);
	}
	return list;
}

export function readOptions(context: IExecuteFunctions, itemIndex: number): IDataObject {
	return context.getNodeParameter('options', itemIndex, {}) as IDataObject;
}

/** Remove Duplicates (on unless turned off). */
export function readDedupe(
	context: IExecuteFunctions,
	itemIndex: number,
	options: IDataObject,
): boolean {
	return readItem(context.getNode(), itemIndex, () =>
		booleanValue(options.dedupe, 'Remove Duplicates', true),
	);
}

/** A whole-number option, or undefined when unset so that Bitel's default applies. */
export function readWholeNumberOption(
	context: IExecuteFunctions,
	itemIndex: number,
	options: IDataObject,
	name: string,
	displayName: string,
	minimum: number,
	bitelDefault: number,
): number | undefined {
	return readItem(context.getNode(), itemIndex, () =>
		wholeNumberValue(options[name], displayName, {
			min: minimum,
			unset: `or remove the option to use Bitel’s default (${bitelDefault})`,
		}),
	);
}
