import type { OperationDefinition } from '../../../shared/router';
import { asSmsRecord } from '../../helpers/smsStatus';
import type { StatusResource } from '../../helpers/status';
import { statusOperation, statusProperties } from '../../helpers/status';

const SMS_STATUS: StatusResource = {
	idParameter: {
		displayName: 'SMS ID',
		name: 'smsId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 69b9e312e3b64b3880760639f5dfdffa',
		hint: 'Usually {{ $json.id }}: the id the SMS operation before this node returned',
		description:
			'The ID a Bitel SMS operation returned. For a batch, each number has its own SMS ID.',
	},
	idFix: 'Use the "id" a Bitel SMS operation returned.',
	idNoun: 'SMS ID',
	path: (id) => `/api/v2/sms/status/${id}`,
	toRecord: asSmsRecord,
	finalWords:
		'the SMS has a final status (not WAITING, and not CHECK_OK, after which a delivery report may follow)',
	notFound: (id) => ({
		message: `Bitel has no SMS with the SMS ID "${id}"`,
		description:
			'Use the "id" a Bitel SMS operation returned (in a batch, each number has its own). A call ID is not an SMS ID: for a call, use Get Status of the Call resource. Bitel may not know an SMS sent a moment ago yet: turn on Wait for Final Status to check again.',
	}),
};

export const getSmsStatus: OperationDefinition = {
	value: 'status',
	name: 'Get Status',
	action: 'Get SMS status',
	description: 'Get the delivery status of an SMS, optionally waiting for a final one',
	properties: statusProperties(SMS_STATUS),
	run: statusOperation(SMS_STATUS),
};
