import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	NodeApiError,
} from 'n8n-workflow';

import type { SendSubject } from './errors';
import { createApiError, notSentError, unknownOutcomeError } from './errors';
import type { HttpFailure } from './failures';
import { classifyHttpFailure } from './failures';
import { readJsonBody } from './json';
import type { RetryPolicy } from './retry';
import { DEFAULT_RETRY_POLICY, sendWithRetry } from './retry';

/** One JSON request to a provider's API. */
export interface JsonRequest {
	method: IHttpRequestMethods;
	url: string;
	body?: IDataObject;
	timeout: number;
	/**
	 * Ask for the answer as text so that integers wider than 2^53 keep every digit. Only for a
	 * provider whose ids need it (BES): n8n 1.x's NodeApiError drops a text error body (it keeps
	 * `context.data` only when axios parsed it), so a 4xx answer's code is lost there.
	 */
	asText?: boolean;
	/**
	 * The credential as this node already read it, for n8n to use as it is (see
	 * `credentialAsRead`). Without it n8n reads the credential again for every request.
	 */
	credential?: ICredentialsDecrypted;
}

/**
 * Sends one JSON request through n8n's authenticated HTTP helper and returns the answer,
 * parsed without losing digits (see ./json.ts).
 *
 * BES answers are asked for as text (`encoding: 'text'`, which n8n 1.x and 2.x hand to axios
 * as its responseType, so axios does not parse it): a JSON number wider than 2^53 (BES's
 * callSerialNo) would otherwise be rounded before this node sees it. An answer that is not
 * JSON comes back as its text, for the caller to report as unreadable.
 */
export async function requestJson(
	context: IExecuteFunctions,
	credentialType: string,
	request: JsonRequest,
): Promise<unknown> {
	const text: unknown = await context.helpers.httpRequestWithAuthentication.call(
		context,
		credentialType,
		{
			method: request.method,
			url: request.url,
			body: request.body,
			json: true,
			...(request.asText ? { encoding: 'text' as const } : {}),
			timeout: request.timeout,
		},
		request.credential ? { credentialsDecrypted: request.credential } : undefined,
	);
	return readJsonBody(text) ?? text;
}

/**
 * The node's credential of `credentialType`, with the data this node read once, in the form
 * n8n's httpRequestWithAuthentication takes as `credentialsDecrypted`. Otherwise n8n reads
 * and decrypts the credential from its database again for each request: measured in n8n
 * 2.41.1, a fifth of the CPU of a status check. Only for a credential without a token n8n
 * refreshes (no `preAuthentication`): its data does not change during an execution.
 * Undefined when the node names no such credential (n8n then reads it as before).
 */
export function credentialAsRead(
	context: IExecuteFunctions,
	credentialType: string,
	data: ICredentialDataDecryptedObject,
): ICredentialsDecrypted | undefined {
	const reference = context.getNode().credentials?.[credentialType];
	if (!reference?.id) return undefined;
	return { id: reference.id, name: reference.name, type: credentialType, data };
}

/** The host of a base URL, for messages ("allow this n8n's IP for <host>"). */
export function hostOf(baseUrl: string): string {
	return baseUrl.replace(/^https?:\/\//i, '').split('/')[0];
}

/** How one provider words the failures the shared client decides. */
export interface ProviderWording {
	/** "Bitel", "BES". */
	provider: string;
	/** What to check before calling again, for a request that may have placed a call. */
	checkHint: string;
	/** Whether this provider's answers carry integer ids wider than 2^53 (see JsonRequest.asText). */
	longIntegerIds?: boolean;
	/** The id an unreadable answer to a placing request hid: "call ID", "call serial number". */
	idName: string;
	/** How the provider's docs name its answer format, for "answered with something that is …". */
	documentedFormat: string;
	/** A rejection (4xx) of `request`: what the provider said, in its own words and code. */
	rejected: (
		failure: HttpFailure,
		request: ProviderRequest,
	) => {
		message: string;
		description: string;
		providerCode?: string;
	};
	/** A reading request that got no usable answer (it changed nothing). */
	noAnswer: (
		failure: HttpFailure,
		request: ProviderRequest,
	) => { message: string; description: string };
}

/** One request through the shared client. */
export interface ProviderRequest extends JsonRequest {
	/** Whether the request places a call, so that a request of unknown fate may have. */
	placesCalls: boolean;
	itemIndex?: number;
	/** What the request does, for the provider's messages ("create the voice notification"). */
	action?: string;
	/** What a placing request makes when not a call (an SMS), for the unknown-outcome wording. */
	subject?: SendSubject;
}

export type ProviderAnswer =
	| { ok: true; body: unknown }
	/** `cause`: what n8n threw, for a provider that has failures of its own (BES tokens). */
	| { ok: false; error: NodeApiError; failure: HttpFailure; cause: unknown };

export interface ProviderClient {
	/**
	 * Sends one request, retrying only while the provider refuses it (429, connection
	 * refused), and returns the answer, parsed keeping long ids, or the failure as a
	 * NodeApiError worded for the provider: rejected, unknown (may have placed a call),
	 * or not sent. Never throws.
	 */
	send(request: ProviderRequest): Promise<ProviderAnswer>;
	/** The error for an answer that is not the provider's documented format. */
	unreadable(request: ProviderRequest): NodeApiError;
}

/** The one HTTP client both providers configure: the never-send-twice decision tree lives here. */
export function createProviderClient(
	context: IExecuteFunctions,
	credentialType: string,
	wording: ProviderWording,
	policy: RetryPolicy = DEFAULT_RETRY_POLICY,
	classify: (error: unknown) => HttpFailure = classifyHttpFailure,
): ProviderClient {
	const node = context.getNode();
	const { provider } = wording;

	const callSubject: SendSubject = {
		done: 'placed the call',
		second: 'a second call',
		checkHint: wording.checkHint,
		idName: wording.idName,
	};

	const failureToError = (
		failure: HttpFailure,
		attempts: number,
		request: ProviderRequest,
	): NodeApiError => {
		const { itemIndex } = request;
		if (failure.kind === 'rejected') {
			return createApiError(node, {
				...wording.rejected(failure, request),
				httpStatus: failure.httpStatus,
				outcome: 'rejected',
				itemIndex,
			});
		}
		if (failure.kind === 'unknown') {
			if (request.placesCalls)
				return unknownOutcomeError(
					node,
					failure,
					provider,
					request.subject ?? callSubject,
					itemIndex,
				);
			return createApiError(node, {
				...wording.noAnswer(failure, request),
				httpStatus: failure.httpStatus,
				outcome: 'unknown',
				itemIndex,
			});
		}
		return notSentError(node, failure, provider, attempts, itemIndex);
	};

	return {
		async send(request) {
			const sent = await sendWithRetry(
				async () =>
					await requestJson(context, credentialType, {
						...request,
						asText: wording.longIntegerIds,
					}),
				policy,
				undefined,
				classify,
			);
			if (sent.ok) return { ok: true, body: sent.value };
			return {
				ok: false,
				error: failureToError(sent.failure, sent.attempts, request),
				failure: sent.failure,
				cause: sent.error,
			};
		},
		unreadable(request) {
			const notDocumented = `${provider} answered with something that is not ${wording.documentedFormat}`;
			const subject = request.subject ?? callSubject;
			return request.placesCalls
				? createApiError(node, {
						message: `${provider} may have ${subject.done}, but its answer could not be read`,
						description: `${notDocumented}, so this node does not know the ${subject.idName}. The request was not sent again. ${subject.checkHint}`,
						outcome: 'unknown',
						itemIndex: request.itemIndex,
					})
				: createApiError(node, {
						message: `${provider}’s answer could not be read`,
						description: `${notDocumented}. Run the workflow again in a moment.`,
						outcome: 'unknown',
						itemIndex: request.itemIndex,
					});
		},
	};
}
