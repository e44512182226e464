import type { IDataObject } from 'n8n-workflow';

/** Whether a value read from an answer, a callback or an error is an object with fields (not a list). */
export function isObject(value: unknown): value is IDataObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value as an object whose fields are read with care, or undefined when it is none. */
export function asObject(value: unknown): Record<string, unknown> | undefined {
	return isObject(value) ? value : undefined;
}
