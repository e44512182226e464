import { optionsCollection } from '../../../shared/properties';
import type { OperationDefinition } from '../../../shared/router';
import {
	dedupeOption,
	phoneNumbersField,
	readDedupe,
	readOptions,
	readPhoneNumberList,
} from '../../helpers/parameters';
import { sendInBatches, SMS_TEXTS } from '../../helpers/sends';
import {
	gatewayNumberOption,
	messageField,
	readGatewayOption,
	readMessage,
} from '../../helpers/smsFields';

export const sendBatchSms: OperationDefinition = {
	value: 'sendBatch',
	name: 'Send Batch',
	action: 'Send batch SMS',
	description: 'Send one message to many numbers, 100 per request',
	properties: [
		phoneNumbersField(
			'Mobile numbers to send to (Bitel sends no SMS to landlines), separated by commas, semicolons or new lines, or an array from an expression. Numbers from all input items that share the same message and options are sent together, at most 100 per request.',
		),
		messageField('The text of the SMS, the same for every number'),
		optionsCollection(undefined, [
			dedupeOption(
				'Whether to send to a number only once when it appears more than once in this execution. Every copy still gets an output item, marked as a duplicate.',
			),
			gatewayNumberOption,
		]),
	],
	run: sendInBatches(SMS_TEXTS, '/api/v2/sms/batch', (context, itemIndex) => ({
		body: { message: readMessage(context, itemIndex), ...readGatewayOption(context, itemIndex) },
		dedupe: readDedupe(context, itemIndex, readOptions(context, itemIndex)),
		numbers: readPhoneNumberList(context, itemIndex),
	})),
};
