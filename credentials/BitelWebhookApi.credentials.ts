import type { Icon, ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * The secret the Bitel Trigger expects as `?token=` in its URL; why a credential, tested by the
 * node: docs/triggers.md#webhook-secrets-are-credentials.
 */
export class BitelWebhookApi implements ICredentialType {
	name = 'bitelWebhookApi';

	displayName = 'Bitel Webhook API';

	icon: Icon = {
		light: 'file:../nodes/Bitel/bitel.svg',
		dark: 'file:../nodes/Bitel/bitel.dark.svg',
	};

	documentationUrl =
		'https://github.com/n8n-nodes-bitel/n8n-nodes-bitel?tab=readme-ov-file#bitel-trigger';

	properties: INodeProperties[] = [
		{
			displayName: 'Token',
			name: 'token',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			placeholder: 'e.g. the output of: openssl rand -hex 24',
			description:
				'A random secret of at least 16 letters, digits, "-", "_", "." or "~". Add it to the webhook URL you paste into Bitel’s panel as ?token=… ; requests without it are refused.',
		},
	];
}
