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
} from '../../helpers/parameters';
import { sendEach, SMS } from '../../helpers/sends';
import { smsPhoneNumberField } from '../../helpers/smsFields';

const MAX_CODE_LENGTH = 10;

function readBody(context: IExecuteFunctions, itemIndex: number): IDataObject {
	const phoneNumber = readPhoneNumber(context, itemIndex);
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
		'Enter the one-time code, or turn on Generate Code in the options.',
	);
	const code = toLatinDigits(rawCode);
	if (!/^\d{1,20}$/.test(code)) {
		throw invalidParameterError(
			context.getNode(),
			'Code',
			`"${rawCode}" is not a code of digits`,
			'Use digits only, without spaces or letters, or turn on Generate Code in the options.',
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
		{
			displayName: 'App Name',
			name: 'appName',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. My Shop',
			description:
				'The name in Bitel’s fixed OTP text: «به {App Name} خوش آمدید / کد یکبار مصرف شما: {Code}»',
		},
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
				'The one-time code, digits only (Persian digits are accepted). Ignored when Generate Code is on.',
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
