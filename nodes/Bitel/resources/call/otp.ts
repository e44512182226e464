import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { invalidParameterError } from '../../../shared/errors';
import { readItem, textValue } from '../../../shared/parameters';
import {
	checkVoiceId,
	normalizeOtpCode,
	optionsCollection,
	phoneNumberField,
	readOptions,
	readPhoneNumber,
	readRequiredText,
	readSendOptions,
	readWholeNumberOption,
	retryCountOption,
	serverIdOption,
	showFor,
} from '../../helpers/callParameters';
import { sendPerItem } from '../../helpers/sendPerItem';

const operations = ['otp'];

export const description: INodeProperties[] = [
	phoneNumberField(operations),
	{
		displayName: 'Code',
		name: 'code',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 4821',
		description:
			'The verification code Bitel reads out: 1 to 5 digits (Persian digits are accepted)',
		displayOptions: showFor(operations),
	},
	optionsCollection(operations, [
		{
			displayName: 'Intro Voice ID',
			name: 'voiceId',
			type: 'string',
			default: '',
			placeholder: 'e.g. 08e815cbcd724386805103ac0d45e4c2',
			description: 'A voice uploaded in the Bitel panel, played before the code is read',
		},
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
];

function buildBody(this: IExecuteFunctions, itemIndex: number): IDataObject {
	const phoneNumber = readPhoneNumber(this, itemIndex);
	const rawCode = readRequiredText(
		this,
		'code',
		'Code',
		itemIndex,
		'Enter the 1 to 5 digit code to read out.',
	);
	const text = normalizeOtpCode(rawCode);
	if (!text) {
		throw invalidParameterError(
			this.getNode(),
			'Code',
			`"${rawCode}" is not a code Bitel can read`,
			'Bitel reads codes of 1 to 5 digits only: use digits, without spaces or letters, and at most 5 of them.',
			itemIndex,
		);
	}
	const options = readOptions(this, itemIndex);
	const body: IDataObject = { phoneNumber, text };
	const introVoiceId = readItem(this.getNode(), itemIndex, () =>
		textValue(options.voiceId, 'Intro Voice ID', { numbers: false }),
	);
	if (introVoiceId !== '')
		body.voiceId = checkVoiceId(this, introVoiceId, 'Intro Voice ID', itemIndex);
	const repeatCount = readWholeNumberOption(
		this,
		itemIndex,
		options,
		'repeatCount',
		'Repeat Count',
		1,
		2,
	);
	// Sent as the OTP Call page types it: a string (docs/providers/bitel.md#calls).
	if (repeatCount !== undefined) body.repeatCount = String(repeatCount);
	return { ...body, ...readSendOptions(this, itemIndex, options) };
}

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return await sendPerItem(this, '/api/v2/voice/otp', buildBody.bind(this));
}
