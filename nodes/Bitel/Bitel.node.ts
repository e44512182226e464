import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { withFastParameters } from '../shared/fastParameters';
import { executeRouted, nodeProperties, subtitleOf } from '../shared/router';
import { testBitelApiToken } from './helpers/credentialTest';
import { callResource } from './resources/call';
import { smsResource } from './resources/sms';
import { verificationResource } from './resources/verification';

const resources = [callResource, smsResource, verificationResource];
const properties = nodeProperties(resources);
const subtitle = subtitleOf(resources);

export class Bitel implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Bitel',
		name: 'bitel',
		icon: { light: 'file:bitel.svg', dark: 'file:bitel.dark.svg' },
		group: ['output'],
		version: [1, 1.1],
		defaultVersion: 1.1,
		subtitle,
		description:
			'Place OTP, recorded and text-to-speech voice calls and send SMS to Iranian phone numbers with Bitel, and check a call’s or SMS’s status by its ID',
		defaults: { name: 'Bitel' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'bitelApi', required: true, testedBy: 'bitelApiTokenTest' }],
		properties,
	};

	methods = {
		credentialTest: { bitelApiTokenTest: testBitelApiToken },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await executeRouted(withFastParameters(this), resources);
	}
}
