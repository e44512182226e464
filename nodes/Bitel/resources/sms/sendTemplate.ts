import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { invalidParameterError } from '../../../shared/errors';
import { readItem, textValue } from '../../../shared/parameters';
import { toLatinDigits } from '../../../shared/phone';
import { readPhoneNumber, readRequiredText } from '../../helpers/callParameters';
import { sendPerItem } from '../../helpers/sendPerItem';
import { phoneNumberField, showFor, SMS_KIND, SMS_NUMBERS } from '../../helpers/smsParameters';

const operations = ['sendTemplate'];

export const description: INodeProperties[] = [
	phoneNumberField(operations),
	{
		displayName: 'Template ID',
		name: 'templateId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 1024',
		description: 'The number of a template registered and reviewed in the Bitel panel',
		displayOptions: showFor(operations),
	},
	{
		displayName: 'Template Parameters',
		name: 'templateParams',
		type: 'string',
		default: '',
		placeholder: 'e.g. Sara, 1403/05/12',
		description:
			'The values of the template’s variables, in order: text separated by commas, or an array from an expression',
		displayOptions: showFor(operations),
	},
];

function readTemplateId(context: IExecuteFunctions, itemIndex: number): number {
	const raw = readRequiredText(
		context,
		'templateId',
		'Template ID',
		itemIndex,
		'Enter the number of a template from the Bitel panel.',
	);
	const digits = toLatinDigits(raw);
	if (!/^\d{1,15}$/.test(digits)) {
		throw invalidParameterError(
			context.getNode(),
			'Template ID',
			`"${raw}" is not a template number`,
			'A template ID is a whole number, like 1024: copy it from the templates of your project in the Bitel panel.',
			itemIndex,
		);
	}
	return Number(digits);
}

function readTemplateParams(context: IExecuteFunctions, itemIndex: number): string[] {
	const value = context.getNodeParameter('templateParams', itemIndex, '') as unknown;
	const node = context.getNode();
	if (Array.isArray(value))
		return value.map((entry, position) =>
			readItem(node, itemIndex, () =>
				textValue(entry, `Template Parameters (value ${position + 1})`),
			),
		);
	const text = readItem(node, itemIndex, () => textValue(value, 'Template Parameters'));
	return text === '' ? [] : text.split(',').map((part) => part.trim());
}

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return await sendPerItem(
		this,
		'/api/v2/sms/template',
		(itemIndex) => ({
			phoneNumber: readPhoneNumber(this, itemIndex, SMS_NUMBERS),
			templateId: readTemplateId(this, itemIndex),
			params: readTemplateParams(this, itemIndex),
		}),
		SMS_KIND,
	);
}
