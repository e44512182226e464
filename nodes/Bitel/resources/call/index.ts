import type { ResourceDefinition } from '../../../shared/router';
import { makeBatchCall } from './batch';
import { makeBatchTtsCall } from './batchTts';
import { makeOtp } from './otp';
import { makeCall } from './single';
import { makeTtsCall } from './singleTts';
import { getCallStatus } from './status';

export const callResource: ResourceDefinition = {
	value: 'call',
	name: 'Call',
	operations: [makeOtp, makeCall, makeTtsCall, makeBatchCall, makeBatchTtsCall, getCallStatus],
	defaultOperation: 'otp',
};
