import type { IDataObject, IExecuteFunctions, NodeApiError } from 'n8n-workflow';

import type { ProviderRequest } from '../shared/client';
import { createProviderClient, hostOf } from '../shared/client';
import { createApiError } from '../shared/errors';
import type { HttpFailure } from '../shared/failures';
import { classifyHttpFailure, describeTransportFailure } from '../shared/failures';
import { readJsonBody, textOf } from '../shared/json';
import { DEFAULT_RETRY_POLICY } from '../shared/retry';
import type { RetryPolicy } from '../shared/retry';
import type { RetCodeWording } from './helpers/retCodes';
import { describeBesHttpStatus, describeRetCode } from './helpers/retCodes';
import type { BesTokenError } from './helpers/token';
import { findTokenError, normalizeBaseUrl } from './helpers/token';

/**
 * The only place that talks HTTP to BES's business APIs: base URL, the retCode
 * envelope, error wording and the retry rule (only refused requests are sent again).
 *
 * Authentication is n8n's: every request goes through httpRequestWithAuthentication
 * with the BES API credential. n8n 2.41 (packages/core/.../request-helpers/
 * authentication.ts) calls the credential's preAuthentication when its expirable
 * `accessToken` is empty and persists the token with the credential, so one token
 * serves every item and every execution (and every worker in queue mode). When BES
 * answers 401, n8n calls preAuthentication again (forced), re-applies `authenticate`
 * and sends the request once more; a second 401 reaches us as a NodeApiError. A 401
 * means BES did not act, so that one resend never places a second call.
 */

export const BES_CREDENTIAL = 'besApi';

export const CREATE_PATH = '/apiaccess/rest/voiceNotification/v2/createVoiceNotification';
export const RECORDS_PATH = '/apiaccess/CC-Management/v1/mobileAgent/queryCallDetailRecord';

/** Long enough for a loaded gateway, short enough that a dead one does not hang the workflow. */
const REQUEST_TIMEOUT_MS = 30_000;

const CHECK_RECORDS_HINT =
	'Look the number up with the "Get Call Records" operation (or in the CEC console) before sending it again.';

export type BesResponse =
	| { ok: true; retCode: string; body: IDataObject }
	/** `callSerialNo`: one that came back with a failure (an undocumented retCode). */
	| { ok: false; error: NodeApiError; callSerialNo?: string };

export interface BesRequest {
	path: string;
	body: IDataObject;
	/** Whether the request places a call, so that a request of unknown fate may have. */
	placesCall: boolean;
	/** What the request does, for messages: "BES did not <action>". */
	action: string;
	/** The retCode table of this API. */
	retCodes: Readonly<Record<string, RetCodeWording>>;
	/** retCodes other than "0" that are answers rather than failures ("1", no data). */
	acceptRetCodes?: string[];
	itemIndex: number;
}

export interface BesClient {
	/**
	 * POSTs one request and checks BES's `{retCode, retMsg, result}` answer. Never
	 * throws: a failure comes back as a NodeApiError the caller turns into an item.
	 */
	send(request: BesRequest): Promise<BesResponse>;
}

/** Token failures decide retrying by what happened to the token request. */
function classifyBesFailure(error: unknown): HttpFailure {
	return findTokenError(error)?.besTokenFailure ?? classifyHttpFailure(error);
}

/** The body as an object, or undefined when it is not the documented JSON. */
export function parseBesBody(body: unknown): IDataObject | undefined {
	const parsed = readJsonBody(body);
	if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
	return parsed as IDataObject;
}

/** The callSerialNo of a create answer, as a string of all its digits, if there is one. */
export function readCallSerialNo(body: IDataObject): string | undefined {
	const result = body.result as IDataObject | undefined;
	const callSerialNo = result?.callSerialNo;
	if (typeof callSerialNo === 'string' && callSerialNo.trim() !== '') return callSerialNo.trim();
	if (typeof callSerialNo === 'number' && Number.isSafeInteger(callSerialNo))
		return String(callSerialNo);
	return undefined;
}

/**
 * An HTTP 500 that is BES's documented "service failure" of the business: BES's own body with a
 * retCode its table documents for this API (docs/providers/bes.md#http-statuses), so BES did not
 * act. Undefined for any other 500 (a gateway's, an undocumented code), which stays unknown.
 */
function businessFailure(
	failure: HttpFailure,
	request: BesRequest,
): { retCode: string; body: IDataObject } | undefined {
	if (failure.httpStatus !== 500) return undefined;
	const body = parseBesBody(failure.body);
	const retCode = textOf(body?.retCode);
	if (!body || retCode === undefined || retCode === '0') return undefined;
	if (request.acceptRetCodes?.includes(retCode)) return undefined;
	return describeRetCode(request.retCodes, retCode).known ? { retCode, body } : undefined;
}

/** What BES said in retMsg, short, for an error description. */
function besSaid(body: unknown): string {
	const retMsg = parseBesBody(body)?.retMsg;
	return typeof retMsg === 'string' && retMsg.trim() !== ''
		? ` BES said: "${retMsg.trim().slice(0, 200)}".`
		: '';
}

export async function createBesClient(
	context: IExecuteFunctions,
	policy: RetryPolicy = DEFAULT_RETRY_POLICY,
): Promise<BesClient> {
	const credentials = await context.getCredentials<{ baseUrl?: string }>(BES_CREDENTIAL);
	const baseUrl = normalizeBaseUrl(credentials.baseUrl);
	const host = hostOf(baseUrl);
	const node = context.getNode();

	/** Set once getting a token failed: the other items would fail the same way. */
	let tokenFailure: BesTokenError | undefined;

	const tokenError = (failure: BesTokenError, itemIndex: number): NodeApiError =>
		createApiError(node, {
			message: failure.message,
			description: failure.description,
			httpStatus: failure.besTokenFailure.httpStatus,
			outcome: 'notSent',
			itemIndex,
		});

	const client = createProviderClient(
		context,
		BES_CREDENTIAL,
		{
			provider: 'BES',
			checkHint: CHECK_RECORDS_HINT,
			longIntegerIds: true,
			idName: 'call serial number',
			documentedFormat: 'its documented JSON',
			rejected: (failure) => {
				const wording = describeBesHttpStatus(failure.httpStatus, host);
				return {
					message: wording.message,
					description: `${wording.description}${besSaid(failure.body)}`,
				};
			},
			noAnswer: (failure, request) => ({
				message: `BES did not answer: ${describeTransportFailure(failure)}`,
				description: `BES did not ${request.action}. Reading changes nothing at BES: run the workflow again in a moment.`,
			}),
		},
		policy,
		classifyBesFailure,
	);

	/** BES's retCode answer that it did not act on the request, worded, with its retMsg. */
	const rejection = (
		request: BesRequest,
		retCode: string,
		body: IDataObject,
		httpStatus?: number,
	): NodeApiError => {
		const wording = describeRetCode(request.retCodes, retCode);
		return createApiError(node, {
			message: `BES did not ${request.action}: ${wording.meaning}${
				wording.known ? ` (retCode ${retCode})` : ''
			}`,
			description: `${wording.fix}${besSaid(body)}`,
			providerCode: retCode,
			httpStatus,
			outcome: 'rejected',
			itemIndex: request.itemIndex,
		});
	};

	const sendOnce = async (request: BesRequest): Promise<BesResponse> => {
		if (tokenFailure) return { ok: false, error: tokenError(tokenFailure, request.itemIndex) };

		const clientRequest: ProviderRequest = {
			method: 'POST',
			url: `${baseUrl}${request.path}`,
			body: request.body,
			timeout: REQUEST_TIMEOUT_MS,
			placesCalls: request.placesCall,
			itemIndex: request.itemIndex,
			action: request.action,
		};
		const sent = await client.send(clientRequest);
		if (!sent.ok) {
			const failedToken = findTokenError(sent.cause);
			if (failedToken) {
				tokenFailure = failedToken;
				return { ok: false, error: tokenError(failedToken, request.itemIndex) };
			}
			const business = businessFailure(sent.failure, request);
			if (business) {
				return { ok: false, error: rejection(request, business.retCode, business.body, 500) };
			}
			return { ok: false, error: sent.error };
		}

		const body = parseBesBody(sent.body);
		if (!body || body.retCode === undefined || body.retCode === null) {
			return { ok: false, error: client.unreadable(clientRequest) };
		}
		const retCode = String(body.retCode);
		if (retCode === '0' || request.acceptRetCodes?.includes(retCode)) {
			return { ok: true, retCode, body };
		}
		const wording = describeRetCode(request.retCodes, retCode);
		if (!wording.known && request.placesCall) {
			// A retCode the docs do not list says nothing about whether BES acted: the call may be
			// placed (all the more when a callSerialNo came back), so it is unknown, never rejected.
			const callSerialNo = readCallSerialNo(body);
			return {
				ok: false,
				callSerialNo,
				error: createApiError(node, {
					message: `BES may have placed the call: it answered with retCode ${retCode}, which its documentation does not describe`,
					description: `${
						callSerialNo === undefined ? '' : `BES returned callSerialNo ${callSerialNo}. `
					}The request was not sent again. ${CHECK_RECORDS_HINT}${besSaid(body)}`,
					providerCode: retCode,
					outcome: 'unknown',
					itemIndex: request.itemIndex,
				}),
			};
		}
		// HTTP 200 with a documented retCode other than "0": BES says it did not act.
		return { ok: false, error: rejection(request, retCode, body) };
	};

	/**
	 * The first request of an execution goes alone: when the credential has no token
	 * yet (or BES rejects it), that request mints one and n8n stores it, and the
	 * requests after it reuse it instead of each minting their own.
	 */
	let firstRequest: Promise<void> | undefined;
	return {
		async send(request) {
			if (firstRequest) {
				await firstRequest;
				return await sendOnce(request);
			}
			const response = sendOnce(request);
			firstRequest = response.then(
				() => undefined,
				() => undefined,
			);
			return await response;
		},
	};
}
