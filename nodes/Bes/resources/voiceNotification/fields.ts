import type { INode, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { invalidParameterError } from '../../../shared/errors';
import { InvalidParameter } from '../../validation';

/** Shows a parameter for the given operations of the Voice Notification resource. */
export function showFor(operations: string[]): INodeProperties['displayOptions'] {
	return { show: { resource: ['voiceNotification'], operation: operations } };
}

/**
 * Runs an item's pure reader and turns its InvalidParameter into the NodeOperationError
 * that names the parameter, the item and the fix.
 */
export function readItem<T>(node: INode, itemIndex: number, read: () => T): T {
	try {
		return read();
	} catch (error) {
		if (error instanceof InvalidParameter) {
			throw invalidParameterError(node, error.parameter, error.problem, error.fix, itemIndex);
		}
		throw new NodeOperationError(node, error as Error, { itemIndex });
	}
}
