import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import {
	phoneNumberField,
	readPhoneNumber,
	readRequiredText,
	readSendOptions,
	retryCountOption,
	serverIdOption,
	showFor,
	textField,
} from './fields';
import { sendPerItem } from './sendPerItem';

const operations = ['singleTts'];

export const description: INodeProperties[] = [
	phoneNumberField(operations),
	textField(operations),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: showFor(operations),
		options: [retryCountOption, serverIdOption],
	},
];

function buildBody(this: IExecuteFunctions, itemIndex: number): IDataObject {
	const phoneNumber = readPhoneNumber(this, itemIndex);
	const text = readRequiredText(
		this,
		'text',
		'Text',
		itemIndex,
		'Enter the text Bitel should read to the callee.',
	);
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	return { phoneNumber, text, ...readSendOptions(options, this, itemIndex) };
}

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return await sendPerItem(this, '/api/v2/voice/single/tts', buildBody.bind(this));
}
