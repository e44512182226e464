import type { Icon, ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * The Shared Key BES signs release-event callbacks with (docs/providers/bes.md#signature); why a
 * credential of its own: docs/triggers.md#webhook-secrets-are-credentials.
 */
export class BesCallbackApi implements ICredentialType {
	name = 'besCallbackApi';

	displayName = 'BES Callback API';

	icon: Icon = {
		light: 'file:../nodes/Bes/bes.svg',
		dark: 'file:../nodes/Bes/bes.dark.svg',
	};

	documentationUrl = 'https://support.huaweicloud.com/intl/en-us/api-cec/cec_07_2804.html';

	properties: INodeProperties[] = [
		{
			// Named "sharedSecret" (not "sharedKey") so n8n's linter recognises it as a secret.
			displayName: 'Shared Key',
			name: 'sharedSecret',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description:
				'The Shared Key configured for voice-notification callbacks in your CEC (AICC) tenant, at least 16 characters. BES signs each callback with it.',
		},
	];
}
