import type { IAuthenticate, Icon, ICredentialType, INodeProperties } from 'n8n-workflow';

import { authenticateWithHeaders, credentialText } from '../nodes/shared/credentialHeaders';

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

	// A function, not the generic form: see nodes/shared/credentialHeaders.ts.
	authenticate: IAuthenticate = authenticateWithHeaders((credentials) => ({
		Authorization: `Bearer ${credentialText(credentials.apiToken)}`,
	}));

	// The credential test is the Bitel node's `bitelApiTokenTest` (nodes/Bitel/helpers/credentialTest.ts):
	// it tells a good token from a wrong one on n8n 1.x too, which a declarative test cannot.
}
