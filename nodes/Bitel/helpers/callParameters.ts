import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { invalidParameterError } from '../../shared/errors';
import { booleanValue, readItem, textValue, wholeNumberValue } from '../../shared/parameters';
import { optionsCollection as sharedOptionsCollection } from '../../shared/properties';
import {
	isIranianMobile,
	LANDLINE_FIX,
	MOBILE_FORMATS_HINT,
	normalizeIranianPhoneNumber,
	PHONE_FORMATS_HINT,
	toLatinDigits,
} from '../../shared/phone';

/**
 * Parameter pieces several call operations share, and the readers that validate
 * them. Each operation file composes these instead of repeating them.
 */

export function showFor(operations: string[]): INodeProperties['displayOptions'] {
	return { show: { resource: ['call'], operation: operations } };
}

export function phoneNumberField(operations: string[]): INodeProperties {
	return {
		displayName: 'Phone Number',
		name: 'phoneNumber',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 09121234567',
		description:
			'The Iranian mobile or landline number to call. Accepts 09121234567, 9121234567, +98 912 123 4567, 0098… with spaces or dashes, and Persian digits.',
		displayOptions: showFor(operations),
	};
}

export function phoneNumbersField(operations: string[]): INodeProperties {
	return {
		displayName: 'Phone Numbers',
		name: 'phoneNumbers',
		type: 'string',
		typeOptions: { rows: 4 },
		required: true,
		default: '',
		placeholder: 'e.g. 09121234567, 09351234567',
		description:
			'Numbers to call, separated by commas, semicolons or new lines, or an array from an expression. Numbers from all input items that share the same settings are sent together, at most 100 per request.',
		displayOptions: showFor(operations),
	};
}

export function voiceIdField(operations: string[]): INodeProperties {
	return {
		displayName: 'Voice ID',
		name: 'voiceId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 08e815cbcd724386805103ac0d45e4c2',
		description:
			'The ID of a voice uploaded in the Bitel panel (32 hexadecimal characters). It is played to the callee.',
		displayOptions: showFor(operations),
	};
}

export function textField(operations: string[]): INodeProperties {
	return {
		displayName: 'Text',
		name: 'text',
		type: 'string',
		typeOptions: { rows: 3 },
		required: true,
		default: '',
		placeholder: 'e.g. Your order has been shipped',
		description: 'The text Bitel reads to the callee with text-to-speech',
		displayOptions: showFor(operations),
	};
}

export const retryCountOption: INodeProperties = {
	displayName: 'Retry Count',
	name: 'retryCount',
	type: 'number',
	typeOptions: { minValue: 0, numberPrecision: 0 },
	default: 1,
	description:
		'How many times Bitel calls again when the line is busy or nobody answers. Bitel’s default is 1.',
};

export const serverIdOption: INodeProperties = {
	displayName: 'Server ID',
	name: 'serverId',
	type: 'string',
	default: '',
	placeholder: 'e.g. mirdamad1',
	description:
		'The dialer of your Bitel project that places the call. Leave empty for the default dialer.',
};

export const dedupeOption: INodeProperties = {
	displayName: 'Remove Duplicates',
	name: 'dedupe',
	type: 'boolean',
	default: true,
	description:
		'Whether to call a number only once when it appears more than once in this execution. Every copy still gets an output item, marked as a duplicate.',
};

/** The `options` collection of a call operation. */
export function optionsCollection(
	operations: string[],
	options: INodeProperties[],
): INodeProperties {
	return sharedOptionsCollection(showFor(operations), options);
}

/**
 * Reads a required text parameter, trimmed; empty, or a list, an object or a yes/no value
 * from an expression, is a clear error for the item. `numbers: false` for IDs, which a
 * number from an expression cannot be.
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
	if (text === '') {
		throw invalidParameterError(context.getNode(), displayName, 'is empty', fix, itemIndex);
	}
	return text;
}

/** Whether a number must be a mobile one: Bitel's SMS go to mobiles (docs/providers/bitel.md#sms). */
export interface NumberRule {
	mobileOnly?: boolean;
}

/** Reads and normalises the Phone Number parameter of one item. */
export function readPhoneNumber(
	context: IExecuteFunctions,
	itemIndex: number,
	rule: NumberRule = {},
): string {
	return readPhoneNumberAsWritten(context, itemIndex, rule).national;
}

/**
 * The Phone Number parameter of one item as written and normalised, read once; with
 * `mobileOnly`, a landline is refused before anything is sent.
 */
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

/** A Bitel voice ID: 32 hexadecimal characters, as the panel and the docs show them. */
const VOICE_ID = /^[0-9a-f]{32}$/i;

export function checkVoiceId(
	context: IExecuteFunctions,
	voiceId: string,
	displayName: string,
	itemIndex: number,
): string {
	if (!VOICE_ID.test(voiceId)) {
		throw invalidParameterError(
			context.getNode(),
			displayName,
			`"${voiceId.length > 40 ? `${voiceId.slice(0, 40)}…` : voiceId}" is not a Bitel voice ID`,
			'A voice ID is 32 letters and digits (0–9, a–f), such as 08e815cbcd724386805103ac0d45e4c2: copy it from the voices of your project in the Bitel panel.',
			itemIndex,
		);
	}
	return voiceId;
}

export function readVoiceId(context: IExecuteFunctions, itemIndex: number): string {
	const voiceId = readRequiredText(
		context,
		'voiceId',
		'Voice ID',
		itemIndex,
		'Enter the ID of a voice uploaded in the Bitel panel.',
		{ numbers: false },
	);
	return checkVoiceId(context, voiceId, 'Voice ID', itemIndex);
}

export function readText(context: IExecuteFunctions, itemIndex: number): string {
	return readRequiredText(
		context,
		'text',
		'Text',
		itemIndex,
		'Enter the text Bitel should read to the callee.',
	);
}

export function readOptions(context: IExecuteFunctions, itemIndex: number): IDataObject {
	return context.getNodeParameter('options', itemIndex, {}) as IDataObject;
}

export function readSendOptions(
	context: IExecuteFunctions,
	itemIndex: number,
	options: IDataObject = readOptions(context, itemIndex),
): IDataObject {
	const body: IDataObject = {};
	const retryCount = readWholeNumberOption(
		context,
		itemIndex,
		options,
		'retryCount',
		'Retry Count',
		0,
		1,
	);
	if (retryCount !== undefined) body.retryCount = retryCount;
	const serverId = readItem(context.getNode(), itemIndex, () =>
		textValue(options.serverId, 'Server ID'),
	);
	if (serverId !== '') body.serverId = serverId;
	return body;
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

/**
 * A whole-number option, or undefined when the user left it unset (so Bitel's default
 * applies). Anything else is a clear error naming the option.
 */
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

/** An OTP code as Bitel reads it: 1–5 digits ("numeric and less than 6 characters"). */
export function normalizeOtpCode(value: unknown): string | undefined {
	const code = toLatinDigits(String(value ?? '')).trim();
	return /^\d{1,5}$/.test(code) ? code : undefined;
}
