import type { IExecuteFunctions } from 'n8n-workflow';

import { invalidParameterError } from '../../../shared/outcome';
import { optionsCollection } from '../../../shared/properties';
import type { OperationDefinition } from '../../../shared/router';
import { readPhoneNumberAsWritten, SMS_NUMBERS } from '../../helpers/parameters';
import { sendInBatches, SMS_TEXTS } from '../../helpers/sends';
import {
	gatewayNumberOption,
	messageField,
	readGatewayOption,
	readMessage,
	smsPhoneNumberField,
} from '../../helpers/smsFields';

/**
 * Lists where one pair per item is expected are refused before anything is sent: pairing them
 * by position could send a message to the wrong person when the counts differ.
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

export const sendPersonalizedBatchSms: OperationDefinition = {
	value: 'sendP2p',
	name: 'Send Personalized Batch',
	action: 'Send personalized batch SMS',
	description: 'Send each item’s own message to its number, 100 pairs per request',
	properties: [
		{
			...smsPhoneNumberField,
			description:
				'The number of this item. Each item gives its own number and message; the pairs of all items that share the options are sent together, at most 100 per request.',
		},
		messageField('The message for this item’s number'),
		optionsCollection(undefined, [gatewayNumberOption]),
	],
	// One pair per item, never deduplicated: two items with the same number are two messages.
	run: sendInBatches(SMS_TEXTS, '/api/v2/sms/batch/p2p', (context, itemIndex) => {
		refuseLists(context, itemIndex);
		// A bad number fails as this item's Phone Number; the output keeps the number as written.
		const { asWritten } = readPhoneNumberAsWritten(context, itemIndex, SMS_NUMBERS);
		return {
			body: readGatewayOption(context, itemIndex),
			dedupe: false,
			numbers: [asWritten],
			own: { messages: readMessage(context, itemIndex) },
		};
	}),
};
