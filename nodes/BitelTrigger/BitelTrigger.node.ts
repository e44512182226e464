import type {
	IDataObject,
	IHookFunctions,
	INodeProperties,
	INodePropertyOptions,
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

/** What a token must look like to travel in a URL unchanged, and be hard to guess. */
const TOKEN_PATTERN = /^[A-Za-z0-9._~-]{16,}$/;

const AUTHENTICATION_OPTIONS: INodePropertyOptions[] = [
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
];

const EVENT_OPTIONS: INodePropertyOptions[] = [
	{
		name: 'All Events',
		value: BITEL_EVENTS.all,
		description:
			'Every webhook, including SMS that is neither delivered nor failed, and posts the node cannot classify (event "unknown": neither a call nor an SMS, or a call status Bitel does not document)',
	},
	{
		name: 'Call Answered',
		value: BITEL_EVENTS.callAnswered,
		description: 'A call ended with status NORMAL (1)',
	},
	{
		name: 'Call Not Answered',
		value: BITEL_EVENTS.callNotAnswered,
		description:
			'A call ended with any other documented status: no answer, busy, expired or failed. A status the node cannot read is event "unknown", never this one.',
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
];

/** The canvas subtitle: the chosen events by their labels ("Call Answered, Call Not Answered"). */
function eventsSubtitle(): string {
	const labels = Object.fromEntries(EVENT_OPTIONS.map(({ name, value }) => [value, name]));
	const events = '($parameter["events"] || [])';
	return `={{ ${events}.includes("${BITEL_EVENTS.all}") ? "All Events" : ${events}.map((event) => (${JSON.stringify(labels)})[event] ?? event).join(", ") }}`;
}

const ONLY_NONE = { show: { authentication: ['none'] } };
const ONLY_URL_TOKEN = { show: { authentication: ['urlToken'] } };

/** Shown in the editor, which renders a notice as HTML: `&lt;` is a literal "<". */
const NOTICES: INodeProperties[] = [
	{
		displayName:
			'Bitel has no API to register webhooks. In the Bitel panel, open your project, then Webhooks, and add the webhook URL in this form: &lt;the Production URL above&gt;?token=&lt;the Token of your Bitel Webhook API credential&gt;, for example https://n8n.example.com/webhook/3f9c2a7e-…/webhook?token=q8VdX2… Then activate this workflow. Bitel posts once per finished call or SMS.',
		name: 'setupNotice',
		type: 'notice',
		default: '',
		displayOptions: ONLY_URL_TOKEN,
	},
	{
		displayName:
			'Bitel has no API to register webhooks. In the Bitel panel, open your project, then Webhooks, and add the Production URL above as the webhook URL. Then activate this workflow. Bitel posts once per finished call or SMS.',
		name: 'setupNoticeWithoutToken',
		type: 'notice',
		default: '',
		displayOptions: ONLY_NONE,
	},
];

const NONE_WARNING: INodeProperties = {
	displayName:
		'Anyone who learns this URL can post a made-up "answered" or "delivered" event and start this workflow: Bitel signs nothing. To refuse such posts, set Authentication to URL Token, create a Bitel Webhook API credential with a random token of at least 16 characters, and change the URL in the Bitel panel to &lt;the Production URL above&gt;?token=&lt;that token&gt;.',
	name: 'authenticationNoneWarning',
	type: 'notice',
	default: '',
	displayOptions: ONLY_NONE,
};

/** Version 1 defaulted to None; new triggers (1.1) ask for the URL token (docs/triggers.md#bitel-trigger-versions). */
function authenticationOf(context: IHookFunctions | IWebhookFunctions): string {
	const byDefault = context.getNode().typeVersion >= 1.1 ? 'urlToken' : 'none';
	return context.getNodeParameter('authentication', byDefault) as string;
}

/** Where to paste the URL, written out in full; the token itself never reaches the log. */
function pasteSteps(context: IHookFunctions, url: string): string {
	if (authenticationOf(context) === 'urlToken') {
		return `Paste ${url}?token=<your token> into the Bitel panel: Project → Webhooks (<your token>: the Token of the trigger's Bitel Webhook API credential).`;
	}
	return 'Paste it into the Bitel panel: Project → Webhooks. Authentication is None: anyone who learns the URL can start this workflow; choose URL Token to refuse such posts.';
}

export class BitelTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Bitel Trigger',
		name: 'bitelTrigger',
		icon: { light: 'file:../Bitel/bitel.svg', dark: 'file:../Bitel/bitel.dark.svg' },
		version: [1, 1.1],
		defaultVersion: 1.1,
		subtitle: eventsSubtitle(),
		description: 'Starts the workflow when Bitel reports that a call or an SMS has finished',
		defaults: { name: 'Bitel Trigger' },
		...pastedUrlTrigger(),
		credentials: [
			{
				name: 'bitelWebhookApi',
				required: true,
				testedBy: 'bitelWebhookTokenTest',
				displayOptions: ONLY_URL_TOKEN,
			},
		],
		properties: [
			...NOTICES,
			{
				displayName: 'Authentication',
				name: 'authentication',
				type: 'options',
				options: AUTHENTICATION_OPTIONS,
				default: 'none',
				// Saved version 1 workflows store no value equal to the default: they keep None.
				displayOptions: { show: { '@version': [1] } },
			},
			{
				displayName: 'Authentication',
				name: 'authentication',
				type: 'options',
				options: AUTHENTICATION_OPTIONS,
				default: 'urlToken',
				displayOptions: { show: { '@version': [{ _cnd: { gte: 1.1 } }] } },
			},
			NONE_WARNING,
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				required: true,
				options: EVENT_OPTIONS,
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

	webhookMethods = pastedUrlLifecycle({
		paste: pasteSteps,
		remove:
			'Bitel keeps posting to it until you remove it in the Bitel panel (Project → Webhooks).',
	});

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		if (authenticationOf(this) === 'urlToken') {
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
				this.logger.warn(
					'Bitel Trigger dropped a POST it cannot classify: neither a call nor an SMS webhook, or a call status Bitel does not document',
					{
						node: this.getNode().name,
						fields: Object.keys(output).filter((key) => key !== 'event'),
					},
				);
			}
			// Acknowledged (n8n answers 200) so Bitel does not retry; no execution.
			return {};
		}
		return startRun({ message: 'Workflow was started' }, this.helpers.returnJsonArray(output));
	}
}
