import type { ResourceDefinition } from '../../../shared/router';
import { checkVerificationCode } from './check';
import { resendVerificationCode } from './resend';
import { sendVerificationCode } from './send';

export const verificationResource: ResourceDefinition = {
	value: 'verification',
	name: 'Verification',
	operations: [sendVerificationCode, resendVerificationCode, checkVerificationCode],
	defaultOperation: 'send',
};
