import type { INodeProperties } from 'n8n-workflow';

import type { Executors } from '../../../shared/router';

import * as batch from './batch';
import * as batchTts from './batchTts';
import * as otp from './otp';
import * as single from './single';
import * as singleTts from './singleTts';
import * as status from './status';

export const callOperations: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['call'] } },
	options: [
		{
			name: 'Get Status',
			value: 'status',
			action: 'Get call status',
			description: 'Get the status of a call, optionally waiting until it has finished',
		},
		{
			name: 'Make',
			value: 'single',
			action: 'Make call',
			description: 'Make a call that plays an uploaded voice to one number',
		},
		{
			name: 'Make Batch',
			value: 'batch',
			action: 'Make batch call',
			description: 'Make calls that play an uploaded voice to many numbers, 100 per request',
		},
		{
			name: 'Make Batch TTS',
			value: 'batchTts',
			action: 'Make batch TTS call',
			description:
				'Make calls that read a text to many numbers with text-to-speech, 100 per request',
		},
		{
			name: 'Make OTP',
			value: 'otp',
			action: 'Make OTP call',
			description: 'Make a call that reads a verification code to one number',
		},
		{
			name: 'Make TTS',
			value: 'singleTts',
			action: 'Make TTS call',
			description: 'Make a call that reads a text to one number with text-to-speech',
		},
	],
	default: 'otp',
};

export const callFields: INodeProperties[] = [
	...otp.description,
	...single.description,
	...singleTts.description,
	...batch.description,
	...batchTts.description,
	...status.description,
];

/** The Call resource's operation values. */
export type CallOperation = 'batch' | 'batchTts' | 'otp' | 'single' | 'singleTts' | 'status';

export const callExecutors: Executors<CallOperation> = {
	batch: batch.execute,
	batchTts: batchTts.execute,
	otp: otp.execute,
	single: single.execute,
	singleTts: singleTts.execute,
	status: status.execute,
};
