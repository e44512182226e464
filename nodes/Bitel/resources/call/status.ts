import type { OperationDefinition } from '../../../shared/router';
import { asCallRecord, withStatusDetails } from '../../helpers/callStatus';
import type { StatusResource } from '../../helpers/status';
import { statusOperation, statusProperties } from '../../helpers/status';

const CALL_STATUS: StatusResource = {
	idParameter: {
		displayName: 'Call ID',
		name: 'callId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 69b9e312e3b64b3880760639f5dfdffa',
		hint: 'Usually {{ $json.id }}: the id the call operation before this node returned',
		description:
			'The call ID a Bitel call operation returned. For a batch, each number has its own call ID.',
	},
	idFix: 'Use the "id" a Bitel call operation returned.',
	idNoun: 'call ID',
	path: (id) => `/api/v2/voice/status/${id}`,
	toRecord: (result) => withStatusDetails(asCallRecord(result)),
	finalWords: 'the call has finished (any status other than WAITING)',
};

export const getCallStatus: OperationDefinition = {
	value: 'status',
	name: 'Get Status',
	action: 'Get call status',
	description: 'Get the status of a call, optionally waiting until it has finished',
	properties: statusProperties(CALL_STATUS),
	run: statusOperation(CALL_STATUS),
};
