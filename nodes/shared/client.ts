import type { IDataObject, IExecuteFunctions, IHttpRequestMethods } from 'n8n-workflow';

import { readJsonBody } from './json';

/** One JSON request to a provider's API. */
export interface JsonRequest {
	method: IHttpRequestMethods;
	url: string;
	body?: IDataObject;
	timeout: number;
}

/**
 * Sends one JSON request through n8n's authenticated HTTP helper and returns the answer,
 * parsed without losing digits (see ./json.ts).
 *
 * The answer is asked for as text (`encoding: 'text'`, which n8n 1.x and 2.x hand to axios
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
			encoding: 'text',
			timeout: request.timeout,
		},
	);
	return readJsonBody(text) ?? text;
}

/** The host of a base URL, for messages ("allow this n8n's IP for <host>"). */
export function hostOf(baseUrl: string): string {
	return baseUrl.replace(/^https?:\/\//i, '').split('/')[0];
}
