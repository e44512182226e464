import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { readPhoneNumber } from '../../helpers/callParameters';
import { sendInBatches } from '../../helpers/batchPooling';
import { withEstimatedParts } from '../../helpers/smsStatus';
import {
	gatewayNumberOption,
	messageField,
	optionsCollection,
	phoneNumberField,
	readGatewayOption,
	readMessage,
	SMS_KIND,
} from '../../helpers/smsParameters';

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
	const output = await sendInBatches(
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
