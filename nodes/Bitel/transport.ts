import type { IExecuteFunctions } from 'n8n-workflow';

import type { Client, ClientRequest } from '../shared/client';
import { createClient, credentialAsRead } from '../shared/client';
import { fieldOf, hasField, readJsonBody } from '../shared/json';
import type { Answer, Effect } from '../shared/outcome';
import type { HttpFailure } from '../shared/failures';
import { classifyHttpFailure } from '../shared/failures';
import type { BitelSubject } from './helpers/errorWording';
import { bitelErrorCode, describeBitelError, readBitelError } from './helpers/errorWording';

/** The only place that talks HTTP to Bitel: its base URL, its envelope and its words. */

export const BITEL_CREDENTIAL = 'bitelApi';

/** Long enough for a loaded dialer, short enough that a dead one does not hang the workflow. */
const REQUEST_TIMEOUT_MS = 30_000;

const noneDone = () => '';

/** A Bitel call operation's request: it places a call. */
export const PLACES_CALL: Effect = {
	kind: 'placesCall',
	provider: 'Bitel',
	done: 'placed the call',
	second: 'a second call',
	plural: 'calls',
	idName: 'call ID',
	idField: 'id',
	checkHint:
		'Check with the "Get Call Status" operation (or in the Bitel panel) whether the call was placed before calling again.',
	alreadyDone: (count) =>
		`${count} other call${count === 1 ? ' was' : 's were'} already placed in this execution.`,
};

/** A Bitel SMS operation's request: it sends an SMS. */
export const SENDS_SMS: Effect = {
	kind: 'sendsSms',
	provider: 'Bitel',
	done: 'sent the SMS',
	second: 'a second SMS',
	plural: 'SMS',
	idName: 'SMS ID',
	idField: 'id',
	checkHint:
		'Check with the SMS "Get Status" operation (or in the Bitel panel) whether the SMS was sent before sending again.',
	alreadyDone: (count) =>
		`${count} other SMS ${count === 1 ? 'was' : 'were'} already sent in this execution.`,
};

/** A Bitel status request: it only reads. */
export const READS_STATUS: Effect = {
	kind: 'reads',
	provider: 'Bitel',
	done: 'answered',
	second: 'a second check',
	plural: 'checks',
	idName: 'ID',
	idField: 'id',
	checkHint: '',
	alreadyDone: noneDone,
};

/** Bitel's `{result, error}` envelope, or a bare answer (Call Status), in any casing; an error is never a result. */
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

/** The records of an answer that carries both records and an error code, if any. */
export function partialResult(body: unknown): unknown {
	const result = fieldOf(readJsonBody(body), 'result');
	if (Array.isArray(result)) return result.length > 0 ? result : undefined;
	if (typeof result === 'object' && result !== null && Object.keys(result).length > 0)
		return result;
	return undefined;
}

/** What a request's errors speak of. */
const subjectOf = (request: ClientRequest): BitelSubject =>
	request.effect.kind === 'sendsSms' ? 'sms' : 'call';

/**
 * A failure as the shared client reads it, except that a 3xx carrying Bitel's error code is a
 * rejection with that code: the API Structure page says errors come with "3xx or 4xx".
 */
export function classifyBitelFailure(error: unknown): HttpFailure {
	const failure = classifyHttpFailure(error);
	const status = failure.httpStatus;
	const redirect = status !== undefined && status >= 300 && status < 400;
	return redirect && bitelErrorCode(failure.body) !== undefined
		? { ...failure, kind: 'rejected' }
		: failure;
}

/** A 2xx answer: a result, records beside an error code (partial success), or a rejection. */
function readAnswer(body: unknown, request: ClientRequest): Answer | undefined {
	const unwrapped = unwrapEnvelope(body);
	if (unwrapped.ok) return { status: 'accepted', result: unwrapped.result };
	if (!unwrapped.code) return undefined;
	const partial = request.effect.kind === 'reads' ? undefined : partialResult(body);
	// Records next to an error code were made: partial success, never a rejection.
	if (partial !== undefined)
		return { status: 'accepted', result: partial, providerCode: unwrapped.code };
	return {
		status: 'rejected',
		...describeBitelError(undefined, unwrapped.code, body, subjectOf(request)),
		providerCode: unwrapped.code,
	};
}

export async function createBitelClient(context: IExecuteFunctions): Promise<Client> {
	const credentials = await context.getCredentials<{ baseUrl?: string }>(BITEL_CREDENTIAL);
	return createClient(context, {
		credentialType: BITEL_CREDENTIAL,
		baseUrl: String(credentials.baseUrl || 'https://api.bitel.rest').replace(/\/+$/, ''),
		timeoutMs: REQUEST_TIMEOUT_MS,
		// A Bitel token never changes during an execution (no preAuthentication).
		credential: credentialAsRead(context, BITEL_CREDENTIAL, credentials),
		documentedFormat: 'the documented JSON',
		readAnswer,
		classify: classifyBitelFailure,
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
	});
}
