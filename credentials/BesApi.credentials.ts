import type {
	IAuthenticate,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IDataObject,
	IHttpRequestHelper,
	Icon,
	INodeProperties,
} from 'n8n-workflow';

import { MAX_TOKEN_LIFETIME, normalizeBaseUrl, requestBesToken } from '../nodes/Bes/helpers/token';
import { credentialIdentity, mintOnce } from '../nodes/Bes/helpers/tokenGate';
import { authenticateWithHeaders, credentialText } from '../nodes/shared/credentialHeaders';

/**
 * BES signs API calls with a Bearer token minted from an app key and secret (tokenByAkSk), kept in
 * the hidden, expirable `accessToken` field; n8n mints and refreshes it
 * (docs/n8n-internals.md#bes-tokens).
 */
export class BesApi implements ICredentialType {
	name = 'besApi';

	displayName = 'BES API';

	icon: Icon = {
		light: 'file:../nodes/Bes/bes.svg',
		dark: 'file:../nodes/Bes/bes.dark.svg',
	};

	documentationUrl = 'https://support.huaweicloud.com/intl/en-us/api-cec/cec_07_0005.html';

	properties: INodeProperties[] = [
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. https://service.besclouds.com',
			description:
				"Your tenant's CEC domain, with https:// and without a path. Your CEC operations contact gives it to you.",
		},
		{
			displayName: 'Token URL',
			name: 'tokenUrl',
			type: 'string',
			default: '',
			placeholder: 'e.g. https://10.10.0.5:28070',
			description:
				"Only if your tenant's token service (tokenByAkSk) listens on another host or port than the Base URL, such as its load balancer's port 28070. Leave empty to use the Base URL. A host alone gets the path /apigovernance/api/oauth/tokenByAkSk.",
		},
		{
			displayName: 'App Key',
			name: 'appKey',
			type: 'string',
			required: true,
			default: '',
			description:
				'The app key (user ID) from your CEC operations contact. It is also sent as X-APP-Key.',
		},
		{
			displayName: 'App Secret',
			name: 'appSecret',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description: 'The app secret that belongs to the app key',
		},
		{
			displayName: 'Token Lifetime (Seconds)',
			name: 'lifetimeSeconds',
			type: 'number',
			typeOptions: { minValue: 60, maxValue: MAX_TOKEN_LIFETIME, numberPrecision: 0 },
			default: MAX_TOKEN_LIFETIME,
			description:
				'How long each access token lives, at most 3600 (sent as X-Token-Expire). n8n mints a new token when BES rejects an expired one.',
		},
		// Builds before 0.1.0 saved the lifetime as `tokenLifetime`. n8n passes a credential only
		// the fields it declares, so the old field stays declared (hidden) to keep such
		// credentials working; see tokenLifetimeOf. Marked password only because n8n's scanner
		// treats every field named "token…" as a secret: it is a number of seconds.
		{
			displayName: 'Token Lifetime (Earlier Builds)',
			name: 'tokenLifetime',
			type: 'hidden',
			typeOptions: { password: true },
			default: '',
		},
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
	];

	async preAuthentication(
		this: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
	): Promise<IDataObject> {
		// One mint for all the requests BES rejects at once (see nodes/Bes/helpers/tokenGate.ts).
		const identity = credentialIdentity(
			normalizeBaseUrl(credentials.baseUrl),
			String(credentials.appKey ?? '').trim(),
			String(credentials.appSecret ?? ''),
		);
		const accessToken = await mintOnce(
			identity,
			String(credentials.accessToken ?? ''),
			async () => (await requestBesToken(this, credentials)).accessToken,
		);
		return { accessToken };
	}

	// A function, not the generic form: see nodes/shared/credentialHeaders.ts. n8n calls it
	// after preAuthentication, so `accessToken` is the token just minted or refreshed.
	authenticate: IAuthenticate = authenticateWithHeaders((credentials) => ({
		Authorization: `Bearer ${credentialText(credentials.accessToken)}`,
		'X-APP-Key': credentialText(credentials.appKey),
	}));

	// preAuthentication runs first and proves the key and secret (a rejected pair never
	// reaches this request). This query then proves the token is accepted for this app
	// key from this n8n's IP address: it reads call records of a one-second window in
	// 1970, places nothing, and answers retCode "1" (no data) with HTTP 200.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl}}',
			url: '/apiaccess/CC-Management/v1/mobileAgent/queryCallDetailRecord',
			method: 'POST',
			body: { startTime: '0', endTime: '1000', offset: '0', limit: '1', taskType: '3' },
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message:
						'BES issued a token but rejected it for call records. Check with your CEC operations contact that the app key has the voice-notification service.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message:
						"BES refused access (HTTP 403): the IP address of this n8n instance is probably not on the tenant's allow-list. Ask your CEC operations contact to add it.",
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 404,
					message:
						'BES has no call-record service at this Base URL. Use the tenant domain only, such as https://service.besclouds.com.',
				},
			},
		],
	};
}
