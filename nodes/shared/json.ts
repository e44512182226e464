import type { IDataObject } from 'n8n-workflow';

/**
 * JSON as the providers send it, without losing digits: an integer wider than 2^53 (BES's
 * callSerialNo) is kept as its digits, since a rounded id names another call.
 */

const NUMBER_START = /[-0-9]/;
const NUMBER_CHAR = /[-+0-9.eE]/;

/** The text with every unsafe integer literal outside strings quoted. */
function quoteWideIntegers(text: string): string {
	let out = '';
	let copiedUpTo = 0;
	let index = 0;
	while (index < text.length) {
		const char = text[index];
		if (char === '"') {
			// Skip the string, escapes included.
			index++;
			while (index < text.length && text[index] !== '"') index += text[index] === '\\' ? 2 : 1;
			index++;
			continue;
		}
		if (NUMBER_START.test(char)) {
			const start = index;
			while (index < text.length && NUMBER_CHAR.test(text[index])) index++;
			const literal = text.slice(start, index);
			if (/^-?\d+$/.test(literal) && !Number.isSafeInteger(Number(literal))) {
				out += `${text.slice(copiedUpTo, start)}"${literal}"`;
				copiedUpTo = index;
			}
			continue;
		}
		index++;
	}
	return copiedUpTo === 0 ? text : out + text.slice(copiedUpTo);
}

/** Parses JSON text, keeping integers wider than 2^53 as strings of their digits. Throws like JSON.parse. */
export function parseJsonKeepingIds(text: string): unknown {
	return JSON.parse(quoteWideIntegers(text));
}

/** A provider's body as a value: text parsed keeping wide integers; undefined for text that is not JSON. */
export function readJsonBody(body: unknown): unknown {
	if (typeof body !== 'string') return body;
	if (body.trim() === '') return undefined;
	try {
		return parseJsonKeepingIds(body);
	} catch {
		return undefined;
	}
}

/** A field as trimmed text whether it came as a number or a string (providers send both). */
export function textOf(value: unknown): string | undefined {
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	if (typeof value === 'string' && value.trim() !== '') return value.trim();
	return undefined;
}

/** Whether a value read from an answer, a callback or an error is an object with fields (not a list). */
export function isObject(value: unknown): value is IDataObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value as an object whose fields are read with care, or undefined when it is none. */
export function asObject(value: unknown): Record<string, unknown> | undefined {
	return isObject(value) ? value : undefined;
}

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
