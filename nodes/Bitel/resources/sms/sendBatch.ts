import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import {
	dedupeOption,
	phoneNumbersField,
	readDedupe,
	readOptions,
} from '../../helpers/callParameters';
import { readPhoneNumberList, sendInBatches } from '../../helpers/batchPooling';
import { withEstimatedParts } from '../../helpers/smsStatus';
import {
	gatewayNumberOption,
	messageField,
	optionsCollection,
	readGatewayOption,
	readMessage,
	showFor,
	SMS_KIND,
} from '../../helpers/smsParameters';

const operations = ['sendBatch'];

export const description: INodeProperties[] = [
	{
		...phoneNumbersField(operations),
		description:
			'Mobile numbers to send to (Bitel sends no SMS to landlines), separated by commas, semicolons or new lines, or an array from an expression. Numbers from all input items that share the same message and options are sent together, at most 100 per request.',
		displayOptions: showFor(operations),
	},
	messageField(operations, 'The text of the SMS, the same for every number'),
	optionsCollection(operations, [
		{
			...dedupeOption,
			description:
				'Whether to send to a number only once when it appears more than once in this execution. Every copy still gets an output item, marked as a duplicate.',
		},
		gatewayNumberOption,
	]),
];

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const output = await sendInBatches(
		this,
		'/api/v2/sms/batch',
		() => ({}),
		SMS_KIND,
		(itemIndex) => ({
			body: { message: readMessage(this, itemIndex), ...readGatewayOption(this, itemIndex) },
			dedupe: readDedupe(this, itemIndex, readOptions(this, itemIndex)),
			numbers: readPhoneNumberList(this, itemIndex),
		}),
	);
	return withEstimatedParts(output);
}
