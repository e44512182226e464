import type { IHttpRequestOptions } from 'n8n-workflow';

import { BesApi } from '../../credentials/BesApi.credentials';
import { BitelApi } from '../../credentials/BitelApi.credentials';

/** The headers both credentials put on a request, and what they leave of the request's own. */
type AuthenticateFunction = (
	credentials: Record<string, unknown>,
	requestOptions: IHttpRequestOptions,
) => Promise<IHttpRequestOptions>;

const authenticateOf = (credential: { authenticate?: unknown }): AuthenticateFunction => {
	expect(typeof credential.authenticate).toBe('function');
	return credential.authenticate as AuthenticateFunction;
};

describe('credential headers', () => {
	test('Bitel: the Bearer token, with the request’s own headers kept and the request not changed', async () => {
		const request: IHttpRequestOptions = { url: '/api/v2/voice/otp', headers: { 'X-Keep': '1' } };
		const out = await authenticateOf(new BitelApi())({ apiToken: 'tok.en', baseUrl: 'u' }, request);
		expect(out).toEqual({
			url: '/api/v2/voice/otp',
			headers: { 'X-Keep': '1', Authorization: 'Bearer tok.en' },
		});
		expect(request.headers).toEqual({ 'X-Keep': '1' });
	});

	test('BES: the access token and the app key as written, on a request without headers', async () => {
		const request: IHttpRequestOptions = { url: '/rest/x', method: 'POST', body: { a: 1 } };
		const out = await authenticateOf(new BesApi())(
			{ accessToken: 'acc', appKey: ' key ', appSecret: 'secret', baseUrl: 'u' },
			request,
		);
		expect(out).toEqual({
			url: '/rest/x',
			method: 'POST',
			body: { a: 1 },
			headers: { Authorization: 'Bearer acc', 'X-APP-Key': ' key ' },
		});
		expect(request.headers).toBeUndefined();
		expect(JSON.stringify(out)).not.toContain('secret');
	});

	test('a missing token is sent empty, as n8n’s generic form rendered it (the provider answers 401)', async () => {
		const bitel = await authenticateOf(new BitelApi())({ baseUrl: 'u' }, { url: '/x' });
		expect(bitel.headers).toEqual({ Authorization: 'Bearer ' });
		const bes = await authenticateOf(new BesApi())(
			{ accessToken: null, appKey: 'k' },
			{ url: '/x' },
		);
		expect(bes.headers).toEqual({ Authorization: 'Bearer ', 'X-APP-Key': 'k' });
	});
});
