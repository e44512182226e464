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
	voiceIdField,
} from './fields';
import { sendPerItem } from './sendPerItem';

const operations = ['single'];

export const description: INodeProperties[] = [
	phoneNumberField(operations),
	voiceIdField(operations),
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
	const voiceId = readRequiredText(
		this,
		'voiceId',
		'Voice ID',
		itemIndex,
		'Enter the ID of a voice uploaded in the Bitel panel.',
	);
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	return { phoneNumber, voiceId, ...readSendOptions(options, this, itemIndex) };
}

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return await sendPerItem(this, '/api/v2/voice/single', buildBody.bind(this));
}
