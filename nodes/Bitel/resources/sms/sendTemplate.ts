import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { invalidParameterError } from '../../../shared/outcome';
import { readItem, textValue } from '../../../shared/parameters';
import { toLatinDigits } from '../../../shared/phone';
import { forVersions, listedValues, parameterList } from '../../../shared/properties';
import type { OperationDefinition } from '../../../shared/router';
import { readPhoneNumber, readRequiredText, SMS_NUMBERS } from '../../helpers/parameters';
import { sendEach, SMS } from '../../helpers/sends';
import { smsPhoneNumberField } from '../../helpers/smsFields';

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
	const input = context.getNodeParameter('parametersInput', itemIndex, 'array');
	if (input !== 'list' && input !== 'array') {
		throw invalidParameterError(
			context.getNode(),
			'Specify Template Parameters',
			`"${String(input)}" is not a way to give them`,
			'Choose Using Fields Below or Using an Array.',
			itemIndex,
		);
	}
	const listed = input === 'list';
	const value = listed
		? listedValues(context.getNodeParameter('templateParameters', itemIndex, {}))
		: (context.getNodeParameter('templateParams', itemIndex, '') as unknown);
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

/** The values as text separated by commas, or an array from an expression. */
const templateParamsField: INodeProperties = {
	displayName: 'Template Parameters',
	name: 'templateParams',
	type: 'string',
	default: '',
	placeholder: 'e.g. {{ [$json.name, $json.date] }}',
	description:
		'The values of the template’s variables, in order: an array from an expression, or text separated by commas',
};

export const sendTemplateSms: OperationDefinition = {
	value: 'sendTemplate',
	name: 'Send Template',
	action: 'Send template SMS',
	description: 'Send a template registered in the Bitel panel',
	properties: [
		smsPhoneNumberField,
		{
			displayName: 'Template ID',
			name: 'templateId',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. 1024',
			description: 'The number of a template registered and reviewed in the Bitel panel',
		},
		forVersions([1.1], {
			displayName: 'Specify Template Parameters',
			name: 'parametersInput',
			type: 'options',
			options: [
				{ name: 'Using Fields Below', value: 'list' },
				{ name: 'Using an Array', value: 'array' },
			],
			default: 'list',
		}),
		forVersions([1.1], {
			...parameterList('The values of the template’s variables, in order'),
			displayOptions: { show: { parametersInput: ['list'] } },
		}),
		// Two versions of it, not a hide (docs/n8n-internals.md#versioned-parameters).
		forVersions([1], templateParamsField),
		forVersions([1.1], {
			...templateParamsField,
			displayOptions: { show: { parametersInput: ['array'] } },
		}),
	],
	run: sendEach(SMS, '/api/v2/sms/template', (context, itemIndex) => ({
		phoneNumber: readPhoneNumber(context, itemIndex, SMS_NUMBERS),
		templateId: readTemplateId(context, itemIndex),
		params: readTemplateParams(context, itemIndex),
	})),
};
