import type { INodeProperties } from 'n8n-workflow';

import type { Executors } from '../../../shared/router';

import * as send from './send';
import * as sendBatch from './sendBatch';
import * as sendOtp from './sendOtp';
import * as sendP2p from './sendP2p';
import * as sendTemplate from './sendTemplate';
import * as status from './status';

export const smsOperations: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['sms'] } },
	options: [
		{
			name: 'Get Status',
			value: 'status',
			action: 'Get SMS status',
			description: 'Get the delivery status of an SMS, optionally waiting for a final one',
		},
		{
			name: 'Send',
			value: 'send',
			action: 'Send SMS',
			description: 'Send a message to one number',
		},
		{
			name: 'Send Batch',
			value: 'sendBatch',
			action: 'Send batch SMS',
			description: 'Send one message to many numbers, 100 per request',
		},
		{
			name: 'Send OTP',
			value: 'sendOtp',
			action: 'Send OTP SMS',
			description:
				'Send a one-time code in Bitel’s OTP text, delivered even to do-not-disturb numbers',
		},
		{
			name: 'Send Personalized Batch',
			value: 'sendP2p',
			action: 'Send personalized batch SMS',
			description: 'Send each item’s own message to its number, 100 pairs per request',
		},
		{
			name: 'Send Template',
			value: 'sendTemplate',
			action: 'Send template SMS',
			description: 'Send a template registered in the Bitel panel',
		},
	],
	default: 'sendOtp',
};

export const smsFields: INodeProperties[] = [
	...sendOtp.description,
	...sendTemplate.description,
	...send.description,
	...sendBatch.description,
	...sendP2p.description,
	...status.description,
];

/** The SMS resource's operation values. */
export type SmsOperation = 'send' | 'sendBatch' | 'sendOtp' | 'sendP2p' | 'sendTemplate' | 'status';

export const smsExecutors: Executors<SmsOperation> = {
	send: send.execute,
	sendBatch: sendBatch.execute,
	sendOtp: sendOtp.execute,
	sendP2p: sendP2p.execute,
	sendTemplate: sendTemplate.execute,
	status: status.execute,
};
