import type { ResourceDefinition } from '../../../shared/router';
import { sendSms } from './send';
import { sendBatchSms } from './sendBatch';
import { sendOtpSms } from './sendOtp';
import { sendPersonalizedBatchSms } from './sendP2p';
import { sendTemplateSms } from './sendTemplate';
import { getSmsStatus } from './status';

export const smsResource: ResourceDefinition = {
	value: 'sms',
	name: 'SMS',
	operations: [
		sendOtpSms,
		sendTemplateSms,
		sendSms,
		sendBatchSms,
		sendPersonalizedBatchSms,
		getSmsStatus,
	],
	defaultOperation: 'sendOtp',
};
