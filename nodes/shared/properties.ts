import type { IDataObject, INodeProperties } from 'n8n-workflow';

/** The `options` collection of an operation: optional parameters, sent only when set. */
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

/**
 * A parameter shown only on some versions of the node: a layout a newer version changed stays
 * on the older one, so saved workflows keep their values.
 */
export function forVersions(versions: number[], property: INodeProperties): INodeProperties {
	const show = { ...property.displayOptions?.show, '@version': versions };
	return { ...property, displayOptions: { ...property.displayOptions, show } };
}

/** A parameter read whichever layout the node's version uses: its own, else the old option. */
export function optionOrLegacy(value: unknown, legacy: IDataObject, name: string): unknown {
	return value === undefined || value === null ? legacy[name] : value;
}

/** Template parameters as a list of values, one "Add Parameter" entry each. */
export function parameterList(description: string): INodeProperties {
	return {
		displayName: 'Template Parameters',
		name: 'templateParameters',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		placeholder: 'Add Parameter',
		default: {},
		description,
		options: [
			{
				displayName: 'Parameter',
				name: 'parameter',
				values: [
					{
						displayName: 'Value',
						name: 'value',
						type: 'string',
						default: '',
						description: 'The value of the next variable of the template',
					},
				],
			},
		],
	};
}

/** The values of a parameterList, in order. */
export function listedValues(value: unknown): unknown[] {
	const entries = (value as { parameter?: unknown } | undefined)?.parameter;
	return Array.isArray(entries) ? entries.map((entry) => (entry as IDataObject)?.value) : [];
}
