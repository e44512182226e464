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
