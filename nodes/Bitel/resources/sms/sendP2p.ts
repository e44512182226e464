import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { invalidParameterError } from '../../../shared/errors';
import { readPhoneNumberAsWritten } from '../../helpers/callParameters';
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
	SMS_NUMBERS,
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

/**
 * Lists where one pair per item is expected (numbers and messages from a sheet read as two
 * columns): refused before anything is sent, since pairing them by position could send a
 * message to the wrong person when the counts differ.
 */
function refuseLists(context: IExecuteFunctions, itemIndex: number): void {
	const numbers = context.getNodeParameter('phoneNumber', itemIndex, '') as unknown;
	const messages = context.getNodeParameter('message', itemIndex, '') as unknown;
	if (!Array.isArray(numbers) && !Array.isArray(messages)) return;
	const count = (value: unknown, noun: string) =>
		Array.isArray(value) ? `a list of ${value.length} ${noun}s` : `one ${noun}`;
	throw invalidParameterError(
		context.getNode(),
		Array.isArray(numbers) ? 'Phone Number' : 'Message',
		`${count(numbers, 'number')} and ${count(messages, 'message')}`,
		'Send Personalized Batch takes one number and its own message per item: split the lists into items first (the Split Out node), or use Send Batch to send one message to many numbers.',
		itemIndex,
	);
}

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	// One pair per item, never deduplicated: two items with the same number are two messages.
	const output = await sendInBatches(
		this,
		'/api/v2/sms/batch/p2p',
		() => ({}),
		SMS_KIND,
		(itemIndex) => {
			// A bad number fails here, as this item's "Phone Number"; the batch gets the number
			// as written, so the output's inputPhoneNumber matches the item's data.
			refuseLists(this, itemIndex);
			const { asWritten } = readPhoneNumberAsWritten(this, itemIndex, SMS_NUMBERS);
			return {
				body: readGatewayOption(this, itemIndex),
				dedupe: false,
				numbers: [asWritten],
				own: { messages: readMessage(this, itemIndex) },
			};
		},
	);
	return withEstimatedParts(output);
}
