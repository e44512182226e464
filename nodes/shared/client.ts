import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
} from 'n8n-workflow';

import type { HttpFailure } from './failures';
import { classifyHttpFailure, describeTransportFailure } from './failures';
import { readJsonBody } from './json';
import type { Answer, Effect, Failure } from './outcome';
import type { RetryPolicy } from './retry';
import { DEFAULT_RETRY_POLICY, sendWithRetry } from './retry';

/** One request as an operation describes it; the effect says what it does at the provider. */
export interface ClientRequest {
	method: IHttpRequestMethods;
	path: string;
	body?: IDataObject;
	effect: Effect;
	itemIndex: number;
}

export interface Client<R extends ClientRequest = ClientRequest> {
	/** Sends one request, again only while the provider refuses it; never throws. */
	send(request: R): Promise<Answer>;
}

/** How one provider is reached and how its answers and failures read. */
export interface ProviderConfig<R extends ClientRequest> {
	credentialType: string;
	baseUrl: string;
	timeoutMs: number;
	/** The credential as the node read it, for n8n to use as it is (docs/n8n-internals.md#credentials-read-once). */
	credential?: ICredentialsDecrypted;
	/** Answers are read as text so that integers wider than 2^53 keep every digit (BES's ids). */
	longIntegerIds?: boolean;
	/** How the provider's docs name its answer format ("the documented JSON"). */
	documentedFormat: string;
	policy?: RetryPolicy;
	classify?: (error: unknown) => HttpFailure;
	/** A failure in the provider's own terms (BES's token request), before the HTTP rules apply. */
	ownFailure?: (error: unknown, failure: HttpFailure, request: R) => Failure | undefined;
	/** A 2xx body as the provider's answer; undefined when it is not the documented format. */
	readAnswer: (body: unknown, request: R) => Answer | undefined;
	/** A rejection (4xx) in the provider's words. */
	rejected: (failure: HttpFailure, request: R) => Omit<Failure, 'status'>;
	/** A read that got no usable answer (it changed nothing). */
	noAnswer: (failure: HttpFailure, request: R) => Omit<Failure, 'status'>;
}

/** The credential as read, for n8n to use as it is (docs/n8n-internals.md#credentials-read-once). */
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

/** A request whose fate is unknown: it may have reached the provider, so it is never sent again. */
export function unknownOutcome(effect: Effect, cause: string, httpStatus?: number): Failure {
	return {
		status: 'unknown',
		message: `${effect.provider} may have ${effect.done}: ${cause}`,
		description: `The request may have reached ${effect.provider}, so it was not sent again (a second send would be ${effect.second}). ${effect.checkHint}`,
		httpStatus,
	};
}

function notSent(effect: Effect, failure: HttpFailure, attempts: number): Failure {
	const { provider } = effect;
	const tries = attempts > 1 ? ` after ${attempts} attempts` : '';
	if (failure.kind === 'rateLimited') {
		const wait =
			failure.retryAfterMs === undefined ? '' : ` ${Math.ceil(failure.retryAfterMs / 1000)} s`;
		return {
			status: 'rejected',
			message: `${provider} is receiving too many requests and refused this one${tries}`,
			description: `Nothing was sent. ${provider} asked to wait${wait}, longer than this node waits. Run the workflow again later, or send fewer ${effect.plural} at once.`,
			httpStatus: failure.httpStatus,
			providerCode: 'TooManyRequests',
		};
	}
	return {
		status: 'notSent',
		message: `Could not reach ${provider}: ${describeTransportFailure(failure)}${tries}`,
		description: `Nothing was sent. Check the Base URL in the ${provider} credential and the network between n8n and ${provider}, then run the workflow again.`,
	};
}

/** The one HTTP client both providers configure: the never-send-twice decision lives here. */
export function createClient<R extends ClientRequest>(
	context: IExecuteFunctions,
	config: ProviderConfig<R>,
): Client<R> {
	const classify = config.classify ?? classifyHttpFailure;

	const failed = (failure: HttpFailure, attempts: number, request: R): Failure => {
		const { effect } = request;
		if (failure.kind === 'rejected')
			return {
				status: 'rejected',
				httpStatus: failure.httpStatus,
				...config.rejected(failure, request),
			};
		if (failure.kind !== 'unknown') return notSent(effect, failure, attempts);
		if (effect.kind !== 'reads')
			return unknownOutcome(effect, describeTransportFailure(failure), failure.httpStatus);
		return {
			status: 'unknown',
			httpStatus: failure.httpStatus,
			...config.noAnswer(failure, request),
		};
	};

	const unreadable = ({ effect }: R): Failure => {
		const said = `${effect.provider} answered with something that is not ${config.documentedFormat}`;
		return effect.kind === 'reads'
			? {
					status: 'unknown',
					message: `${effect.provider}’s answer could not be read`,
					description: `${said}. Run the workflow again in a moment.`,
				}
			: {
					status: 'unknown',
					message: `${effect.provider} may have ${effect.done}, but its answer could not be read`,
					description: `${said}, so this node does not know the ${effect.idName}. The request was not sent again. ${effect.checkHint}`,
				};
	};

	return {
		async send(request) {
			const sent = await sendWithRetry(
				async () => {
					const text: unknown = await context.helpers.httpRequestWithAuthentication.call(
						context,
						config.credentialType,
						{
							method: request.method,
							url: `${config.baseUrl}${request.path}`,
							body: request.body,
							json: true,
							...(config.longIntegerIds ? { encoding: 'text' as const } : {}),
							timeout: config.timeoutMs,
						},
						config.credential ? { credentialsDecrypted: config.credential } : undefined,
					);
					return readJsonBody(text) ?? text;
				},
				config.policy ?? DEFAULT_RETRY_POLICY,
				undefined,
				classify,
			);
			if (!sent.ok)
				return (
					config.ownFailure?.(sent.error, sent.failure, request) ??
					failed(sent.failure, sent.attempts, request)
				);
			return config.readAnswer(sent.value, request) ?? unreadable(request);
		},
	};
}
