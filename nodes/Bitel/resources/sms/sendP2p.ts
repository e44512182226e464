import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { readPhoneNumber } from '../../helpers/callParameters';
import { sendBatch } from '../../helpers/batchPooling';
import {
	gatewayNumberOption,
	messageField,
	optionsCollection,
	phoneNumberField,
	readGatewayOption,
	readMessage,
	SMS_KIND,
} from '../../helpers/smsParameters';
import { withEstimatedParts } from './sendBatch';

const operations = ['sendP2p'];

export const description: INodeProperties[] = [
	{
		...phoneNumberField(operations),
		description:
			'The number of this item. Each item gives its own number and message; the pairs of all items that share the options are sent together, at most 100 per request.',
	},
	messageField(operations, 'The message for this item’s number'),
	optionsCollection(operations, [gatewayNumberOption]),
];

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	// One pair per item, never deduplicated: two items with the same number are two messages.
	const output = await sendBatch(
		this,
		'/api/v2/sms/batch/p2p',
		() => ({}),
		SMS_KIND,
		(itemIndex) => ({
			body: readGatewayOption(this, itemIndex),
			dedupe: false,
			numbers: [readPhoneNumber(this, itemIndex)],
			own: { messages: readMessage(this, itemIndex) },
		}),
	);
	return withEstimatedParts(output);
}
