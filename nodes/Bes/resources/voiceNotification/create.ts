import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { booleanValue, readItem, wholeNumberValue } from '../../../shared/parameters';
import { optionsCollection, parameterList } from '../../../shared/properties';
import type { OperationDefinition } from '../../../shared/router';
import type { SendOperation, SendUnit } from '../../../shared/runner';
import { CREATE_RET_CODES } from '../../helpers/retCodes';
import type { PlayItem } from '../../helpers/voiceNotificationParameters';
import {
	SOURCE_LABEL,
	normalizeCalled,
	prepareCallbackUrl,
	readCallerPresent,
	readPlayList,
} from '../../helpers/voiceNotificationParameters';
import type { BesRequest } from '../../transport';
import {
	CREATE_PATH,
	createBesClient,
	CREATES_NOTIFICATION,
	readCallSerialNo,
} from '../../transport';

/** Notifications in flight at once (after the first, which goes alone: see transport.ts). */
const SEND_CONCURRENCY = 4;

const REMOVE = 'or remove the option';

/** BES's priorities 1 (highest) to 9 (lowest, its default), by name. */
const PRIORITIES = [
	'Highest',
	'Very High',
	'High',
	'Above Normal',
	'Normal',
	'Below Normal',
	'Low',
	'Very Low',
	'Lowest (Default)',
];

const properties: INodeProperties[] = [
	{
		displayName: 'Called Number',
		name: 'called',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 88880000',
		description:
			'The number to call, digits only (a leading + is kept), at most 32 characters. Spaces and dashes are removed.',
	},
	{
		displayName: 'Play List',
		name: 'playList',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		required: true,
		default: {},
		placeholder: 'Add Entry',
		description:
			'What BES plays, in order: 1 to 5 approved recordings, IVR voice files or TTS templates',
		options: [
			{
				displayName: 'Entry',
				name: 'entry',
				values: [
					{
						displayName: 'Source',
						name: 'source',
						type: 'options',
						options: [
							{
								name: 'Template ID',
								value: 'templateId',
								description: 'An approved TTS text template, read with the parameters below',
							},
							{
								name: 'Voice File Name',
								value: 'voiceFileName',
								description: 'An IVR voice file by its name',
							},
							{
								name: 'Voice ID',
								value: 'voiceId',
								description: 'An approved recording, by its ID',
							},
						],
						default: 'voiceId',
					},
					...(['voiceId', 'voiceFileName', 'templateId'] as const).map(
						(source): INodeProperties => ({
							displayName: SOURCE_LABEL[source],
							name: 'value',
							type: 'string',
							default: '',
							placeholder:
								source === 'voiceFileName' ? 'e.g. welcome.wav' : 'e.g. 1201763136043459597',
							description: `The ${SOURCE_LABEL[source]} from the CEC console`,
							displayOptions: { show: { source: [source] } },
						}),
					),
					{
						...parameterList(
							"Values for the template's variables, in order: 1 to 10 values of at most 32 bytes each, without $, { or }. None for a template without variables.",
						),
						displayOptions: { show: { source: ['templateId'], '@version': [1.1] } },
					},
					{
						displayName: 'Template Parameters',
						name: 'templateParams',
						type: 'string',
						default: '',
						placeholder: 'e.g. 3, Main gate',
						description:
							"Values for the template's variables, in order, separated by commas, or an array from an expression. 1 to 10 values of at most 32 bytes each, without $, { or }. Leave empty for a template without variables.",
						displayOptions: { show: { source: ['templateId'], '@version': [1] } },
					},
				],
			},
		],
	},
	optionsCollection(undefined, [
		{
			displayName: 'Callback URL',
			name: 'callBackUrl',
			type: 'string',
			default: '',
			placeholder: 'e.g. https://n8n.example.com/webhook/bes',
			description:
				'Where BES posts the release event when the call ends (the BES Trigger node receives it). Its host must be on the tenant\'s "mobile agent callback URL trustlist". At most 256 characters as sent.',
		},
		{
			displayName: 'Caller Number',
			name: 'callerPresent',
			type: 'string',
			default: '',
			placeholder: 'e.g. 960003',
			description:
				"The number the callee sees (CLIP): one of the tenant's access codes. Leave empty for the tenant's default access code.",
		},
		{
			displayName: 'Encode Callback URL',
			name: 'encodeCallBackUrl',
			type: 'boolean',
			default: true,
			description:
				"Whether to send the callback URL Base64-encoded (UTF-8), as BES's voice-notification docs ask. Turn off only for a tenant that expects it plain.",
		},
		{
			displayName: 'Play Times',
			name: 'playTimes',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 5, numberPrecision: 0 },
			default: 1,
			description: 'How many times the play list is played, 1 to 5',
		},
		{
			displayName: 'Priority',
			name: 'priority',
			type: 'options',
			options: PRIORITIES.map((name, index) => ({ name, value: index + 1 })),
			default: 9,
			description: 'Which calls BES places first when many are waiting (its 1 to 9, 1 the highest)',
		},
	]),
];

function readNotification(context: IExecuteFunctions, itemIndex: number): SendUnit {
	return readItem(context.getNode(), itemIndex, () => {
		const called = normalizeCalled(context.getNodeParameter('called', itemIndex, ''));
		const playList: PlayItem[] = readPlayList(context.getNodeParameter('playList', itemIndex, {}));
		const options = context.getNodeParameter('options', itemIndex, {}) as IDataObject;

		const callerPresent = readCallerPresent(options.callerPresent);
		const callBackUrl = prepareCallbackUrl(
			options.callBackUrl,
			booleanValue(options.encodeCallBackUrl, 'Encode Callback URL', true),
		);
		const playTimes = wholeNumberValue(options.playTimes, 'Play Times', {
			min: 1,
			max: 5,
			unset: REMOVE,
		});
		const priority = wholeNumberValue(options.priority, 'Priority', {
			min: 1,
			max: 9,
			unset: REMOVE,
		});

		const body: IDataObject = { called, playList: playList as IDataObject[] };
		const requested: IDataObject = { called, playList: playList as IDataObject[] };
		if (callerPresent !== undefined) body.callerPresent = requested.callerPresent = callerPresent;
		if (callBackUrl !== undefined) {
			body.callBackUrl = callBackUrl;
			requested.callBackUrl = String(options.callBackUrl).trim();
		}
		if (playTimes !== undefined) body.playTimes = requested.playTimes = playTimes;
		// BES documents priority as a string "1".."9"
		// (docs/providers/bes.md#createvoicenotification-v2).
		if (priority !== undefined) body.priority = requested.priority = String(priority);
		return { itemIndex, body, number: called, fields: { called }, echo: requested };
	});
}

const createNotification: SendOperation<BesRequest> = {
	kind: 'send',
	effect: CREATES_NOTIFICATION,
	request: {
		method: 'POST',
		path: CREATE_PATH,
		action: 'create the voice notification',
		retCodes: CREATE_RET_CODES,
	},
	read: readNotification,
	connect: createBesClient,
	concurrency: SEND_CONCURRENCY,
	toRecord: (body) => body as IDataObject,
	finish: (body, unit) => {
		const callSerialNo = readCallSerialNo(body);
		if (callSerialNo !== undefined)
			return { status: 'accepted', json: { callSerialNo, ...unit.echo } };
		return {
			status: 'unknown',
			message: 'BES reported the notification as created but sent no call serial number',
			description:
				'The call may be placed, so the request was not sent again. Look the number up with "Get Call Records" before sending it again.',
			providerCode: String(body.retCode),
		};
	},
};

export const createVoiceNotification: OperationDefinition = {
	value: 'create',
	name: 'Create',
	action: 'Create voice notification',
	description:
		'Create a voice notification: call a number and play recordings or TTS templates to it',
	properties,
	run: createNotification,
};
