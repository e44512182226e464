import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { invalidParameterError } from '../../shared/outcome';
import { forVersions, optionOrLegacy } from '../../shared/properties';
import { booleanValue, readItem, textValue, wholeNumberValue } from '../../shared/parameters';
import {
	isIranianMobile,
	LANDLINE_FIX,
	MOBILE_FORMATS_HINT,
	normalizeIranianPhoneNumber,
	PHONE_FORMATS_HINT,
	splitPhoneNumberList,
} from '../../shared/phone';
import { generateOtpCode } from './otpCode';

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

/** A required text parameter, trimmed; empty or not text is an error (`numbers: false` for IDs). */
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

/** Whether a number must be a mobile one: Bitel's SMS go to mobiles (docs/providers/bitel.md#sms). */
export interface NumberRule {
	mobileOnly?: boolean;
}

/** SMS numbers: a landline is refused before anything is sent. */
export const SMS_NUMBERS: NumberRule = { mobileOnly: true };

/** The Phone Number parameter of one item as written and in national form. */
export function readPhoneNumberAsWritten(
	context: IExecuteFunctions,
	itemIndex: number,
	{ mobileOnly = false }: NumberRule = {},
): { asWritten: string; national: string } {
	const hint = `${mobileOnly ? MOBILE_FORMATS_HINT : PHONE_FORMATS_HINT}.`;
	const raw = readRequiredText(context, 'phoneNumber', 'Phone Number', itemIndex, hint);
	const national = normalizeIranianPhoneNumber(raw);
	const refuse = (problem: string, fix: string) =>
		invalidParameterError(context.getNode(), 'Phone Number', `"${raw}" ${problem}`, fix, itemIndex);
	if (!national) throw refuse('is not an Iranian phone number', hint);
	if (mobileOnly && !isIranianMobile(national)) throw refuse('is a landline number', LANDLINE_FIX);
	return { asWritten: raw, national };
}

export function readPhoneNumber(
	context: IExecuteFunctions,
	itemIndex: number,
	rule: NumberRule = {},
): string {
	return readPhoneNumberAsWritten(context, itemIndex, rule).national;
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

/** Generate Code and its Code Length (version 1.1 on; version 1 of Send OTP keeps them in Options). */
export function generateCodeProperties(maxLength: number, lengthHint: string): INodeProperties[] {
	return [
		forVersions([1.1], {
			displayName: 'Generate Code',
			name: 'generateCode',
			type: 'boolean',
			default: false,
			description:
				'Whether to send a code drawn from a cryptographic random source instead of Code. The output carries it as "code", for a later node to compare.',
		}),
		forVersions([1.1], {
			displayName: 'Code Length',
			name: 'codeLength',
			type: 'number',
			typeOptions: { minValue: 4, maxValue: maxLength, numberPrecision: 0 },
			default: 5,
			hint: lengthHint,
			description: 'How many digits the generated code has',
			displayOptions: { show: { generateCode: [true] } },
		}),
	];
}

/** The length of a code to generate (either version's layout), or undefined when the user gives it. */
export function readGeneratedCodeLength(
	context: IExecuteFunctions,
	itemIndex: number,
	maxLength: number,
	legacyDefaultLength: number,
): number | undefined {
	const options = readOptions(context, itemIndex);
	const read = (name: string) =>
		optionOrLegacy(context.getNodeParameter(name, itemIndex, null), options, name);
	const node = context.getNode();
	if (!readItem(node, itemIndex, () => booleanValue(read('generateCode'), 'Generate Code', false)))
		return undefined;
	const fallback = node.typeVersion >= 1.1 ? 5 : legacyDefaultLength;
	return (
		readItem(node, itemIndex, () =>
			wholeNumberValue(read('codeLength'), 'Code Length', {
				min: 4,
				max: maxLength,
				unset: `or leave it at ${fallback}`,
			}),
		) ?? fallback
	);
}

/** Draws a generated code just before sending (a Retry On Fail recalls it) and outputs it as `code`. */
export function drawGeneratedCode(field: 'code' | 'text', outputGiven = false) {
	return ({ generateCodeLength, ...body }: IDataObject) => {
		const generated = generateCodeLength !== undefined;
		const code = generated ? generateOtpCode(Number(generateCodeLength)) : body[field];
		return { body: { ...body, [field]: code }, output: generated || outputGiven ? { code } : {} };
	};
}
