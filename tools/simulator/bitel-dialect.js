'use strict';

/**
 * Ways Bitel's answers may really come, other than the docs show them (docs/providers/bitel.md; the docs show
 * camelCase and `error` as a code string). Each is a simulator option, off by default:
 *
 * - `fieldCase: 'pascal'`: every field of every JSON body in PascalCase (`Result`, `Error`,
 *   `PhoneNumber`, `StatusCode`), as ASP.NET writes without a camelCase policy.
 * - `errorShape: 'object'`: `error` is `{code, message}` instead of the code string.
 * - `errorShape: 'aspnet'`: HTTP 400 answers are ASP.NET's validation body
 *   `{type, title, status, traceId, errors: {field: [message]}}`, with no `result`/`error`.
 * - `batchNumbers: 'international'`: batch records write `phoneNumber` as +98… (not as sent).
 * - `batchOrder: 'reversed'`: batch records come in the reverse order of the numbers sent.
 *
 * The transformation works on the finished response, so the provider's logic is unchanged.
 */

const DIALECT_DEFAULTS = Object.freeze({
	fieldCase: 'camel',
	errorShape: 'code',
	batchNumbers: 'national',
	batchOrder: 'request',
});

const CHOICES = Object.freeze({
	fieldCase: ['camel', 'pascal'],
	errorShape: ['code', 'object', 'aspnet'],
	batchNumbers: ['national', 'international'],
	batchOrder: ['request', 'reversed'],
});

/** Throws on an unknown choice, so a typo in a test does not silently test the default. */
function checkDialect(options) {
	for (const [name, allowed] of Object.entries(CHOICES)) {
		if (!allowed.includes(options[name])) {
			throw new TypeError(
				`bitel.${name} must be one of ${allowed.map((a) => `'${a}'`).join(', ')}`,
			);
		}
	}
}

const pascal = (key) => key.charAt(0).toUpperCase() + key.slice(1);

function pascalKeys(value) {
	if (Array.isArray(value)) return value.map(pascalKeys);
	if (value === null || typeof value !== 'object') return value;
	return Object.fromEntries(Object.entries(value).map(([key, v]) => [pascal(key), pascalKeys(v)]));
}

const MESSAGES = {
	InvalidRequest: 'The request is not valid.',
	InvalidServer: 'The server ID is not valid.',
	InvalidPhoneNumber: 'The phone number is not valid.',
	NotFound: 'No record with this id.',
	Unauthorized: 'The token is not valid.',
};

function aspNetValidation(code) {
	return {
		type: 'https://tools.ietf.org/html/rfc7231#section-6.5.1',
		title: 'One or more validation errors occurred.',
		status: 400,
		traceId: '00-simulator-00',
		errors: { Request: [`${code}: ${MESSAGES[code] || 'rejected.'}`] },
	};
}

/** +98 and the number without its leading 0. */
const international = (national) =>
	typeof national === 'string' && national.startsWith('0') ? `+98${national.slice(1)}` : national;

/**
 * Rewrites one finished Bitel response in the configured dialect. `batch` says whether
 * the request was a batch send (its result is an array of records).
 */
function applyDialect(response, options) {
	const dialect = { ...DIALECT_DEFAULTS, ...options };
	if (
		dialect.fieldCase === 'camel' &&
		dialect.errorShape === 'code' &&
		dialect.batchNumbers === 'national' &&
		dialect.batchOrder === 'request'
	)
		return response;
	let body;
	try {
		body = JSON.parse(response.body);
	} catch {
		return response;
	}
	if (body && Array.isArray(body.result)) {
		let records = body.result;
		if (dialect.batchNumbers === 'international')
			records = records.map((r) => ({ ...r, phoneNumber: international(r.phoneNumber) }));
		if (dialect.batchOrder === 'reversed') records = [...records].reverse();
		body = { ...body, result: records };
	}
	const code = body && typeof body.error === 'string' ? body.error : null;
	if (code && dialect.errorShape === 'aspnet' && response.status === 400) {
		body = aspNetValidation(code);
	} else if (code && dialect.errorShape === 'object') {
		body = { ...body, error: { code, message: MESSAGES[code] || code } };
	}
	if (dialect.fieldCase === 'pascal') body = pascalKeys(body);
	return { ...response, body: JSON.stringify(body) };
}

module.exports = { applyDialect, checkDialect, DIALECT_DEFAULTS };
