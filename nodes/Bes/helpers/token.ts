import type { ICredentialDataDecryptedObject, IHttpRequestHelper } from 'n8n-workflow';

import { fieldOf, isObject } from '../../shared/json';
import type { HttpFailure } from '../../shared/failures';
import { classifyHttpFailure, describeTransportFailure } from '../../shared/failures';

/** Minting a BES access token from the app key and secret (docs/providers/bes.md#authentication-tokenbyaksk). */

/** Where BES exchanges the app key and secret for a token. */
export const AKSK_EXCHANGE_PATH = '/apigovernance/api/oauth/tokenByAkSk';

/** The longest lifetime BES issues (X-Token-Expire, seconds). */
export const MAX_TOKEN_LIFETIME = 3600;
/** Shorter tokens would mostly mean extra token requests (inferred). */
export const MIN_TOKEN_LIFETIME = 60;

const TOKEN_TIMEOUT_MS = 30_000;

const CREDENTIAL = 'the BES API credential';

/** The tenant's domain without trailing slashes, e.g. https://service.besclouds.com */
export function normalizeBaseUrl(value: unknown): string {
	return String(value ?? '')
		.trim()
		.replace(/\/+$/, '');
}

const WEB_ADDRESS = /^https?:\/\/[^/\s]+/i;

/**
 * Where tokenByAkSk is asked: the Token URL (a host alone gets the documented path), else the Base
 * URL; undefined when the Token URL is not a web address.
 */
export function tokenEndpoint(credentials: ICredentialDataDecryptedObject): string | undefined {
	const tokenUrl = normalizeBaseUrl(credentials.tokenUrl);
	if (tokenUrl === '') return `${normalizeBaseUrl(credentials.baseUrl)}${AKSK_EXCHANGE_PATH}`;
	if (!WEB_ADDRESS.test(tokenUrl)) return undefined;
	const hasPath = /^https?:\/\/[^/]+\/./i.test(tokenUrl);
	return hasPath ? tokenUrl : `${tokenUrl}${AKSK_EXCHANGE_PATH}`;
}

/** Token Lifetime as sent in X-Token-Expire: whole seconds within 60–3600, 3600 when unset. */
export function tokenLifetimeSeconds(value: unknown): number {
	const seconds = Math.floor(Number(value));
	if (value === '' || value === null || value === undefined || !Number.isFinite(seconds))
		return MAX_TOKEN_LIFETIME;
	return Math.min(MAX_TOKEN_LIFETIME, Math.max(MIN_TOKEN_LIFETIME, seconds));
}

/** The lifetime a credential asks for; earlier builds' hidden `tokenLifetime` counts while the current field holds its default. */
export function tokenLifetimeOf(credentials: ICredentialDataDecryptedObject): number {
	const current = tokenLifetimeSeconds(credentials.lifetimeSeconds);
	const legacy = credentials.tokenLifetime;
	if (current === MAX_TOKEN_LIFETIME && legacy !== undefined && legacy !== '' && legacy !== null)
		return tokenLifetimeSeconds(legacy);
	return current;
}

/** A failed token request: no `response` and never the request (docs/n8n-internals.md#bes-tokens). */
export class BesTokenError extends Error {
	readonly besTokenFailure: HttpFailure;

	readonly description: string;

	/** Whether BES refused the app key or secret themselves (HTTP 401 on the token request). */
	readonly credentialsRejected: boolean;

	constructor(
		message: string,
		description: string,
		failure: HttpFailure,
		credentialsRejected = false,
	) {
		super(message);
		this.name = 'BesTokenError';
		this.description = description;
		this.besTokenFailure = failure;
		this.credentialsRejected = credentialsRejected;
	}
}

/** The BesTokenError somewhere in an error's cause chain (n8n wraps it in a NodeApiError). */
export function findTokenError(error: unknown): BesTokenError | undefined {
	let current: unknown = error;
	for (let depth = 0; depth < 6 && typeof current === 'object' && current !== null; depth++) {
		const candidate = current as Partial<BesTokenError> & { cause?: unknown };
		if (candidate.name === 'BesTokenError' && candidate.besTokenFailure) {
			return candidate as BesTokenError;
		}
		current = candidate.cause;
	}
	return undefined;
}

/** Provider text with the secret blanked out, in case BES ever echoes it. */
function redact(text: string, secret: string): string {
	return secret === '' ? text : text.split(secret).join('*****');
}

function hostOf(baseUrl: string): string {
	return baseUrl.replace(/^https?:\/\//i, '').split('/')[0];
}

/** Wording for a token request BES answered with an HTTP error status, or that never got an answer. */
function tokenFailureError(
	failure: HttpFailure,
	endpoint: string,
	ownTokenUrl: boolean,
): BesTokenError {
	const host = hostOf(endpoint);
	const where = ownTokenUrl
		? `Token URL in ${CREDENTIAL} (${endpoint})`
		: `Base URL in ${CREDENTIAL}: it is the tenant's domain only, such as https://service.besclouds.com, without a path; if the tenant's token service listens on another host or port, set Token URL`;
	switch (failure.httpStatus) {
		case 401:
			return new BesTokenError(
				'BES rejected the App Key or App Secret',
				`BES answered the token request with HTTP 401. Check App Key and App Secret in ${CREDENTIAL}: they come from your CEC operations contact. Nothing was sent.`,
				failure,
				true,
			);
		case 403:
			return new BesTokenError(
				'BES refused the token request (HTTP 403)',
				`Huawei's gateway answers 403 when the caller's IP address is not on the tenant's allow-list. Ask your CEC operations contact to allow the public IP address of this n8n instance for ${host}. Nothing was sent.`,
				failure,
			);
		case 400:
			return new BesTokenError(
				'BES rejected the token request as invalid (HTTP 400)',
				`Check App Key, App Secret and Token Lifetime in ${CREDENTIAL}. Nothing was sent.`,
				failure,
			);
		case 404:
			return new BesTokenError(
				`BES has no token service at ${host} (HTTP 404)`,
				`Check ${where}. Nothing was sent.`,
				failure,
			);
		default:
			break;
	}
	if (failure.kind === 'rateLimited') {
		return new BesTokenError(
			'BES is receiving too many token requests and refused this one',
			'Nothing was sent. Run the workflow again in a moment.',
			failure,
		);
	}
	if (failure.httpStatus === undefined) {
		return new BesTokenError(
			`Could not reach BES at ${host} for an access token: ${describeTransportFailure(failure)}`,
			`Check ${ownTokenUrl ? `Token URL in ${CREDENTIAL}` : `Base URL in ${CREDENTIAL}`} and the network between n8n and BES. Nothing was sent.`,
			failure,
		);
	}
	return new BesTokenError(
		`BES did not issue an access token: ${describeTransportFailure(failure)}`,
		'Nothing was sent. Run the workflow again in a moment; if it keeps happening, ask your CEC operations contact about the token service.',
		failure,
	);
}

/** POSTs {app_key, app_secret} with X-Token-Expire to tokenByAkSk; the AccessToken for the credential. */
export async function requestBesToken(
	requester: IHttpRequestHelper,
	credentials: ICredentialDataDecryptedObject,
): Promise<{ accessToken: string }> {
	const baseUrl = normalizeBaseUrl(credentials.baseUrl);
	const appKey = String(credentials.appKey ?? '').trim();
	const appSecret = String(credentials.appSecret ?? '');
	const missing: HttpFailure = { kind: 'notSent' };
	if (!WEB_ADDRESS.test(baseUrl)) {
		throw new BesTokenError(
			'The Base URL of the BES API credential is not a web address',
			`Enter the tenant's domain with https://, such as https://service.besclouds.com. Nothing was sent.`,
			missing,
		);
	}
	const endpoint = tokenEndpoint(credentials);
	if (endpoint === undefined) {
		throw new BesTokenError(
			'The Token URL of the BES API credential is not a web address',
			`Enter the address of the tenant's token service with https://, such as https://10.10.0.5:28070, or leave Token URL empty to use the Base URL. Nothing was sent.`,
			missing,
		);
	}
	const ownTokenUrl = normalizeBaseUrl(credentials.tokenUrl) !== '';
	if (appKey === '' || appSecret === '') {
		throw new BesTokenError(
			`The BES API credential has no ${appKey === '' ? 'App Key' : 'App Secret'}`,
			'Enter the App Key and App Secret your CEC operations contact issued. Nothing was sent.',
			missing,
			true,
		);
	}

	let body: unknown;
	try {
		body = await requester.helpers.httpRequest({
			method: 'POST',
			url: endpoint,
			headers: { 'X-Token-Expire': String(tokenLifetimeOf(credentials)) },
			body: { app_key: appKey, app_secret: appSecret },
			json: true,
			timeout: TOKEN_TIMEOUT_MS,
		});
	} catch (error) {
		// Only the classification survives: the original error holds the request body.
		const failure = classifyHttpFailure(error);
		throw tokenFailureError({ ...failure, body: undefined }, endpoint, ownTokenUrl);
	}

	const answer = readTokenAnswer(body);
	if (answer.accessToken !== undefined) return { accessToken: answer.accessToken };

	const said = answer.retMsg
		? ` BES said: "${redact(answer.retMsg, appSecret).slice(0, 200)}"${
				answer.retCode !== undefined ? ` (retCode ${answer.retCode})` : ''
			}.`
		: '';
	if (said !== '' || answer.retCode !== undefined) {
		// BES answered with an error of its own: quote it, without guessing which part is wrong.
		throw new BesTokenError(
			'BES answered the token request without an access token',
			`BES did not issue a token.${said} If it names the app key or secret, check them in ${CREDENTIAL}; otherwise ask your CEC operations contact. Nothing was sent.`,
			{ kind: 'rejected', httpStatus: 200 },
		);
	}
	const fields = answer.fields.length > 0 ? answer.fields.slice(0, 12).join(', ') : 'none';
	throw new BesTokenError(
		'BES’s answer to the token request could not be read',
		`BES answered with HTTP 200, which does not say that the App Key or App Secret is wrong, but its answer has no access token in a form this node knows (AccessToken, accessToken or access_token, also under result or data). Fields in the answer: ${fields}. Nothing was sent. Report this to the node's maintainers with those field names.`,
		{ kind: 'rejected', httpStatus: 200 },
	);
}

/** What a token answer says, read tolerantly. */
export interface TokenAnswer {
	accessToken?: string;
	/** The lifetime BES gave the token, in seconds, when it says. */
	expiresInSeconds?: number;
	retCode?: string;
	retMsg?: string;
	/** The answer's top-level field names (never their values), for an error message. */
	fields: string[];
}

/** Where a token may sit: the top level as documented, or under `result` / `data` (inferred). */
const TOKEN_CONTAINERS = ['result', 'data'];

function nonEmptyText(value: unknown): string | undefined {
	if (typeof value === 'string') return value.trim() === '' ? undefined : value.trim();
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	return undefined;
}

/** The token of a tokenByAkSk answer in any casing or nesting (docs/providers/bes.md#token-answers-in-other-casings-or-nestings). */
export function readTokenAnswer(body: unknown): TokenAnswer {
	let parsed = body;
	if (typeof parsed === 'string') {
		try {
			parsed = JSON.parse(parsed);
		} catch {
			parsed = undefined;
		}
	}
	if (!isObject(parsed)) return { fields: [] };
	const places = [
		parsed,
		...TOKEN_CONTAINERS.map((name) => fieldOf(parsed, name)).filter(isObject),
	];
	const answer: TokenAnswer = { fields: Object.keys(parsed) };
	for (const place of places) {
		const token = fieldOf(place, 'accessToken');
		if (typeof token !== 'string' || token.trim() === '') continue;
		answer.accessToken = token.trim();
		const lifetime = Number(nonEmptyText(fieldOf(place, 'expires', 'expiresIn')));
		if (Number.isFinite(lifetime) && lifetime > 0) answer.expiresInSeconds = lifetime;
		break;
	}
	answer.retCode = nonEmptyText(fieldOf(parsed, 'retCode'));
	answer.retMsg = nonEmptyText(fieldOf(parsed, 'retMsg'));
	return answer;
}
