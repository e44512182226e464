import type {
	IAuthenticate,
	ICredentialDataDecryptedObject,
	IHttpRequestOptions,
} from 'n8n-workflow';

/**
 * Both credentials' `authenticate`: the request with the credential's headers added and its own
 * kept. A function rather than n8n's generic form: n8n evaluates a generic header such as
 * `=Bearer {{$credentials.apiToken}}` as an expression for every request, and with its default
 * `vm` expression engine (n8n 1.123 and 2.x) that cost about 3 ms of CPU per request, measured
 * in n8n 2.41.1 (README → Performance).
 */
export function authenticateWithHeaders(
	headersOf: (credentials: ICredentialDataDecryptedObject) => Record<string, string>,
): IAuthenticate {
	return async (credentials, requestOptions): Promise<IHttpRequestOptions> => ({
		...requestOptions,
		headers: { ...requestOptions.headers, ...headersOf(credentials) },
	});
}

/** A credential field as header text, as n8n's generic form renders it (missing is empty). */
export function credentialText(value: unknown): string {
	return value === undefined || value === null ? '' : String(value);
}
