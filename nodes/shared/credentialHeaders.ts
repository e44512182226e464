import type {
	IAuthenticate,
	ICredentialDataDecryptedObject,
	IHttpRequestOptions,
} from 'n8n-workflow';

/**
 * Both credentials' `authenticate`: the request with the credential's headers added, a function
 * rather than n8n's generic expression (docs/n8n-internals.md#authenticate-functions-not-expressions).
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
