import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import {
	dedupeOption,
	phoneNumbersField,
	readRequiredText,
	retryCountOption,
	serverIdOption,
	showFor,
	textField,
} from './fields';
import { sendBatch } from './sendBatch';

const operations = ['batchTts'];

export const description: INodeProperties[] = [
	phoneNumbersField(operations),
	textField(operations),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: showFor(operations),
		options: [dedupeOption, retryCountOption, serverIdOption],
	},
];

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return await sendBatch(this, '/api/v2/voice/batch/tts', (itemIndex) => ({
		text: readRequiredText(
			this,
			'text',
			'Text',
			itemIndex,
			'Enter the text Bitel should read to the callees.',
		),
	}));
}
