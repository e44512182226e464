import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { invalidParameterError } from '../../../shared/errors';
import { booleanValue, readItem } from '../../../shared/parameters';
import { toLatinDigits } from '../../../shared/phone';
import {
	readOptions,
	readPhoneNumber,
	readRequiredText,
	readWholeNumberOption,
} from '../../helpers/callParameters';
import { generateOtpCode } from '../../helpers/otpCode';
import { sendPerItem } from '../../helpers/sendPerItem';
import {
	optionsCollection,
	phoneNumberField,
	showFor,
	SMS_KIND,
	SMS_NUMBERS,
} from '../../helpers/smsParameters';

const operations = ['sendOtp'];

const MAX_CODE_LENGTH = 10;

export const description: INodeProperties[] = [
	phoneNumberField(operations),
	{
		displayName: 'App Name',
		name: 'appName',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. My Shop',
		description:
			'The name in Bitel’s fixed OTP text: «به {App Name} خوش آمدید / کد یکبار مصرف شما: {Code}»',
		displayOptions: showFor(operations),
	},
	{
		displayName: 'Code',
		name: 'code',
		type: 'string',
		default: '',
		placeholder: 'e.g. 482193',
		description:
			'The one-time code as the SMS shows it: letters and digits, such as 4821 or 1234Ma (Persian digits are accepted). Ignored when Generate Code is on.',
		displayOptions: showFor(operations),
	},
	optionsCollection(operations, [
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
];

/** The longest code the node sends as written (Bitel documents none: inferred). */
const MAX_WRITTEN_CODE_LENGTH = 20;
const WRITTEN_CODE = /^[A-Za-z0-9]{1,20}$/;

/**
 * A code as Bitel's OTP SMS page types it: a string, example "1234Ma"
 * (docs/providers/bitel.md#sms). Latin letters, kept as written, and digits, Persian and
 * Arabic-Indic ones made Latin; undefined for anything else.
 */
export function readOtpSmsCode(value: string): string | undefined {
	const code = toLatinDigits(value);
	return WRITTEN_CODE.test(code) ? code : undefined;
}

function buildBody(this: IExecuteFunctions, itemIndex: number): IDataObject {
	const phoneNumber = readPhoneNumber(this, itemIndex, SMS_NUMBERS);
	const appName = readRequiredText(
		this,
		'appName',
		'App Name',
		itemIndex,
		'Enter the name of your app or service, shown in the SMS.',
	);
	const options = readOptions(this, itemIndex);
	const generate = readItem(this.getNode(), itemIndex, () =>
		booleanValue(options.generateCode, 'Generate Code', false),
	);
	if (generate) {
		const length =
			readWholeNumberOption(this, itemIndex, options, 'codeLength', 'Code Length', 4, 6) ?? 6;
		if (length > MAX_CODE_LENGTH) {
			throw invalidParameterError(
				this.getNode(),
				'Code Length',
				`${length} is more than ${MAX_CODE_LENGTH} digits`,
				`Set Code Length from 4 to ${MAX_CODE_LENGTH}.`,
				itemIndex,
			);
		}
		// The code itself is drawn just before sending, so that it is no part of the request's
		// identity in the retry memory: a Retry On Fail recalls the first code, never a new SMS.
		return { phoneNumber, appName, generateCodeLength: length };
	}
	const rawCode = readRequiredText(
		this,
		'code',
		'Code',
		itemIndex,
		'Enter the one-time code, or turn on Generate Code in the options.',
	);
	const code = readOtpSmsCode(rawCode);
	if (code === undefined) {
		throw invalidParameterError(
			this.getNode(),
			'Code',
			`"${rawCode}" is not a code of letters and digits`,
			`Use 1 to ${MAX_WRITTEN_CODE_LENGTH} letters (a–z, A–Z) and digits, without spaces or signs, or turn on Generate Code in the options.`,
			itemIndex,
		);
	}
	return { phoneNumber, appName, code };
}

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return await sendPerItem(this, '/api/v2/sms/otp', buildBody.bind(this), {
		...SMS_KIND,
		beforeSend: ({ generateCodeLength, ...body }) => {
			const code =
				generateCodeLength === undefined ? body.code : generateOtpCode(Number(generateCodeLength));
			return { body: { ...body, code }, output: { code } };
		},
	});
}
