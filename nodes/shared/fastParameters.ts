import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeParameters,
} from 'n8n-workflow';
import { deepCopy } from 'n8n-workflow';

import { isObject } from './json';

/**
 * Reading parameters without n8n's per-item cost where the answer is n8n's own: `={{ $json.<path> }}`
 * of a text or number field, and a parameter without any expression, read once
 * (docs/n8n-internals.md#parameters-per-item).
 */

/** Names that never take the fast path: n8n's expression sandbox treats them specially. */
const UNSAFE_NAMES = new Set(['__proto__', 'constructor', 'prototype']);

const SIMPLE_JSON_PATH =
	/^=\{\{\s*\$json((?:\.[A-Za-z_$][\w$]*|\[\s*(?:"[^"\\]*"|'[^'\\]*')\s*\])+)\s*\}\}$/;
const PATH_SEGMENT = /\.([A-Za-z_$][\w$]*)|\[\s*(?:"([^"\\]*)"|'([^'\\]*)')\s*\]/g;

/** The field path of a simple `={{ $json.a.b }}` parameter value; undefined for anything else. */
export function simpleJsonPath(value: unknown): string[] | undefined {
	if (typeof value !== 'string') return undefined;
	const match = SIMPLE_JSON_PATH.exec(value);
	if (!match) return undefined;
	const path: string[] = [];
	for (const segment of match[1].matchAll(PATH_SEGMENT))
		path.push(segment[1] ?? segment[2] ?? segment[3]);
	return path.some((name) => UNSAFE_NAMES.has(name)) ? undefined : path;
}

/** The field at `path` when it is text or a finite number other than -0; else undefined (n8n evaluates). */
export function simpleFieldValue(json: unknown, path: string[]): string | number | undefined {
	let value: unknown = json;
	for (const name of path) {
		if (!isObject(value) || !Object.prototype.hasOwnProperty.call(value, name)) return undefined;
		value = value[name];
	}
	if (typeof value === 'string') return value;
	if (typeof value === 'number' && Number.isFinite(value) && !Object.is(value, -0)) return value;
	return undefined;
}

/** Whether a parameter value holds an expression anywhere (a text starting with "="). */
export function holdsExpression(value: unknown): boolean {
	if (typeof value === 'string') return value.startsWith('=');
	if (Array.isArray(value)) return value.some(holdsExpression);
	if (isObject(value)) return Object.values(value).some(holdsExpression);
	return false;
}

/** A parameter as saved in the workflow (before any evaluation), by its dotted name. */
function savedValue(parameters: INodeParameters | undefined, name: string): unknown {
	let value: unknown = parameters;
	for (const key of name.split('.')) {
		if (!isObject(value)) return undefined;
		value = value[key];
	}
	return value;
}

type GetNodeParameter = (
	name: string,
	itemIndex: number,
	fallback?: unknown,
	options?: unknown,
) => unknown;

/**
 * The execution context with a getNodeParameter that takes the two fast paths above and
 * asks n8n for everything else (and whenever n8n-specific options are passed).
 */
export function withFastParameters(context: IExecuteFunctions): IExecuteFunctions {
	const original = context.getNodeParameter.bind(context) as GetNodeParameter;
	const parameters = context.getNode().parameters;
	// Read on the first `$json` parameter only: a router that fails first needs no input.
	let items: INodeExecutionData[] | undefined;
	const constants = new Map<string, unknown>();

	const getNodeParameter: GetNodeParameter = (name, itemIndex, fallback, options) => {
		if (options !== undefined) return original(name, itemIndex, fallback, options);
		if (constants.has(name)) {
			const known = constants.get(name);
			return typeof known === 'object' && known !== null ? deepCopy(known) : known;
		}
		const saved = savedValue(parameters, name);
		const path = simpleJsonPath(saved);
		if (path) {
			items ??= context.getInputData();
			const value = simpleFieldValue(items[itemIndex]?.json, path);
			return value === undefined ? original(name, itemIndex, fallback) : value;
		}
		const value = original(name, itemIndex, fallback);
		// Kept only once n8n has answered without an error: a bad value is each item's error.
		if (saved !== undefined && !holdsExpression(saved))
			constants.set(
				name,
				typeof value === 'object' && value !== null ? deepCopy(value as IDataObject) : value,
			);
		return value;
	};

	return new Proxy(context, {
		get(target, property) {
			if (property === 'getNodeParameter') return getNodeParameter;
			const value: unknown = Reflect.get(target, property, target);
			return typeof value === 'function' ? value.bind(target) : value;
		},
	});
}
