import type { INodeProperties } from 'n8n-workflow';

/**
 * The `options` collection of an operation: its optional parameters, sent only when the
 * user sets them, so the provider's defaults apply otherwise.
 */
export function optionsCollection(
	displayOptions: INodeProperties['displayOptions'],
	options: INodeProperties[],
): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions,
		options,
	};
}
