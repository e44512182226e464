import type { IDataObject } from 'n8n-workflow';

import { isObject } from './objects';

/**
 * Providers' fields whatever their casing (docs/providers/bitel.md#field-names-in-any-casing,
 * docs/providers/bes.md#token-answers-in-other-casings-or-nestings).
 */

/** A field name without case or underscores: `PhoneNumber`, `phone_number` → `phonenumber`. */
function foldName(name: string): string {
	return name.replace(/_/g, '').toLowerCase();
}

/** Whether `value` is an object with a field of this name in any casing. */
export function hasField(value: unknown, name: string): boolean {
	if (!isObject(value)) return false;
	const wanted = foldName(name);
	return Object.keys(value).some((key) => foldName(key) === wanted);
}

/** The first non-empty field among `names`, in any casing (the exact spelling first). */
export function fieldOf(value: unknown, ...names: string[]): unknown {
	if (!isObject(value)) return undefined;
	for (const name of names) {
		const exact = value[name];
		if (exact !== undefined && exact !== null) return exact;
		const wanted = foldName(name);
		for (const key of Object.keys(value)) {
			const found = value[key];
			if (foldName(key) === wanted && found !== undefined && found !== null) return found;
		}
	}
	return undefined;
}

/** `PhoneNumber` → `phoneNumber`, `ID` → `id`, `phone_number` → `phoneNumber`. */
export function camelCaseName(name: string): string {
	const joined = name.replace(/_+([A-Za-z0-9])/g, (_, next: string) => next.toUpperCase());
	if (joined === joined.toUpperCase()) return joined.toLowerCase();
	return joined.charAt(0).toLowerCase() + joined.slice(1);
}

/** The record with camelCase top-level keys, as the docs show them (camelCase wins a clash). */
export function withCamelCaseKeys(record: IDataObject): IDataObject {
	const out: IDataObject = {};
	for (const [key, value] of Object.entries(record)) {
		const name = camelCaseName(key);
		if (name in out && name !== key) continue;
		out[name] = value;
	}
	return out;
}
