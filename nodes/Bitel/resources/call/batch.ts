import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import {
	dedupeOption,
	phoneNumbersField,
	readRequiredText,
	retryCountOption,
	serverIdOption,
	showFor,
	voiceIdField,
} from './fields';
import { sendBatch } from './sendBatch';

const operations = ['batch'];

export const description: INodeProperties[] = [
	phoneNumbersField(operations),
	voiceIdField(operations),
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
	return await sendBatch(this, '/api/v2/voice/batch', (itemIndex) => ({
		voiceId: readRequiredText(
			this,
			'voiceId',
			'Voice ID',
			itemIndex,
			'Enter the ID of a voice uploaded in the Bitel panel.',
		),
	}));
}
