import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import * as fields from '../../helpers/callParameters';
import { sendPerItem } from '../../helpers/sendPerItem';

const operations = ['singleTts'];

export const description: INodeProperties[] = [
	fields.phoneNumberField(operations),
	fields.textField(operations),
	fields.optionsCollection(operations, [fields.retryCountOption, fields.serverIdOption]),
];

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return await sendPerItem(this, '/api/v2/voice/single/tts', (itemIndex) => ({
		phoneNumber: fields.readPhoneNumber(this, itemIndex),
		text: fields.readText(this, itemIndex),
		...fields.readSendOptions(this, itemIndex),
	}));
}
