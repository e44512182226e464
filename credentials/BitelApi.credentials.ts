import type { IAuthenticateGeneric, Icon, ICredentialType, INodeProperties } from 'n8n-workflow';

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

	// Generic, not an `authenticate` function: a function would spare n8n evaluating this
	// expression per request (about 1 ms of CPU each in n8n 2.41.1), but with it `n8n execute`
	// of a short workflow died with SIGSEGV on exit in 3 of 16 runs (n8n 2.41.1 and 1.123.81,
	// two at once; 0 of 16 with this form), see README → Performance.
	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=Bearer {{$credentials.apiToken}}',
			},
		},
	};

	// The credential test is the Bitel node's `bitelApiTokenTest` (nodes/Bitel/helpers/credentialTest.ts):
	// it tells a good token from a wrong one on n8n 1.x too, which a declarative test cannot.
}
