import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { asSmsRecord, withSmsStatusDetails } from '../../helpers/smsStatus';
import type { StatusSpec } from '../../helpers/getStatus';
import { getStatus, statusDescription } from '../../helpers/getStatus';
import { showFor } from '../../helpers/smsParameters';

const SMS_STATUS: StatusSpec = {
	displayOptions: showFor(['status']),
	idParameter: {
		displayName: 'SMS ID',
		name: 'smsId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 69b9e312e3b64b3880760639f5dfdffa',
		description:
			'The ID a Bitel SMS operation returned. For a batch, each number has its own SMS ID.',
	},
	idDisplayName: 'SMS ID',
	idFix: 'Use the "id" a Bitel SMS operation returned.',
	idNoun: 'SMS ID',
	path: (id) => `/api/v2/sms/status/${id}`,
	withDetails: withSmsStatusDetails,
	toRecord: asSmsRecord,
	finalWords:
		'the SMS has a final status (not WAITING, and not CHECK_OK, after which a delivery report may follow)',
	notFound: (id) => ({
		message: `Bitel has no SMS with the SMS ID "${id}"`,
		description:
			'Use the "id" a Bitel SMS operation returned (in a batch, each number has its own). A call ID is not an SMS ID: for a call, use Get Status of the Call resource. Bitel may not know an SMS sent a moment ago yet: turn on Wait for Final Status to check again.',
	}),
};

export const description = statusDescription(SMS_STATUS);

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return await getStatus.call(this, SMS_STATUS);
}
