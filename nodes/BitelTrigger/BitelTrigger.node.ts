import type {
	IDataObject,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import {
	checkWithSecret,
	pastedUrlLifecycle,
	pastedUrlTrigger,
	readWebhookBody,
	refuseWebhook,
	safeEqual,
	secretShapeTest,
	startRun,
} from '../shared/webhook';
import { BITEL_EVENTS, describeBitelWebhook, isWantedEvent } from './events';

const PASTE_STEPS =
	'Paste it into the Bitel panel: Project → Webhooks (add ?token=… if the trigger uses URL Token authentication).';
const REMOVE_STEPS =
	'Bitel keeps posting to it until you remove it in the Bitel panel (Project → Webhooks).';

/** What a token must look like to travel in a URL unchanged, and be hard to guess. */
const TOKEN_PATTERN = /^[A-Za-z0-9._~-]{16,}$/;

export class BitelTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Bitel Trigger',
		name: 'bitelTrigger',
		icon: { light: 'file:../Bitel/bitel.svg', dark: 'file:../Bitel/bitel.dark.svg' },
		version: 1,
		subtitle: '={{($parameter["events"] || []).join(", ")}}',
		description: 'Starts the workflow when Bitel reports that a call or an SMS has finished',
		defaults: { name: 'Bitel Trigger' },
		...pastedUrlTrigger(),
		credentials: [
			{
				name: 'bitelWebhookApi',
				required: true,
				testedBy: 'bitelWebhookTokenTest',
				displayOptions: { show: { authentication: ['urlToken'] } },
			},
		],
		properties: [
			{
				displayName:
					'Bitel has no API to register webhooks. Copy the Production URL above and paste it into the Bitel panel: open your project, then Webhooks. With URL Token authentication, add ?token= and your token to the end of the URL first. Then activate this workflow. Bitel posts once per finished call or SMS.',
				name: 'setupNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Authentication',
				name: 'authentication',
				type: 'options',
				options: [
					{
						name: 'None',
						value: 'none',
						description: 'Accept every POST to the URL (Bitel signs nothing)',
					},
					{
						name: 'URL Token',
						value: 'urlToken',
						description:
							'Accept only POSTs whose URL carries ?token= with the token of the credential; others get 401',
					},
				],
				default: 'none',
			},
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				required: true,
				options: [
					{
						name: 'All',
						value: BITEL_EVENTS.all,
						description:
							'Every webhook, including SMS that is neither delivered nor failed and posts the node cannot classify',
					},
					{
						name: 'Call Answered',
						value: BITEL_EVENTS.callAnswered,
						description: 'A call ended with status NORMAL (1)',
					},
					{
						name: 'Call Not Answered',
						value: BITEL_EVENTS.callNotAnswered,
						description: 'A call ended with any other status: no answer, busy, expired or failed',
					},
					{
						name: 'SMS Delivered',
						value: BITEL_EVENTS.smsDelivered,
						description: 'An SMS reached the phone (DELIVERED)',
					},
					{
						name: 'SMS Failed',
						value: BITEL_EVENTS.smsFailed,
						description:
							'An SMS was not delivered or not sent (DELIVERY_FAILED, BLACKLIST, ERROR, CHECK_ERROR)',
					},
				],
				default: [BITEL_EVENTS.callAnswered, BITEL_EVENTS.callNotAnswered],
				description:
					'Which webhooks start the workflow. Bitel sends call and SMS webhooks of a project to the same URL; the others are acknowledged and dropped.',
			},
		],
	};

	methods = {
		credentialTest: {
			bitelWebhookTokenTest: secretShapeTest('token', (token) => TOKEN_PATTERN.test(token), {
				ok: 'The token can be used in the webhook URL',
				fix: 'Use at least 16 characters, only letters, digits, "-", "_", "." and "~", so the token is hard to guess and stays unchanged in a URL',
			}),
		},
	};

	// Bitel has no webhook API: the URL is pasted into its panel.
	webhookMethods = pastedUrlLifecycle({ paste: () => PASTE_STEPS, remove: REMOVE_STEPS });

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const authentication = this.getNodeParameter('authentication', 'none') as string;
		if (authentication === 'urlToken') {
			const given = this.getQueryData() as IDataObject;
			// A repeated ?token= arrives as an array: refused like a wrong one.
			const { valid } = await checkWithSecret(this, 'bitelWebhookApi', 'token', (expected) => ({
				valid:
					typeof given.token === 'string' && expected !== '' && safeEqual(given.token, expected),
			}));
			if (!valid) {
				return refuseWebhook(
					this,
					'Bitel Trigger refused a request without the right token',
					{ hadToken: given.token !== undefined },
					{ message: 'Unauthorized: the token in the URL is missing or wrong' },
				);
			}
		}

		const output = describeBitelWebhook(readWebhookBody(this));
		const events = this.getNodeParameter('events', []) as string[];
		if (!isWantedEvent(output.event, events)) {
			if (output.event === BITEL_EVENTS.unknown) {
				this.logger.warn('Bitel Trigger dropped a POST that is neither a call nor an SMS webhook', {
					node: this.getNode().name,
					fields: Object.keys(output).filter((key) => key !== 'event'),
				});
			}
			// Acknowledged (n8n answers 200) so Bitel does not retry; no execution.
			return {};
		}
		return startRun({ message: 'Workflow was started' }, this.helpers.returnJsonArray(output));
	}
}
