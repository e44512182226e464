import type { INodeProperties } from 'n8n-workflow';

export { readItem } from '../../../shared/parameters';

/** Shows a parameter for the given operations of the Voice Notification resource. */
export function showFor(operations: string[]): INodeProperties['displayOptions'] {
	return { show: { resource: ['voiceNotification'], operation: operations } };
}
