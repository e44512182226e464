import { optionsCollection } from '../../../shared/properties';
import type { OperationDefinition } from '../../../shared/router';
import { readPhoneNumber, SMS_NUMBERS } from '../../helpers/parameters';
import { sendEach, SMS_TEXTS } from '../../helpers/sends';
import {
	gatewayNumberOption,
	messageField,
	readGatewayOption,
	readMessage,
	smsPhoneNumberField,
} from '../../helpers/smsFields';

export const sendSms: OperationDefinition = {
	value: 'send',
	name: 'Send',
	action: 'Send SMS',
	description: 'Send a message to one number',
	properties: [
		smsPhoneNumberField,
		messageField('The text of the SMS'),
		optionsCollection(undefined, [gatewayNumberOption]),
	],
	run: sendEach(SMS_TEXTS, '/api/v2/sms/single', (context, itemIndex) => ({
		message: readMessage(context, itemIndex),
		phoneNumber: readPhoneNumber(context, itemIndex, SMS_NUMBERS),
		...readGatewayOption(context, itemIndex),
	})),
};
