import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { showFor } from '../../helpers/callParameters';
import { asCallRecord, withStatusDetails } from '../../helpers/callStatus';
import type { StatusSpec } from '../../helpers/getStatus';
import { getStatus, statusDescription } from '../../helpers/getStatus';

const CALL_STATUS: StatusSpec = {
	displayOptions: showFor(['status']),
	idParameter: {
		displayName: 'Call ID',
		name: 'callId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 69b9e312e3b64b3880760639f5dfdffa',
		description:
			'The call ID a Bitel call operation returned. For a batch, each number has its own call ID.',
	},
	idDisplayName: 'Call ID',
	idFix: 'Use the "id" a Bitel call operation returned.',
	idNoun: 'call ID',
	path: (id) => `/api/v2/voice/status/${id}`,
	withDetails: withStatusDetails,
	toRecord: asCallRecord,
	finalWords: 'the call has finished (any status other than WAITING)',
};

export const description = statusDescription(CALL_STATUS);

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return await getStatus.call(this, CALL_STATUS);
}
