import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import * as fields from '../../helpers/callParameters';
import { sendInBatches } from '../../helpers/batchPooling';

const operations = ['batch'];

export const description: INodeProperties[] = [
	fields.phoneNumbersField(operations),
	fields.voiceIdField(operations),
	fields.optionsCollection(operations, [
		fields.dedupeOption,
		fields.retryCountOption,
		fields.serverIdOption,
	]),
];

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return await sendInBatches(this, '/api/v2/voice/batch', (itemIndex) => ({
		voiceId: fields.readVoiceId(this, itemIndex),
	}));
}
