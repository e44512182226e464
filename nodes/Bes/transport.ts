import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { Client, ClientRequest } from '../shared/client';
import { createClient, hostOf } from '../shared/client';
import type { HttpFailure } from '../shared/failures';
import { classifyHttpFailure, describeTransportFailure } from '../shared/failures';
import { readJsonBody, textOf } from '../shared/json';
import type { Answer, Effect, Failure } from '../shared/outcome';
import type { RetCodeWording } from './helpers/retCodes';
import { describeBesHttpStatus, describeRetCode } from './helpers/retCodes';
import { findTokenError, normalizeBaseUrl } from './helpers/token';

/** The only place that talks HTTP to BES's APIs; n8n mints the token (docs/n8n-internals.md#bes-tokens). */

export const BES_CREDENTIAL = 'besApi';

export const CREATE_PATH = '/apiaccess/rest/voiceNotification/v2/createVoiceNotification';
export const RECORDS_PATH = '/apiaccess/CC-Management/v1/mobileAgent/queryCallDetailRecord';

/** Long enough for a loaded gateway, short enough that a dead one does not hang the workflow. */
const REQUEST_TIMEOUT_MS = 30_000;

const CHECK_RECORDS_HINT =
	'Look the number up with the "Get Call Records" operation (or in the CEC console) before sending it again.';

/** A Create request: it places a call. */
export const CREATES_NOTIFICATION: Effect = {
	kind: 'placesCall',
	provider: 'BES',
	done: 'placed the call',
	second: 'a second call',
	plural: 'calls',
	idName: 'callSerialNo',
	idField: 'callSerialNo',
	checkHint: CHECK_RECORDS_HINT,
	alreadyDone: (count) =>
		`${count} other voice notification${count === 1 ? ' was' : 's were'} already created in this execution.`,
};

export const READS_RECORDS: Effect = {
	kind: 'reads',
	provider: 'BES',
	done: 'answered',
	second: 'a second query',
	plural: 'queries',
	idName: 'callSerialNo',
	idField: 'callSerialNo',
	checkHint: '',
	alreadyDone: () => '',
};

export interface BesRequest extends ClientRequest {
	/** What the request does, for messages: "BES did not <action>". */
	action: string;
	/** The retCode table of this API. */
	retCodes: Readonly<Record<string, RetCodeWording>>;
	/** retCodes other than "0" that are answers rather than failures ("1", no data). */
	answerRetCodes?: string[];
}

/** The body as an object, or undefined when it is not the documented JSON. */
export function parseBesBody(body: unknown): IDataObject | undefined {
	const parsed = readJsonBody(body);
	if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
	return parsed as IDataObject;
}

/** The callSerialNo of a create answer, as a string of all its digits, if there is one. */
export function readCallSerialNo(body: IDataObject): string | undefined {
	const callSerialNo = (body.result as IDataObject | undefined)?.callSerialNo;
	if (typeof callSerialNo === 'string' && callSerialNo.trim() !== '') return callSerialNo.trim();
	if (typeof callSerialNo === 'number' && Number.isSafeInteger(callSerialNo))
		return String(callSerialNo);
	return undefined;
}

/** What BES said in retMsg, short, for an error description. */
function besSaid(body: unknown): string {
	const retMsg = parseBesBody(body)?.retMsg;
	return typeof retMsg === 'string' && retMsg.trim() !== ''
		? ` BES said: "${retMsg.trim().slice(0, 200)}".`
		: '';
}

/** BES's retCode answer that it did not act on the request, worded, with its retMsg. */
function rejection(request: BesRequest, retCode: string, body: IDataObject): Failure {
	const wording = describeRetCode(request.retCodes, retCode);
	return {
		status: 'rejected',
		message: `BES did not ${request.action}: ${wording.meaning}${wording.known ? ` (retCode ${retCode})` : ''}`,
		description: `${wording.fix}${besSaid(body)}`,
		providerCode: retCode,
	};
}

/**
 * An HTTP 500 with BES's own body and a retCode its table documents for this API is BES's
 * "service failure" of the business (docs/providers/bes.md#http-statuses): it did not act.
 */
function businessFailure(failure: HttpFailure, request: BesRequest): Failure | undefined {
	if (failure.httpStatus !== 500) return undefined;
	const body = parseBesBody(failure.body);
	const retCode = textOf(body?.retCode);
	if (!body || retCode === undefined || retCode === '0') return undefined;
	if (request.answerRetCodes?.includes(retCode)) return undefined;
	if (!describeRetCode(request.retCodes, retCode).known) return undefined;
	return { ...rejection(request, retCode, body), httpStatus: 500 };
}

/** An answer with a retCode: "0" (or an answering code) is the whole body; others are failures. */
function readAnswer(raw: unknown, request: BesRequest): Answer | undefined {
	const body = parseBesBody(raw);
	if (!body || body.retCode === undefined || body.retCode === null) return undefined;
	const retCode = String(body.retCode);
	if (retCode === '0' || request.answerRetCodes?.includes(retCode))
		return { status: 'accepted', result: body };
	const wording = describeRetCode(request.retCodes, retCode);
	if (!wording.known && request.effect.kind !== 'reads') {
		// An undocumented retCode says nothing of whether BES acted: the call may be placed.
		const id = readCallSerialNo(body);
		return {
			status: 'unknown',
			message: `BES may have placed the call: it answered with retCode ${retCode}, which its documentation does not describe`,
			description: `${id === undefined ? '' : `BES returned callSerialNo ${id}. `}The request was not sent again. ${CHECK_RECORDS_HINT}${besSaid(body)}`,
			providerCode: retCode,
			id,
		};
	}
	return rejection(request, retCode, body);
}

export async function createBesClient(context: IExecuteFunctions): Promise<Client<BesRequest>> {
	const credentials = await context.getCredentials<{ baseUrl?: string }>(BES_CREDENTIAL);
	const baseUrl = normalizeBaseUrl(credentials.baseUrl);
	const host = hostOf(baseUrl);
	/** Set once getting a token failed: every other request would fail the same way. */
	let tokenFailure: Failure | undefined;

	const client = createClient<BesRequest>(context, {
		credentialType: BES_CREDENTIAL,
		baseUrl,
		timeoutMs: REQUEST_TIMEOUT_MS,
		longIntegerIds: true,
		documentedFormat: 'its documented JSON',
		// A token request that failed decides retrying by what happened to it.
		classify: (error) => findTokenError(error)?.besTokenFailure ?? classifyHttpFailure(error),
		ownFailure: (error, failure, request) => {
			const failed = findTokenError(error);
			if (!failed) return businessFailure(failure, request);
			tokenFailure = {
				status: 'notSent',
				message: failed.message,
				description: failed.description,
				httpStatus: failed.besTokenFailure.httpStatus,
			};
			return tokenFailure;
		},
		readAnswer,
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
	});

	// The first request goes alone: when it mints the token, n8n stores it for the others.
	let firstRequest: Promise<unknown> | undefined;
	const send = async (request: BesRequest) => tokenFailure ?? (await client.send(request));
	return {
		async send(request) {
			if (firstRequest) {
				await firstRequest;
				return await send(request);
			}
			const answer = send(request);
			firstRequest = answer.catch(() => undefined);
			return await answer;
		},
	};
}
