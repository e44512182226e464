import type { Icon, ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * The secret the Bitel Trigger expects in the `token` query parameter of its URL.
 *
 * Bitel signs nothing and sends no secret of its own (docs/providers/bitel.md#webhooks), so the
 * only secret a webhook can carry is one baked into the URL pasted into Bitel's panel. It is a
 * credential, not a node parameter, so that it is stored encrypted and does not travel with
 * exported, shared or copied workflows. There is no Bitel endpoint to test it against, so the Bitel
 * Trigger node tests it (testedBy): it must be long enough and safe to put in a URL as is.
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
