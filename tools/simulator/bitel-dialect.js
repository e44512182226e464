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
 * - `callStatus: 'numeric'`: call records carry `status` as the number and no `statusCode`;
 *   `'name'`: `status` as .NET writes an enum (`NoAnswer`) and no `statusCode`.
 * - `smsStatus: 'delivery'`: SMS Status answers name the status `deliveryStatus` and
 *   `deliveryStatusCode` (the v1 SMS Detail table); `'none'`: no status at all, as the SMS
 *   Status page's own sample (`result: "ok"`, `smsCount`, `balanceSubtracted`).
 * - `recordId: 'requestId'`: records name their id `requestId` (the API Structure page's
 *   success example, v1 answers) instead of `id`.
 * - `notFoundStatus`: the HTTP status of a `NotFound` answer (default 404; the docs give none).
 * - `rejectionStatus`: the HTTP status of the answers Bitel refuses with 400 (default 400; a
 *   3xx such as 300, which the API Structure page allows: "3xx or 4xx"), sent without Location.
 *
 * The transformation works on the finished response, so the provider's logic is unchanged.
 */

const DIALECT_DEFAULTS = Object.freeze({
	fieldCase: 'camel',
	errorShape: 'code',
	batchNumbers: 'national',
	batchOrder: 'request',
	callStatus: 'documented',
	smsStatus: 'documented',
	recordId: 'id',
	notFoundStatus: 404,
	rejectionStatus: 400,
});

const CHOICES = Object.freeze({
	fieldCase: ['camel', 'pascal'],
	errorShape: ['code', 'object', 'aspnet'],
	batchNumbers: ['national', 'international'],
	batchOrder: ['request', 'reversed'],
	callStatus: ['documented', 'numeric', 'name'],
	smsStatus: ['documented', 'delivery', 'none'],
	recordId: ['id', 'requestId'],
});

const isStatusIn = (value, low, high) => Number.isInteger(value) && value >= low && value <= high;

/** Throws on an unknown choice, so a typo in a test does not silently test the default. */
function checkDialect(options) {
	for (const [name, allowed] of Object.entries(CHOICES)) {
		if (!allowed.includes(options[name])) {
			throw new TypeError(
				`bitel.${name} must be one of ${allowed.map((a) => `'${a}'`).join(', ')}`,
			);
		}
	}
	if (!isStatusIn(options.notFoundStatus, 400, 499) || [401, 403].includes(options.notFoundStatus))
		throw new TypeError('bitel.notFoundStatus must be an HTTP status 400–499 other than 401, 403');
	if (!(options.rejectionStatus === 400 || isStatusIn(options.rejectionStatus, 300, 399)))
		throw new TypeError('bitel.rejectionStatus must be 400 or an HTTP status 300–399');
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

/** NO_ANSWER → NoAnswer, as .NET writes an enum member. */
const dotNetName = (name) =>
	String(name)
		.toLowerCase()
		.replace(/(^|_)([a-z])/g, (_, __, letter) => letter.toUpperCase());

/** Without the named fields. */
function without(record, ...names) {
	const copy = { ...record };
	for (const name of names) delete copy[name];
	return copy;
}

/** A call record with its status written the configured way. */
function callRecordIn(record, dialect) {
	if (dialect.callStatus === 'numeric')
		return { ...without(record, 'statusCode'), status: record.statusCode };
	if (dialect.callStatus === 'name')
		return { ...without(record, 'statusCode'), status: dotNetName(record.status) };
	return record;
}

/** An SMS Status record with its status written the configured way. */
function smsStatusRecordIn(record, dialect) {
	if (dialect.smsStatus === 'delivery') {
		return {
			...without(record, 'status', 'statusCode'),
			deliveryStatus: record.status,
			deliveryStatusCode: record.statusCode,
		};
	}
	if (dialect.smsStatus === 'none') {
		const { price, ...rest } = without(record, 'status', 'statusCode');
		return { ...rest, result: 'ok', balanceSubtracted: -price };
	}
	return record;
}

/** A record with its id named the configured way. */
function recordIdIn(record, dialect) {
	if (dialect.recordId !== 'requestId' || !('id' in record)) return record;
	const { id, ...rest } = record;
	return { requestId: id, ...rest };
}

/** Applies `change` to every record of a body: its `result` (one or a list), or a bare record. */
function mapRecords(body, change) {
	const isRecord = (value) => value !== null && typeof value === 'object' && !Array.isArray(value);
	if (isRecord(body) && 'result' in body) {
		const { result } = body;
		if (Array.isArray(result)) return { ...body, result: result.map(change) };
		return isRecord(result) ? { ...body, result: change(result) } : body;
	}
	return isRecord(body) && 'id' in body ? change(body) : body;
}

const isDefault = (dialect) =>
	Object.entries(DIALECT_DEFAULTS).every(([name, value]) => dialect[name] === value);

/**
 * Rewrites one finished Bitel response to `path` in the configured dialect. The
 * records rewritten are those of the answer's `result`, or the bare record Call Status sends.
 */
function applyDialect(response, options, path = '') {
	const dialect = { ...DIALECT_DEFAULTS, ...options };
	if (isDefault(dialect)) return response;
	let body;
	try {
		body = JSON.parse(response.body);
	} catch {
		return response;
	}
	let { status } = response;
	if (body && Array.isArray(body.result)) {
		let records = body.result;
		if (dialect.batchNumbers === 'international')
			records = records.map((r) => ({ ...r, phoneNumber: international(r.phoneNumber) }));
		if (dialect.batchOrder === 'reversed') records = [...records].reverse();
		body = { ...body, result: records };
	}
	if (status === 200) {
		if (path.startsWith('/api/v2/voice/'))
			body = mapRecords(body, (record) => callRecordIn(record, dialect));
		if (path.startsWith('/api/v2/sms/status/'))
			body = mapRecords(body, (record) => smsStatusRecordIn(record, dialect));
		body = mapRecords(body, (record) => recordIdIn(record, dialect));
	}
	const code = body && typeof body.error === 'string' ? body.error : null;
	if (code === 'NotFound' && status === 404) status = dialect.notFoundStatus;
	if (status === 400) status = dialect.rejectionStatus;
	if (code && dialect.errorShape === 'aspnet' && response.status === 400) {
		body = aspNetValidation(code);
	} else if (code && dialect.errorShape === 'object') {
		body = { ...body, error: { code, message: MESSAGES[code] || code } };
	}
	if (dialect.fieldCase === 'pascal') body = pascalKeys(body);
	return { ...response, status, body: JSON.stringify(body) };
}

module.exports = { applyDialect, checkDialect, DIALECT_DEFAULTS };
