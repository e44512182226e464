import type { Icon, ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * The Shared Key BES signs release-event callbacks with (docs/providers/bes.md#signature).
 *
 * Why a credential of its own rather than a node parameter or a field of the BES API
 * credential: the key is a long-lived, tenant-wide secret, so it belongs in n8n's
 * encrypted credential store, not in workflow JSON that is exported and shared; and
 * receiving callbacks needs only this key, not the app key and secret the BES node uses
 * to call the API (one credential per node, and no credential of another package). There is
 * no BES endpoint that checks it, so the BES Trigger node tests it (testedBy).
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
