import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { invalidParameterError } from '../../shared/outcome';
import { readItem, textValue } from '../../shared/parameters';
import { toLatinDigits } from '../../shared/phone';
import type { BatchItem } from './sends';
import {
	dedupeOption,
	phoneNumberField,
	phoneNumbersField,
	readDedupe,
	readOptions,
	readPhoneNumberList,
	readRequiredText,
	readWholeNumberOption,
} from './parameters';

/** Parameters of the call operations, and their readers. */

export const callPhoneNumberField = phoneNumberField(
	'The Iranian mobile or landline number to call.',
);

export const callPhoneNumbersField = phoneNumbersField(
	'Numbers to call, separated by commas, semicolons or new lines, or an array from an expression. Numbers from all input items that share the same settings are sent together, at most 100 per request.',
);

export const callDedupeOption = dedupeOption(
	'Whether to call a number only once when it appears more than once in this execution. Every copy still gets an output item, marked as a duplicate.',
);

export const voiceIdField: INodeProperties = {
	displayName: 'Voice ID',
	name: 'voiceId',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. 08e815cbcd724386805103ac0d45e4c2',
	description:
		'The ID of a voice uploaded in the Bitel panel (32 hexadecimal characters). It is played to the callee.',
};

export const textField: INodeProperties = {
	displayName: 'Text',
	name: 'text',
	type: 'string',
	typeOptions: { rows: 3 },
	required: true,
	default: '',
	placeholder: 'e.g. Your order has been shipped',
	description: 'The text Bitel reads to the callee with text-to-speech',
};

export const introVoiceIdOption: INodeProperties = {
	displayName: 'Intro Voice ID',
	name: 'voiceId',
	type: 'string',
	default: '',
	placeholder: 'e.g. 08e815cbcd724386805103ac0d45e4c2',
	description: 'A voice uploaded in the Bitel panel, played before the code is read',
};

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

/** An optional voice ID option (the OTP call's intro voice), checked when set. */
export function readVoiceIdOption(
	context: IExecuteFunctions,
	itemIndex: number,
	value: unknown,
	displayName: string,
): string | undefined {
	const voiceId = readItem(context.getNode(), itemIndex, () =>
		textValue(value, displayName, { numbers: false }),
	);
	return voiceId === '' ? undefined : checkVoiceId(context, voiceId, displayName, itemIndex);
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

/** Retry Count and Server ID, each sent only when set. */
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

/** One item of a call batch: its numbers, the content they share and the send options. */
export function readCallBatch(
	readContent: (context: IExecuteFunctions, itemIndex: number) => IDataObject,
): (context: IExecuteFunctions, itemIndex: number) => BatchItem {
	return (context, itemIndex) => {
		const options = readOptions(context, itemIndex);
		return {
			body: { ...readContent(context, itemIndex), ...readSendOptions(context, itemIndex, options) },
			dedupe: readDedupe(context, itemIndex, options),
			numbers: readPhoneNumberList(context, itemIndex),
		};
	};
}

/** An OTP code as Bitel reads it: 1–5 digits ("numeric and less than 6 characters"). */
export function otpCallText(value: unknown): string | undefined {
	const code = toLatinDigits(String(value ?? '')).trim();
	return /^\d{1,5}$/.test(code) ? code : undefined;
}
