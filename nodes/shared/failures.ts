import { asObject, readJsonBody } from './json';

/**
 * Whether a failed request may have reached the provider: only one it certainly did not act on
 * (429, connection refused) is sent again, since a second send is a second call.
 */

export type FailureKind =
	/** 429: the provider refused the request before acting; retry after Retry-After. */
	| 'rateLimited'
	/** Connection refused: nothing reached the provider; retry with back-off. */
	| 'refused'
	/** The request never left (DNS failure, bad URL): safe, but retrying will not help. */
	| 'notSent'
	/** The provider answered and rejected the request (4xx, or an error code in the body). */
	| 'rejected'
	/** The request may have reached the provider: timeout, 5xx, dropped connection, unreadable answer. */
	| 'unknown';

export interface HttpFailure {
	kind: FailureKind;
	httpStatus?: number;
	/** The response body as the provider sent it (never the request: it carries secrets). */
	body?: unknown;
	/** A Node.js or HTTP client error code such as ECONNREFUSED or ECONNABORTED. */
	networkCode?: string;
	retryAfterMs?: number;
}

const REFUSED_CODES = new Set(['ECONNREFUSED']);
const NOT_SENT_CODES = new Set([
	'ENOTFOUND',
	'EAI_AGAIN',
	'ERR_INVALID_URL',
	'EHOSTUNREACH',
	'ENETUNREACH',
	'ENETDOWN',
]);
const NETWORK_CODES = new Set([
	...REFUSED_CODES,
	...NOT_SENT_CODES,
	'ECONNRESET',
	'ECONNABORTED',
	'ETIMEDOUT',
	'EPIPE',
	'ERR_CANCELED',
	'ERR_SOCKET_CONNECTION_TIMEOUT',
	'UND_ERR_SOCKET',
	'UND_ERR_HEADERS_TIMEOUT',
	'UND_ERR_BODY_TIMEOUT',
	'UND_ERR_CONNECT_TIMEOUT',
]);

/** 4xx statuses that a proxy answers after the request may have reached the provider. */
const UNKNOWN_4XX = new Set([408, 499]);

type Loose = Record<string, unknown>;

/** The error and its causes, outermost first (n8n wraps the HTTP client's error). */
function errorChain(error: unknown): Loose[] {
	const chain: Loose[] = [];
	let current = asObject(error);
	while (current && chain.length < 6 && !chain.includes(current)) {
		chain.push(current);
		current = asObject(current.cause) ?? asObject(current.reason);
	}
	return chain;
}

/** Reads a header from a plain object or an AxiosHeaders-like object, case-insensitively. */
export function readHeader(headers: unknown, name: string): string | undefined {
	const bag = asObject(headers);
	if (!bag) return undefined;
	if (typeof bag.get === 'function') {
		const value = (bag.get as (n: string) => unknown)(name);
		if (value !== undefined && value !== null) return String(value);
	}
	const wanted = name.toLowerCase();
	for (const key of Object.keys(bag)) {
		if (key.toLowerCase() === wanted) {
			const value = bag[key];
			return Array.isArray(value)
				? String(value[0])
				: value === undefined
					? undefined
					: String(value);
		}
	}
	return undefined;
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
	if (value === undefined || value.trim() === '') return undefined;
	const trimmed = value.trim();
	if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
	const date = Date.parse(trimmed);
	if (Number.isNaN(date)) return undefined;
	return Math.max(0, date - now);
}

/** Classifies an error thrown by n8n's HTTP helpers (or by an HTTP client directly). */
export function classifyHttpFailure(error: unknown): HttpFailure {
	const chain = errorChain(error);
	let httpStatus: number | undefined;
	let body: unknown;
	let headers: unknown;
	let networkCode: string | undefined;

	for (const link of chain) {
		const response = asObject(link.response);
		if (httpStatus === undefined && response && typeof response.status === 'number') {
			httpStatus = response.status;
			// Answers are read as text (see ./client.ts): parse them here, keeping long ids.
			body = readJsonBody(response.data) ?? response.data;
			headers = response.headers;
		}
		if (
			networkCode === undefined &&
			typeof link.code === 'string' &&
			NETWORK_CODES.has(link.code)
		) {
			networkCode = link.code;
		}
	}
	if (httpStatus === undefined) {
		// n8n's NodeApiError keeps the status as a string and the body in its context.
		for (const link of chain) {
			const code = link.httpCode;
			if (typeof code === 'string' && /^\d{3}$/.test(code)) {
				httpStatus = Number(code);
				const data = asObject(link.context)?.data;
				body = readJsonBody(data) ?? data;
				break;
			}
		}
	}

	if (httpStatus !== undefined) {
		if (httpStatus === 429) {
			return {
				kind: 'rateLimited',
				httpStatus,
				body,
				retryAfterMs: parseRetryAfter(readHeader(headers, 'retry-after')),
			};
		}
		if (httpStatus >= 500) return { kind: 'unknown', httpStatus, body };
		// 408 (request timeout) and 499 (client closed, nginx) come from proxies that may have
		// passed the request on: the provider may have acted.
		if (UNKNOWN_4XX.has(httpStatus)) return { kind: 'unknown', httpStatus, body };
		if (httpStatus >= 400) return { kind: 'rejected', httpStatus, body };
		return { kind: 'unknown', httpStatus, body };
	}
	if (networkCode && REFUSED_CODES.has(networkCode)) return { kind: 'refused', networkCode };
	if (networkCode && NOT_SENT_CODES.has(networkCode)) return { kind: 'notSent', networkCode };
	return { kind: 'unknown', networkCode };
}

/** Whether the failure means the provider certainly did not act, so sending again is safe. */
export function isRetryable(failure: HttpFailure): boolean {
	return failure.kind === 'rateLimited' || failure.kind === 'refused';
}

/** A short, secret-free description of a transport-level failure for error messages. */
export function describeTransportFailure(failure: HttpFailure): string {
	switch (failure.networkCode) {
		case 'ECONNABORTED':
		case 'ETIMEDOUT':
		case 'UND_ERR_HEADERS_TIMEOUT':
		case 'UND_ERR_BODY_TIMEOUT':
			return 'the request timed out before an answer came back';
		case 'ECONNRESET':
		case 'EPIPE':
		case 'UND_ERR_SOCKET':
			return 'the connection was dropped before an answer came back';
		case 'ECONNREFUSED':
			return 'the server refused the connection';
		case 'ENOTFOUND':
		case 'EAI_AGAIN':
			return 'the host name could not be resolved';
		case 'ERR_CANCELED':
			return 'the request was cancelled';
		default:
			if (failure.httpStatus !== undefined)
				return `the server answered with HTTP ${failure.httpStatus}`;
			return failure.networkCode
				? `the request failed (${failure.networkCode})`
				: 'the request failed';
	}
}
