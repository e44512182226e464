import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { invalidParameterError } from '../../../shared/outcome';
import { optionsCollection } from '../../../shared/properties';
import type { OperationDefinition } from '../../../shared/router';
import {
	callPhoneNumberField,
	introVoiceIdOption,
	otpCallText,
	readSendOptions,
	readVoiceIdOption,
	retryCountOption,
	serverIdOption,
} from '../../helpers/callFields';
import {
	drawGeneratedCode,
	generateCodeProperties,
	readGeneratedCodeLength,
	readOptions,
	readPhoneNumber,
	readRequiredText,
	readWholeNumberOption,
} from '../../helpers/parameters';
import { CALLS, sendEach } from '../../helpers/sends';
import { MAX_CALL_CODE_LENGTH } from '../../helpers/verification';

function readCode(context: IExecuteFunctions, itemIndex: number): string {
	const rawCode = readRequiredText(
		context,
		'code',
		'Code',
		itemIndex,
		'Enter the 1 to 5 digit code to read out, or turn on Generate Code.',
	);
	const text = otpCallText(rawCode);
	if (!text) {
		throw invalidParameterError(
			context.getNode(),
			'Code',
			`"${rawCode}" is not a code Bitel can read`,
			'Bitel reads codes of 1 to 5 digits only: use digits, without spaces or letters, and at most 5 of them.',
			itemIndex,
		);
	}
	return text;
}

function readBody(context: IExecuteFunctions, itemIndex: number): IDataObject {
	const phoneNumber = readPhoneNumber(context, itemIndex);
	const generateCodeLength = readGeneratedCodeLength(context, itemIndex, MAX_CALL_CODE_LENGTH, 5);
	const body: IDataObject =
		generateCodeLength === undefined
			? { phoneNumber, text: readCode(context, itemIndex) }
			: { phoneNumber, generateCodeLength };
	const options = readOptions(context, itemIndex);
	const voiceId = readVoiceIdOption(context, itemIndex, options.voiceId, 'Intro Voice ID');
	if (voiceId !== undefined) body.voiceId = voiceId;
	const repeatCount = readWholeNumberOption(
		context,
		itemIndex,
		options,
		'repeatCount',
		'Repeat Count',
		1,
		2,
	);
	// Sent as the OTP Call page types it: a string (docs/providers/bitel.md#calls).
	if (repeatCount !== undefined) body.repeatCount = String(repeatCount);
	return { ...body, ...readSendOptions(context, itemIndex, options) };
}

export const makeOtp: OperationDefinition = {
	value: 'otp',
	name: 'Make OTP',
	action: 'Make OTP call',
	description: 'Make a call that reads a verification code to one number',
	properties: [
		callPhoneNumberField,
		...generateCodeProperties(MAX_CALL_CODE_LENGTH, 'Bitel’s OTP call reads at most 5 digits'),
		{
			displayName: 'Code',
			name: 'code',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. 4821',
			description:
				'The verification code Bitel reads out: 1 to 5 digits (Persian digits are accepted)',
			hint: 'The callee hears the Intro Voice (if set), then the code digit by digit, Repeat Count times (2 by default)',
			displayOptions: { hide: { generateCode: [true] } },
		},
		optionsCollection(undefined, [
			introVoiceIdOption,
			{
				displayName: 'Repeat Count',
				name: 'repeatCount',
				type: 'number',
				typeOptions: { minValue: 1, numberPrecision: 0 },
				default: 2,
				description: 'How many times the code is read out. Bitel’s default is 2.',
			},
			retryCountOption,
			serverIdOption,
		]),
	],
	run: sendEach({ ...CALLS, beforeSend: drawGeneratedCode('text') }, '/api/v2/voice/otp', readBody),
};
