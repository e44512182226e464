import type {
	IDisplayOptions,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { Operation } from './runner';
import { runOperation } from './runner';

/** An operation that is more than one runner strategy (verification: a call, a wait, an SMS). */
export type CustomRun = (context: IExecuteFunctions) => Promise<INodeExecutionData[]>;

/** One operation of a resource: its entry in the editor, its parameters and what it runs. */
export interface OperationDefinition {
	value: string;
	name: string;
	action: string;
	description: string;
	/** Its parameters; the resource shows them for this operation only. */
	properties: INodeProperties[];
	run: Operation | CustomRun;
}

export interface ResourceDefinition {
	value: string;
	name: string;
	operations: readonly OperationDefinition[];
	defaultOperation: string;
}

function shownFor(property: INodeProperties, resource: string, operation: string): INodeProperties {
	const displayOptions: IDisplayOptions = {
		...property.displayOptions,
		show: { ...property.displayOptions?.show, resource: [resource], operation: [operation] },
	};
	return { ...property, displayOptions };
}

/** The node's Resource and Operation selectors and every operation's parameters. */
export function nodeProperties(resources: readonly ResourceDefinition[]): INodeProperties[] {
	const firstResource = resources[0].value;
	const properties: INodeProperties[] = [
		{
			displayName: 'Resource',
			name: 'resource',
			type: 'options',
			noDataExpression: true,
			options: resources.map(({ name, value }) => ({ name, value })),
			default: firstResource,
		},
	];
	for (const resource of resources) {
		const { defaultOperation } = resource;
		properties.push({
			displayName: 'Operation',
			name: 'operation',
			type: 'options',
			noDataExpression: true,
			displayOptions: { show: { resource: [resource.value] } },
			options: [...resource.operations]
				.sort((a, b) => a.name.localeCompare(b.name))
				.map(({ name, value, action, description }) => ({ name, value, action, description })),
			default: defaultOperation,
		});
		for (const operation of resource.operations)
			for (const property of operation.properties)
				properties.push(shownFor(property, resource.value, operation.value));
	}
	return properties;
}

/** The operation for a resource and operation value (own entries only), or undefined. */
export function operationFor(
	resources: readonly ResourceDefinition[],
	resource: string,
	operation: string,
): OperationDefinition | undefined {
	return resources
		.find((entry) => entry.value === resource)
		?.operations.find((entry) => entry.value === operation);
}

/** "Make OTP call" → "Make OTP Call". */
const titleCase = (text: string) =>
	text.replace(
		/(^|\s)(\p{Ll})/gu,
		(_, space: string, letter: string) => space + letter.toUpperCase(),
	);

/** The node's subtitle: the operation's action in Title Case ("Make OTP Call"). */
export function subtitleOf(resources: readonly ResourceDefinition[]): string {
	const labels: Record<string, string> = {};
	for (const resource of resources)
		for (const operation of resource.operations)
			labels[`${resource.value}:${operation.value}`] = titleCase(operation.action);
	return `={{ ${JSON.stringify(labels)}[$parameter["resource"] + ":" + $parameter["operation"]] ?? "" }}`;
}

/** A node's execute: runs the operation named by the first item's parameters. */
export async function executeRouted(
	context: IExecuteFunctions,
	resources: readonly ResourceDefinition[],
): Promise<INodeExecutionData[][]> {
	const resource = context.getNodeParameter('resource', 0) as string;
	const operation = context.getNodeParameter('operation', 0) as string;
	const definition = operationFor(resources, resource, operation);
	if (!definition) {
		throw new NodeOperationError(
			context.getNode(),
			`The operation "${operation}" is not supported for the resource "${resource}"`,
			{ description: 'Choose one of the operations listed for the resource.', itemIndex: 0 },
		);
	}
	const { run } = definition;
	return [typeof run === 'function' ? await run(context) : await runOperation(context, run)];
}
