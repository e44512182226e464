import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { readPhoneNumber } from '../../helpers/callParameters';
import { sendPerItem } from '../../helpers/sendPerItem';
import {
	gatewayNumberOption,
	messageField,
	optionsCollection,
	phoneNumberField,
	readGatewayOption,
	readMessage,
	SMS_NUMBERS,
	SMS_WITH_PARTS_KIND,
} from '../../helpers/smsParameters';

const operations = ['send'];

export const description: INodeProperties[] = [
	phoneNumberField(operations),
	messageField(operations, 'The text of the SMS'),
	optionsCollection(operations, [gatewayNumberOption]),
];

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return await sendPerItem(
		this,
		'/api/v2/sms/single',
		(itemIndex) => ({
			message: readMessage(this, itemIndex),
			phoneNumber: readPhoneNumber(this, itemIndex, SMS_NUMBERS),
			...readGatewayOption(this, itemIndex),
		}),
		SMS_WITH_PARTS_KIND,
	);
}
