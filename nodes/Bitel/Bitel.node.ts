import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { withFastParameters } from '../shared/fastParameters';
import type { NodeExecutors } from '../shared/router';
import { executeRouted } from '../shared/router';
import { testBitelApiToken } from './helpers/credentialTest';
import type { CallOperation } from './resources/call';
import { callExecutors, callFields, callOperations } from './resources/call';
import type { SmsOperation } from './resources/sms';
import { smsExecutors, smsFields, smsOperations } from './resources/sms';

/** The node's resource values and, for each, its operation values. */
type BitelNodeMap = { call: CallOperation; sms: SmsOperation };

const executors: NodeExecutors<BitelNodeMap> = {
	call: callExecutors,
	sms: smsExecutors,
};

/**
 * Programmatic rather than declarative on purpose: batch operations pool the numbers
 * of all input items into requests of 100, status polling checks all items together,
 * and every request follows the never-send-twice rule in ./transport.ts.
 */
export class Bitel implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Bitel',
		name: 'bitel',
		icon: { light: 'file:bitel.svg', dark: 'file:bitel.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description:
			'Place OTP, recorded and text-to-speech voice calls and send SMS to Iranian phone numbers with Bitel, and check a call’s or SMS’s status by its ID',
		defaults: { name: 'Bitel' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'bitelApi', required: true, testedBy: 'bitelApiTokenTest' }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Call', value: 'call' },
					{ name: 'SMS', value: 'sms' },
				],
				default: 'call',
			},
			callOperations,
			...callFields,
			smsOperations,
			...smsFields,
		],
	};

	methods = {
		credentialTest: { bitelApiTokenTest: testBitelApiToken },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		// Parameters read fast where that gives n8n's own answer (shared/fastParameters.ts).
		return await executeRouted(withFastParameters(this), executors, (resource, operation) => ({
			message: `The operation "${operation}" is not supported for the resource "${resource}"`,
			description: 'Choose one of the operations listed for the resource.',
		}));
	}
}
