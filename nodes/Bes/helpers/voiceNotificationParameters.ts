import type { INodeProperties } from 'n8n-workflow';

import { InvalidParameter, textValue } from '../../shared/parameters';
import { compactNumber } from '../../shared/phone';
import { listedValues } from '../../shared/properties';

/** Shows a parameter for the given operations of the Voice Notification resource. */
export function showFor(operations: string[]): INodeProperties['displayOptions'] {
	return { show: { resource: ['voiceNotification'], operation: operations } };
}

/** Checks of a voice notification's parameters after BES's limits (docs/providers/bes.md#createvoicenotification-v2). */

export const SOURCES = ['voiceId', 'voiceFileName', 'templateId'] as const;
export type PlaySource = (typeof SOURCES)[number];

/** One playList entry as BES receives it. */
export type PlayItem = Partial<Record<PlaySource, string>> & { templateParams?: string[] };

export const MAX_CALLED_LENGTH = 32;
export const MAX_PLAY_ENTRIES = 5;
export const MAX_TEMPLATE_PARAMS = 10;
export const MAX_TEMPLATE_PARAM_BYTES = 32;
export const MAX_CALLBACK_URL_LENGTH = 256;

export const SOURCE_LABEL: Record<PlaySource, string> = {
	voiceId: 'Voice ID',
	voiceFileName: 'Voice File Name',
	templateId: 'Template ID',
};

/** A text parameter, trimmed: a list, an object or a yes/no value is an error naming it. */
function text(value: unknown, parameter: string): string {
	return textValue(value, parameter);
}

/** A called number as BES takes it: digits with an optional leading +, at most 32. */
export function normalizeCalled(value: unknown, parameter = 'Called Number'): string {
	const raw = text(value, parameter);
	if (raw === '') {
		throw new InvalidParameter(parameter, 'is empty', 'Enter the number to call.');
	}
	const compact = compactNumber(raw);
	if (!/^\+?\d+$/.test(compact)) {
		throw new InvalidParameter(
			parameter,
			`"${raw}" is not a phone number`,
			'Use digits only, optionally with a leading +, such as 88880000 or +8613800000000.',
		);
	}
	if (compact.length > MAX_CALLED_LENGTH) {
		throw new InvalidParameter(
			parameter,
			`"${raw}" is ${compact.length} characters long`,
			`BES accepts at most ${MAX_CALLED_LENGTH} characters.`,
		);
	}
	return compact;
}

/** Template Parameters: 1–10 values of at most 32 bytes without $, { or } (retCodes 13–15); empty is none. */
export function readTemplateParams(value: unknown, parameter: string): string[] | undefined {
	let values: unknown[];
	if (Array.isArray(value)) {
		values = value;
	} else if (typeof value === 'number') {
		values = [value];
	} else if (typeof value === 'string') {
		if (value.trim() === '') return undefined;
		values = value.split(',');
	} else if (value === null || value === undefined) {
		return undefined;
	} else {
		throw new InvalidParameter(
			parameter,
			'is neither text nor a list',
			'Separate the values with commas, such as 3, Main gate, or give an array from an expression.',
		);
	}
	if (values.length === 0) return undefined;

	const params = values.map((entry, index) => {
		if (typeof entry !== 'string' && typeof entry !== 'number') {
			throw new InvalidParameter(
				parameter,
				`value ${index + 1} is not text`,
				'Give each value as text or a number.',
			);
		}
		const param = String(entry).trim();
		if (param === '') {
			throw new InvalidParameter(
				parameter,
				`value ${index + 1} is empty`,
				'Remove the extra comma, or give that template variable a value.',
			);
		}
		if (/[${}]/.test(param)) {
			throw new InvalidParameter(
				parameter,
				`value ${index + 1} ("${param}") contains $, { or }`,
				'BES does not accept these characters in template parameters: remove them.',
			);
		}
		const bytes = Buffer.byteLength(param, 'utf8');
		if (bytes > MAX_TEMPLATE_PARAM_BYTES) {
			throw new InvalidParameter(
				parameter,
				`value ${index + 1} is ${bytes} bytes long`,
				`BES accepts at most ${MAX_TEMPLATE_PARAM_BYTES} bytes (UTF-8) per value; non-Latin letters take 2–3 bytes each.`,
			);
		}
		return param;
	});
	if (params.length > MAX_TEMPLATE_PARAMS) {
		throw new InvalidParameter(
			parameter,
			`has ${params.length} values`,
			`A template takes at most ${MAX_TEMPLATE_PARAMS} parameters.`,
		);
	}
	return params;
}

/** The entries of the Play List parameter: `{entry: [...]}` from the editor, or an array. */
function playListEntries(value: unknown): unknown[] {
	if (Array.isArray(value)) return value;
	if (typeof value === 'object' && value !== null) {
		const entries = (value as { entry?: unknown }).entry;
		if (Array.isArray(entries)) return entries;
		if (typeof entries === 'object' && entries !== null) return [entries];
	}
	return [];
}

/** One entry as the editor stores it, or in BES's own shape from an expression: exactly one source. */
function readPlayItem(entry: unknown, position: number): PlayItem {
	const parameter = `Play List entry ${position}`;
	if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
		throw new InvalidParameter(
			parameter,
			'is not an entry',
			'Each entry needs a source (Voice ID, Voice File Name or Template ID) and its value.',
		);
	}
	const fields = entry as Record<string, unknown>;
	let source: PlaySource;
	let id: string;
	if (fields.source !== undefined) {
		if (!SOURCES.includes(fields.source as PlaySource)) {
			throw new InvalidParameter(
				parameter,
				`has the unknown source "${String(fields.source)}"`,
				'Choose Voice ID, Voice File Name or Template ID.',
			);
		}
		source = fields.source as PlaySource;
		id = text(fields.value, parameter);
	} else {
		const given = SOURCES.filter((name) => text(fields[name], parameter) !== '');
		if (given.length !== 1) {
			throw new InvalidParameter(
				parameter,
				given.length === 0
					? 'has no voiceId, voiceFileName or templateId'
					: `has ${given.join(' and ')}`,
				'Give each entry exactly one of voiceId, voiceFileName or templateId.',
			);
		}
		source = given[0];
		id = text(fields[source], parameter);
	}
	if (id === '') {
		throw new InvalidParameter(
			parameter,
			`has an empty ${SOURCE_LABEL[source]}`,
			`Enter the ${SOURCE_LABEL[source]} from the CEC console.`,
		);
	}

	const item: PlayItem = { [source]: id };
	const params = readTemplateParams(
		fields.templateParameters === undefined
			? fields.templateParams
			: listedValues(fields.templateParameters),
		`Template Parameters of Play List entry ${position}`,
	);
	if (params !== undefined) {
		if (source !== 'templateId') {
			throw new InvalidParameter(
				parameter,
				`has template parameters but plays a ${SOURCE_LABEL[source]}`,
				'Template parameters fill the variables of a TTS template: use them with a Template ID only.',
			);
		}
		item.templateParams = params;
	}
	return item;
}

/** Play List: 1–5 entries, each with exactly one source (retCodes 11, 12). */
export function readPlayList(value: unknown): PlayItem[] {
	const entries = playListEntries(value);
	if (entries.length === 0) {
		throw new InvalidParameter(
			'Play List',
			'has no entries',
			'Add at least one entry: a Voice ID, Voice File Name or Template ID.',
		);
	}
	if (entries.length > MAX_PLAY_ENTRIES) {
		throw new InvalidParameter(
			'Play List',
			`has ${entries.length} entries`,
			`BES plays at most ${MAX_PLAY_ENTRIES} entries per notification: remove some.`,
		);
	}
	return entries.map((entry, index) => readPlayItem(entry, index + 1));
}

/** Characters BES allows in a callback URL (variant B of the docs): a-zA-Z0-9 - : . / _ # ? & */
const CALLBACK_URL_CHARS = /^[A-Za-z0-9\-:./_#?&]+$/;

/** Callback URL: http(s), at most 256 characters as sent (Base64 by default, as the docs ask). */
export function prepareCallbackUrl(value: unknown, encode: boolean): string | undefined {
	const url = text(value, 'Callback URL');
	if (url === '') return undefined;
	if (!/^https?:\/\/[^/?#\s]+/i.test(url)) {
		throw new InvalidParameter(
			'Callback URL',
			`"${url}" is not an http(s) URL`,
			"Use a URL such as https://n8n.example.com/webhook/bes, whose host is on the tenant's callback URL trustlist.",
		);
	}
	if (encode && !CALLBACK_URL_CHARS.test(url)) {
		throw new InvalidParameter(
			'Callback URL',
			'contains characters BES does not accept',
			'BES accepts only letters, digits and - : . / _ # ? & in a callback URL. Remove the others (for example = or %).',
		);
	}
	const sent = encode ? Buffer.from(url, 'utf8').toString('base64') : url;
	if (sent.length > MAX_CALLBACK_URL_LENGTH) {
		throw new InvalidParameter(
			'Callback URL',
			encode
				? `is ${sent.length} characters long once Base64-encoded`
				: `is ${sent.length} characters long`,
			`BES accepts at most ${MAX_CALLBACK_URL_LENGTH} characters${
				encode
					? ' after Base64 encoding, which makes a URL a third longer: use a URL of at most 192 characters'
					: ''
			}.`,
		);
	}
	return sent;
}

/** Caller Number (callerPresent): an access code of the tenant, digits only, at most 32. */
export function readCallerPresent(value: unknown): string | undefined {
	const raw = text(value, 'Caller Number');
	if (raw === '') return undefined;
	const caller = compactNumber(raw);
	if (!/^\d+$/.test(caller)) {
		throw new InvalidParameter(
			'Caller Number',
			`"${raw}" is not a number`,
			"Use one of the tenant's access codes, digits only, such as 960003, or remove the option.",
		);
	}
	if (caller.length > 32) {
		throw new InvalidParameter(
			'Caller Number',
			`is ${caller.length} characters long`,
			"BES accepts at most 32 characters: use one of the tenant's access codes.",
		);
	}
	return caller;
}
