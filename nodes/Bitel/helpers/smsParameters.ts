import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { invalidParameterError } from '../../shared/errors';
import { readItem, textValue } from '../../shared/parameters';
import { optionsCollection as sharedOptionsCollection } from '../../shared/properties';
import { compactNumber } from '../../shared/phone';
import { estimateSmsParts, asSmsRecord } from './smsStatus';
import { bitelCall, type BitelSendKind } from './sendPerItem';
import type { NumberRule } from './callParameters';
import {
	phoneNumberField as callPhoneNumberField,
	readOptions,
	readRequiredText,
} from './callParameters';

/** Parameter pieces the SMS operations share, and their readers. */

export function showFor(operations: string[]): INodeProperties['displayOptions'] {
	return { show: { resource: ['sms'], operation: operations } };
}

export function optionsCollection(
	operations: string[],
	options: INodeProperties[],
): INodeProperties {
	return sharedOptionsCollection(showFor(operations), options);
}

export function phoneNumberField(operations: string[]): INodeProperties {
	return {
		...callPhoneNumberField(operations),
		description:
			'The Iranian mobile number to send to. Accepts 09121234567, 9121234567, +98 912 123 4567, 0098… with spaces or dashes, and Persian digits.',
		displayOptions: showFor(operations),
	};
}

export function messageField(operations: string[], description: string): INodeProperties {
	return {
		displayName: 'Message',
		name: 'message',
		type: 'string',
		typeOptions: { rows: 3 },
		required: true,
		default: '',
		placeholder: 'e.g. Your order has been shipped',
		description,
		displayOptions: showFor(operations),
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

/** The SMS send options: a gateway number, digits only, sent only when set. */
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

export const placedSmsNote = (count: number) =>
	`${count} other SMS ${count === 1 ? 'was' : 'were'} already sent in this execution.`;

/** Bitel's SMS go to mobile numbers: a landline is refused before sending (docs/providers/bitel.md#sms). */
export const SMS_NUMBERS: NumberRule = { mobileOnly: true };

/** How a Bitel SMS is read and named; its `id` is the one SMS Status takes. */
export const SMS_KIND: BitelSendKind = {
	numberRule: SMS_NUMBERS,
	toRecord: asSmsRecord,
	reference: (phoneNumber, id) => ({ ...bitelCall(phoneNumber, id), idName: 'SMS ID' }),
	placedNote: placedSmsNote,
	noRecordNote:
		'The SMS may have been sent, so it was not sent again. Check the SMS list in the Bitel panel before sending to this number again.',
};

/** SMS_KIND plus our part-count estimate of the message sent, next to Bitel's `partCount`. */
export const SMS_WITH_PARTS_KIND: BitelSendKind = {
	...SMS_KIND,
	beforeSend: (body) => ({
		body,
		output: { estimatedPartCount: estimateSmsParts(String(body.message ?? '')) },
	}),
};
