import type {
	IAuthenticate,
	Icon,
	ICredentialDataDecryptedObject,
	ICredentialType,
	IHttpRequestOptions,
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

	// A function rather than the generic `=Bearer {{$credentials.apiToken}}`: n8n evaluates a
	// generic header as an expression (in an isolate in 2.x) for every request, measured at
	// about 1 ms of CPU per request in n8n 2.41.1; the header is the same.
	authenticate: IAuthenticate = async (
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> => ({
		...requestOptions,
		headers: {
			...requestOptions.headers,
			Authorization: `Bearer ${String(credentials.apiToken ?? '')}`,
		},
	});

	// The credential test is the Bitel node's `bitelApiTokenTest` (nodes/Bitel/helpers/credentialTest.ts):
	// it tells a good token from a wrong one on n8n 1.x too, which a declarative test cannot.
}
