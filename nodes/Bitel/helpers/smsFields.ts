import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { invalidParameterError } from '../../shared/outcome';
import { readItem, textValue } from '../../shared/parameters';
import { compactNumber } from '../../shared/phone';
import { phoneNumberField, readOptions, readRequiredText } from './parameters';

/** Parameters of the SMS operations, and their readers. */

export const smsPhoneNumberField = phoneNumberField('The Iranian mobile number to send to.');

export const otpAppNameField: INodeProperties = {
	displayName: 'App Name',
	name: 'appName',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. My Shop',
	description:
		'The name in Bitel’s fixed OTP text: «به {App Name} خوش آمدید / کد یکبار مصرف شما: {Code}»',
};

export function messageField(description: string): INodeProperties {
	return {
		displayName: 'Message',
		name: 'message',
		type: 'string',
		typeOptions: { rows: 3 },
		required: true,
		default: '',
		placeholder: 'e.g. Your order has been shipped',
		description,
	};
}

export const gatewayNumberOption: INodeProperties = {
	displayName: 'Gateway Number',
	name: 'gatewayNumber',
	type: 'string',
	default: '',
	placeholder: 'e.g. 10009909',
	description:
		'The sender number of your Bitel project. Leave empty for the default one, which does not deliver to numbers on the do-not-disturb list.',
};

export function readMessage(context: IExecuteFunctions, itemIndex: number): string {
	return readRequiredText(
		context,
		'message',
		'Message',
		itemIndex,
		'Enter the text of the SMS (spaces alone are not a message).',
	);
}

/** The gateway number option, digits only, sent only when set. */
export function readGatewayOption(context: IExecuteFunctions, itemIndex: number): IDataObject {
	const options = readOptions(context, itemIndex);
	const raw = readItem(context.getNode(), itemIndex, () =>
		textValue(options.gatewayNumber, 'Gateway Number'),
	);
	if (raw === '') return {};
	const gatewayNumber = compactNumber(raw);
	if (!/^\d{3,20}$/.test(gatewayNumber)) {
		throw invalidParameterError(
			context.getNode(),
			'Gateway Number',
			`"${raw}" is not a gateway number`,
			'A gateway number is digits only, like 10009909: copy it from your project in the Bitel panel, or remove the option to use the default one.',
			itemIndex,
		);
	}
	return { gatewayNumber };
}
