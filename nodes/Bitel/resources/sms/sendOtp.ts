import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { invalidParameterError } from '../../../shared/outcome';
import { toLatinDigits } from '../../../shared/phone';
import { forVersions, optionsCollection } from '../../../shared/properties';
import type { OperationDefinition } from '../../../shared/router';
import {
	drawGeneratedCode,
	generateCodeProperties,
	readGeneratedCodeLength,
	readPhoneNumber,
	readRequiredText,
	SMS_NUMBERS,
} from '../../helpers/parameters';
import { sendEach, SMS } from '../../helpers/sends';
import { otpAppNameField, smsPhoneNumberField } from '../../helpers/smsFields';

const MAX_CODE_LENGTH = 10;

/** The longest code the node sends as written (Bitel documents none: inferred). */
const MAX_WRITTEN_CODE_LENGTH = 20;
const WRITTEN_CODE = /^[A-Za-z0-9]{1,20}$/;

/**
 * A code as Bitel's OTP SMS page types it: a string, example "1234Ma" (docs/providers/bitel.md#sms):
 * Latin letters as written, digits made Latin; undefined for anything else.
 */
export function readOtpSmsCode(value: string): string | undefined {
	const code = toLatinDigits(value);
	return WRITTEN_CODE.test(code) ? code : undefined;
}

function readBody(context: IExecuteFunctions, itemIndex: number): IDataObject {
	const phoneNumber = readPhoneNumber(context, itemIndex, SMS_NUMBERS);
	const appName = readRequiredText(
		context,
		'appName',
		'App Name',
		itemIndex,
		'Enter the name of your app or service, shown in the SMS.',
	);
	const generateCodeLength = readGeneratedCodeLength(context, itemIndex, MAX_CODE_LENGTH, 6);
	if (generateCodeLength !== undefined) return { phoneNumber, appName, generateCodeLength };
	const rawCode = readRequiredText(
		context,
		'code',
		'Code',
		itemIndex,
		'Enter the one-time code, or turn on Generate Code.',
	);
	const code = readOtpSmsCode(rawCode);
	if (code === undefined) {
		throw invalidParameterError(
			context.getNode(),
			'Code',
			`"${rawCode}" is not a code of letters and digits`,
			`Use 1 to ${MAX_WRITTEN_CODE_LENGTH} letters (a–z, A–Z) and digits, without spaces or signs, or turn on Generate Code.`,
			itemIndex,
		);
	}
	return { phoneNumber, appName, code };
}

export const sendOtpSms: OperationDefinition = {
	value: 'sendOtp',
	name: 'Send OTP',
	action: 'Send OTP SMS',
	description: 'Send a one-time code in Bitel’s OTP text, delivered even to do-not-disturb numbers',
	properties: [
		smsPhoneNumberField,
		otpAppNameField,
		...generateCodeProperties(
			MAX_CODE_LENGTH,
			'5 digits also fit Bitel’s OTP call, so a call can read the same code',
		),
		{
			displayName: 'Code',
			name: 'code',
			type: 'string',
			default: '',
			placeholder: 'e.g. 48213',
			description:
				'The one-time code as the SMS shows it: letters and digits, such as 4821 or 1234Ma (Persian digits are accepted). Ignored when Generate Code is on.',
			displayOptions: { hide: { generateCode: [true] } },
		},
		forVersions(
			[1],
			optionsCollection(undefined, [
				{
					displayName: 'Code Length',
					name: 'codeLength',
					type: 'number',
					typeOptions: { minValue: 4, maxValue: MAX_CODE_LENGTH, numberPrecision: 0 },
					default: 6,
					description: 'With Generate Code: how many digits the code has',
				},
				{
					displayName: 'Generate Code',
					name: 'generateCode',
					type: 'boolean',
					default: false,
					description:
						'Whether to send a cryptographically random code instead of Code. The output carries it as "code", so a later node can compare what the user types.',
				},
			]),
		),
	],
	run: sendEach(
		{ ...SMS, beforeSend: drawGeneratedCode('code', true) },
		'/api/v2/sms/otp',
		readBody,
	),
};
