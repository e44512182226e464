/**
 * JSON as the providers send it, read without losing digits.
 *
 * JSON.parse turns every number into a double, so an id such as BES's callSerialNo sent as a
 * bare number wider than 2^53 (for example 1201763136043459597) comes out rounded, and a
 * rounded id names another call. This reader keeps every integer that a double cannot hold
 * exactly as the string of its digits, and parses everything else the way JSON.parse does.
 */

const NUMBER_START = /[-0-9]/;
const NUMBER_CHAR = /[-+0-9.eE]/;

/**
 * The text with every integer literal outside strings that is not a safe integer quoted,
 * so JSON.parse keeps its digits.
 */
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

/**
 * A provider's body as a value: text is parsed (keeping wide integers), anything already
 * parsed is returned as it is, and text that is not JSON is undefined.
 */
export function readJsonBody(body: unknown): unknown {
	if (typeof body !== 'string') return body;
	if (body.trim() === '') return undefined;
	try {
		return parseJsonKeepingIds(body);
	} catch {
		return undefined;
	}
}

/**
 * A field as trimmed text whatever JSON type it came in (3, "3", " 3 "), or undefined when
 * empty or not text: providers send codes as numbers or strings, and their docs show both.
 */
export function textOf(value: unknown): string | undefined {
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	if (typeof value === 'string' && value.trim() !== '') return value.trim();
	return undefined;
}
