import type { INodeProperties } from 'n8n-workflow';

import type { Executors } from '../../../shared/router';

import * as create from './create';
import * as getRecords from './getRecords';

export const voiceNotificationOperations: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['voiceNotification'] } },
	options: [
		{
			name: 'Create',
			value: 'create',
			action: 'Create voice notification',
			description:
				'Create a voice notification: call a number and play recordings or TTS templates to it',
		},
		{
			name: 'Get Call Records',
			value: 'getRecords',
			action: 'Get call records',
			description: 'Get the call records of voice notifications in a time range',
		},
	],
	default: 'create',
};

export const voiceNotificationFields: INodeProperties[] = [
	...create.description,
	...getRecords.description,
];

/** The Voice Notification resource's operation values. */
export type VoiceNotificationOperation = 'create' | 'getRecords';

export const voiceNotificationExecutors: Executors<VoiceNotificationOperation> = {
	create: create.execute,
	getRecords: getRecords.execute,
};
