import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

export class BitelApi implements ICredentialType {
	name = 'bitelApi';

	displayName = 'Bitel API';

	icon: Icon = {
		light: 'file:../nodes/Bitel/bitel.svg',
		dark: 'file:../nodes/Bitel/bitel.dark.svg',
	};

	documentationUrl = 'https://bitel.gitbook.io/bitel/authorization';

	properties: INodeProperties[] = [
		{
			displayName: 'API Token',
			name: 'apiToken',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description:
				'The JWT token from your project in the Bitel panel (bitel.rest). Bitel tokens do not expire unless you revoke them.',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			required: true,
			default: 'https://api.bitel.rest',
			description:
				'Where Bitel’s API is reached. Keep the default unless you go through a proxy or use the Bitel simulator.',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=Bearer {{$credentials.apiToken}}',
			},
		},
	};

	// Bitel has no "who am I" endpoint. Asking for the status of a call id that cannot
	// exist is cheap and sends nothing: a good token gets 404 NotFound, a rejected
	// token gets 401. So 404 counts as success and only 401/403 fail the test.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{String($credentials.baseUrl).replace(/\\/+$/, "")}}',
			url: '/api/v2/voice/status/00000000000000000000000000000000',
			method: 'GET',
			ignoreHttpStatusErrors: { ignore: true, except: [401, 403] },
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message:
						'Bitel rejected the API token. Create a new token in the Bitel panel (bitel.rest) and paste it here.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message: 'Bitel refused access with this token. Check the project the token belongs to.',
				},
			},
		],
	};
}
