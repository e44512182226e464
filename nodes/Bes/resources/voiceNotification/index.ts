import type { ResourceDefinition } from '../../../shared/router';
import { createVoiceNotification } from './create';
import { getCallRecords } from './getRecords';

export const voiceNotificationResource: ResourceDefinition = {
	value: 'voiceNotification',
	name: 'Voice Notification',
	operations: [createVoiceNotification, getCallRecords],
	defaultOperation: 'create',
};
