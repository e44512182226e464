import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	NodeApiError,
} from 'n8n-workflow';

import type { ProviderRequest, ProviderWording } from '../shared/client';
import { createProviderClient, credentialAsRead } from '../shared/client';
import type { SendSubject } from '../shared/errors';
import { createApiError } from '../shared/errors';
import type { HttpFailure } from '../shared/failures';
import { classifyHttpFailure } from '../shared/failures';
import { readJsonBody } from '../shared/json';
import { DEFAULT_RETRY_POLICY } from '../shared/retry';
import type { RetryPolicy } from '../shared/retry';
import type { BitelSubject } from './helpers/errorWording';
import { bitelErrorCode, describeBitelError, readBitelError } from './helpers/errorWording';
import { fieldOf, hasField } from '../shared/fieldNames';

/**
 * The only place that talks HTTP to Bitel: base URL, envelope, error wording and
 * the retry rule (only refused requests are sent again).
 */

export const BITEL_CREDENTIAL = 'bitelApi';

/** Long enough for a loaded dialer, short enough that a dead one does not hang the workflow. */
const REQUEST_TIMEOUT_MS = 30_000;

const CHECK_STATUS_HINT =
	'Check with the "Get Call Status" operation (or in the Bitel panel) whether the call was placed before calling again.';

/** An SMS send whose fate is unknown is worded as an SMS, not a call. */
const SMS_SUBJECT: SendSubject = {
	done: 'sent the SMS',
	second: 'a second SMS',
	checkHint:
		'Check with the SMS "Get Status" operation (or in the Bitel panel) whether the SMS was sent before sending again.',
	idName: 'SMS ID',
};

/** Bitel's API keeps SMS under one path prefix (docs/providers/bitel.md#sms). */
const SMS_PATH_PREFIX = '/api/v2/sms/';

/** What a request creates, for the words of its errors: an SMS request is given SMS_SUBJECT. */
const subjectOf = (request: ProviderRequest): BitelSubject =>
	request.subject === SMS_SUBJECT ? 'sms' : 'call';

export type BitelResponse =
	/** `providerError`: the error code Bitel sent next to the records (partial success). */
	{ ok: true; result: unknown; providerError?: string } | { ok: false; error: NodeApiError };

/**
 * The records of an answer that carries both records and an error code: a non-empty
 * `result` (in any casing), or undefined when there is none.
 */
export function partialResult(body: unknown): unknown {
	const result = fieldOf(readJsonBody(body), 'result');
	if (Array.isArray(result)) return result.length > 0 ? result : undefined;
	if (typeof result === 'object' && result !== null && Object.keys(result).length > 0)
		return result;
	return undefined;
}

export interface BitelClient {
	/**
	 * Sends one request and unwraps Bitel's `{result, error}` envelope. Never throws:
	 * a failure comes back as a NodeApiError the caller turns into items or throws.
	 */
	send(
		method: IHttpRequestMethods,
		path: string,
		body?: IDataObject,
		itemIndex?: number,
	): Promise<BitelResponse>;
}

/**
 * Bitel wraps answers in `{result, error}`, but documents Call Status bare: accept both,
 * in any casing (`Result`, `Error`), and read an error in any of the shapes `readBitelError`
 * knows, so that no error body is ever taken for a result.
 */
export function unwrapEnvelope(
	body: unknown,
): { ok: true; result: unknown } | { ok: false; code?: string; unreadable?: boolean } {
	let parsed = body;
	if (typeof parsed === 'string') {
		try {
			parsed = JSON.parse(parsed);
		} catch {
			return { ok: false, unreadable: true };
		}
	}
	if (typeof parsed !== 'object' || parsed === null) return { ok: false, unreadable: true };
	const error = readBitelError(parsed);
	if (error) return { ok: false, code: error.code };
	if (hasField(parsed, 'result')) {
		const result = fieldOf(parsed, 'result');
		if (result === null || result === undefined) return { ok: false, unreadable: true };
		return { ok: true, result };
	}
	return { ok: true, result: parsed };
}

/**
 * A failure as the shared client reads it, except that a 3xx carrying Bitel's error code is
 * Bitel refusing the request, which its API Structure page says errors come with ("3xx or 4xx"):
 * a rejection with that code, not an answer of unknown fate.
 */
export function classifyBitelFailure(error: unknown): HttpFailure {
	const failure = classifyHttpFailure(error);
	const status = failure.httpStatus;
	const redirect = status !== undefined && status >= 300 && status < 400;
	return redirect && bitelErrorCode(failure.body) !== undefined
		? { ...failure, kind: 'rejected' }
		: failure;
}

/** Bitel's wording for the shared client's decisions. */
const BITEL_WORDING: ProviderWording = {
	provider: 'Bitel',
	checkHint: CHECK_STATUS_HINT,
	idName: 'call ID',
	documentedFormat: 'the documented JSON',
	rejected(failure, request) {
		const code =
			bitelErrorCode(failure.body) ?? (failure.httpStatus === 401 ? 'Unauthorized' : undefined);
		return {
			...describeBitelError(failure.httpStatus, code, failure.body, subjectOf(request)),
			providerCode: code,
		};
	},
	noAnswer: () => ({
		message: 'Bitel did not answer the request',
		description: 'Nothing was changed at Bitel. Run the workflow again in a moment.',
	}),
};

export async function createBitelClient(
	context: IExecuteFunctions,
	policy: RetryPolicy = DEFAULT_RETRY_POLICY,
): Promise<BitelClient> {
	const credentials = await context.getCredentials<{ baseUrl?: string }>(BITEL_CREDENTIAL);
	const baseUrl = String(credentials.baseUrl || 'https://api.bitel.rest').replace(/\/+$/, '');
	// A Bitel token does not expire (no preAuthentication): n8n may use what was read here.
	const credential = credentialAsRead(context, BITEL_CREDENTIAL, credentials);
	const node = context.getNode();
	const client = createProviderClient(
		context,
		BITEL_CREDENTIAL,
		BITEL_WORDING,
		policy,
		classifyBitelFailure,
	);

	return {
		async send(method, path, body, itemIndex) {
			const request: ProviderRequest = {
				method,
				url: `${baseUrl}${path}`,
				body,
				timeout: REQUEST_TIMEOUT_MS,
				credential,
				placesCalls: method !== 'GET',
				itemIndex,
				subject: path.startsWith(SMS_PATH_PREFIX) ? SMS_SUBJECT : undefined,
			};
			const { placesCalls } = request;
			const sent = await client.send(request);
			if (!sent.ok) return { ok: false, error: sent.error };

			const unwrapped = unwrapEnvelope(sent.body);
			if (unwrapped.ok) return unwrapped;
			const partial = unwrapped.code && placesCalls ? partialResult(sent.body) : undefined;
			if (partial !== undefined) {
				// Call records next to an error code: those calls were placed. Partial success is
				// success plus the error, never a rejection.
				return { ok: true, result: partial, providerError: unwrapped.code };
			}
			if (unwrapped.code) {
				// An error code in a 2xx answer: Bitel says it did not act.
				const wording = describeBitelError(
					undefined,
					unwrapped.code,
					sent.body,
					subjectOf(request),
				);
				return {
					ok: false,
					error: createApiError(node, {
						...wording,
						providerCode: unwrapped.code,
						outcome: 'rejected',
						itemIndex,
					}),
				};
			}
			return { ok: false, error: client.unreadable(request) };
		},
	};
}
