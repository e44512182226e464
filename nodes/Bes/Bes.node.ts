import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { executeRouted, nodeProperties, subtitleOf } from '../shared/router';
import { voiceNotificationResource } from './resources/voiceNotification';

const resources = [voiceNotificationResource];
const properties = nodeProperties(resources);
const subtitle = subtitleOf(resources);

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
		version: [1, 1.1],
		defaultVersion: 1.1,
		subtitle,
		description:
			'Send voice notifications (calls that play approved recordings or TTS templates) with BES (Huawei Cloud CEC) and read their call records',
		defaults: { name: 'BES' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'besApi', required: true }],
		properties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await executeRouted(this, resources);
	}
}
