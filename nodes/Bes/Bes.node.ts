import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import type { NodeExecutors } from '../shared/router';
import { executeRouted } from '../shared/router';
import type { VoiceNotificationOperation } from './resources/voiceNotification';
import {
	voiceNotificationExecutors,
	voiceNotificationFields,
	voiceNotificationOperations,
} from './resources/voiceNotification';

/** The node's resource values and, for each, its operation values. */
type BesNodeMap = { voiceNotification: VoiceNotificationOperation };

const executors: NodeExecutors<BesNodeMap> = { voiceNotification: voiceNotificationExecutors };

/**
 * Programmatic rather than declarative on purpose: every item is validated before
 * anything is sent, a BES retCode other than "0" arrives with HTTP 200 and must become
 * an error, call records are read over several ≤7-day windows and pages, and every
 * request follows the never-send-twice rule in ./transport.ts.
 */
export class Bes implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'BES',
		name: 'bes',
		icon: { light: 'file:bes.svg', dark: 'file:bes.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description:
			'Send voice notifications (calls that play approved recordings or TTS templates) with BES (Huawei Cloud CEC) and read their call records',
		defaults: { name: 'BES' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'besApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [{ name: 'Voice Notification', value: 'voiceNotification' }],
				default: 'voiceNotification',
			},
			voiceNotificationOperations,
			...voiceNotificationFields,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await executeRouted(this, executors, (_resource, operation) => ({
			message: `The operation "${operation}" is not supported`,
			description: 'Choose one of the operations listed for the Voice Notification resource.',
		}));
	}
}
