import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/**
 * The typed router both action nodes use: each resource lists its operation values as a
 * union type, and its executor map must have exactly one executor per value (a missing or
 * misspelt one is a compile error, not an "operation not supported" at run time).
 */

/** Runs one operation over all input items; handles Continue On Fail and pairs every item. */
export type OperationExecutor = (this: IExecuteFunctions) => Promise<INodeExecutionData[]>;

/** A resource's executors, one per operation value. */
export type Executors<Operation extends string> = Readonly<Record<Operation, OperationExecutor>>;

/** A node's executors by resource value, then operation value. */
export type NodeExecutors<NodeMap extends Record<string, string>> = {
	readonly [Resource in keyof NodeMap]: Executors<NodeMap[Resource]>;
};

/**
 * The executor for a resource and operation read from the node's parameters, or undefined
 * when the node has none (an old workflow, an expression): own entries only, so that a value
 * such as "constructor" never reaches Object's prototype.
 */
export function executorFor<NodeMap extends Record<string, string>>(
	executors: NodeExecutors<NodeMap>,
	resource: string,
	operation: string,
): OperationExecutor | undefined {
	if (!Object.prototype.hasOwnProperty.call(executors, resource)) return undefined;
	const byOperation = executors[resource] as Readonly<Record<string, OperationExecutor>>;
	if (!Object.prototype.hasOwnProperty.call(byOperation, operation)) return undefined;
	return byOperation[operation];
}

/** What a node says when it has no executor for the resource and operation it was given. */
export interface UnsupportedWording {
	message: string;
	description: string;
}

/**
 * A node's execute: runs the executor for the resource and operation of the first item (both
 * are `noDataExpression`), or fails with the node's wording. Each operation handles Continue On
 * Fail and pairs every output item with its input item.
 */
export async function executeRouted<NodeMap extends Record<string, string>>(
	context: IExecuteFunctions,
	executors: NodeExecutors<NodeMap>,
	unsupported: (resource: string, operation: string) => UnsupportedWording,
): Promise<INodeExecutionData[][]> {
	const resource = context.getNodeParameter('resource', 0) as string;
	const operation = context.getNodeParameter('operation', 0) as string;
	const run = executorFor(executors, resource, operation);
	if (!run) {
		const { message, description } = unsupported(resource, operation);
		throw new NodeOperationError(context.getNode(), message, { description, itemIndex: 0 });
	}
	return [await run.call(context)];
}
