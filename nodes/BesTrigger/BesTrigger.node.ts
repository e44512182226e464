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
	rawBodyText,
	readWebhookBody,
	refuseWebhook,
	respondToWebhook,
	secretShapeTest,
	startRun,
	whenAnswered,
} from '../shared/webhook';
import { markPending, receivedSerialsOf, serialState, settleSerial } from './received';
import { describeBesCallback } from './releaseReason';
import type { BesSignatureAlgorithm } from './signature';
import { BES_SIGNATURE_ALGORITHMS, verifyBesCallback, withExactNumbers } from './signature';

/** The answer BES requires to every callback (docs/providers/bes.md#release-event-callback). */
export const BES_ACKNOWLEDGEMENT = { retCode: '0', retMsg: 'success' };

/** BES requires the Shared Key to have at least 16 characters (docs/providers/bes.md#signature). */
const MIN_SHARED_KEY_LENGTH = 16;

/** An hour: BES documents no allowed age; replays within it are stopped by ./received.ts. */
const DEFAULT_MAX_SKEW_SECONDS = 3600;

export class BesTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'BES Trigger',
		name: 'besTrigger',
		icon: { light: 'file:../Bes/bes.svg', dark: 'file:../Bes/bes.dark.svg' },
		version: 1,
		subtitle:
			'={{ $parameter["authentication"] === "none" ? "Unsigned Callbacks" : "Signed Callbacks" }}',
		description:
			'Starts the workflow when a BES (Huawei CEC) voice notification ends, with its release reason',
		defaults: { name: 'BES Trigger' },
		...pastedUrlTrigger(),
		credentials: [
			{
				name: 'besCallbackApi',
				required: true,
				testedBy: 'besSharedKeyTest',
				displayOptions: { show: { authentication: ['signature'] } },
			},
		],
		properties: [
			{
				displayName:
					'BES has no API to register callbacks. Put the Production URL above in the Callback URL option of the BES node (it Base64-encodes the URL, as BES requires), then activate this workflow. The URL’s host must be on your tenant’s callback URL trustlist, which a CEC administrator maintains. BES signs callbacks with the Shared Key only for URLs passed this way; a Hang-up Callback URL set in the CEC console gets unsigned callbacks, so use Authentication None for it.',
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
						description: 'Accept unsigned callbacks (the console’s Hang-up Callback URL)',
					},
					{
						name: 'Shared Key Signature',
						value: 'signature',
						description:
							'Accept only callbacks signed with the Shared Key of the credential; others get 401',
					},
				],
				default: 'signature',
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				displayOptions: { show: { authentication: ['signature'] } },
				options: [
					{
						displayName: 'Allowed Clock Skew (Seconds)',
						name: 'maxSkewSeconds',
						type: 'number',
						typeOptions: { minValue: 0, numberPrecision: 0 },
						default: DEFAULT_MAX_SKEW_SECONDS,
						description:
							'Callbacks whose timestamp (epoch milliseconds or seconds) is further than this from n8n’s clock, either way, are refused, so a recorded callback cannot be replayed later. A callback that comes again within it starts no second run. 0 turns the check off.',
					},
					{
						displayName: 'Signature Algorithm',
						name: 'algorithm',
						type: 'options',
						options: [
							{
								name: 'Either (Auto-Detect)',
								value: 'any',
								description:
									'Accept SHA-256 and HMAC-SHA256: the BES docs do not say which one the platform uses',
							},
							{
								name: 'HMAC-SHA256',
								value: 'hmac-sha256',
								description: 'HMAC-SHA256 keyed with the Shared Key',
							},
							{
								name: 'SHA-256',
								value: 'sha256',
								description:
									'Plain SHA-256 of the string to sign, which starts with the Shared Key',
							},
						],
						default: 'any',
						description:
							'How BES computes the signature. The output field signatureAlgorithm shows which one matched; pin it once you know.',
					},
				],
			},
		],
	};

	methods = {
		credentialTest: {
			besSharedKeyTest: secretShapeTest(
				'sharedSecret',
				(key) => key.length >= MIN_SHARED_KEY_LENGTH,
				{
					ok: 'The Shared Key has the length BES requires',
					fix: `BES Shared Keys have at least ${MIN_SHARED_KEY_LENGTH} characters; copy the whole key from the CEC console`,
				},
			),
		},
	};

	// BES has no callback registration API: the URL travels in each request as callBackUrl.
	webhookMethods = pastedUrlLifecycle({
		paste: () =>
			'Use it as the Callback URL of the BES node (sent Base64-encoded as callBackUrl); its host must be on the tenant’s callback URL trustlist.',
		remove:
			'Notifications created with this URL as callBackUrl will still post to it until their calls end.',
	});

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const authentication = this.getNodeParameter('authentication', 'signature') as string;
		const payload = withExactNumbers(readWebhookBody(this), rawBodyText(this));
		const output: IDataObject = describeBesCallback(payload);

		if (authentication === 'signature') {
			const options = this.getNodeParameter('options', {}) as {
				maxSkewSeconds?: number;
				algorithm?: string;
			};
			const algorithms: readonly BesSignatureAlgorithm[] =
				options.algorithm === 'sha256' || options.algorithm === 'hmac-sha256'
					? [options.algorithm]
					: BES_SIGNATURE_ALGORITHMS;
			const result = await checkWithSecret(this, 'besCallbackApi', 'sharedSecret', (sharedKey) =>
				sharedKey !== ''
					? verifyBesCallback(payload, sharedKey, {
							nowMs: Date.now(),
							maxSkewSeconds: options.maxSkewSeconds ?? DEFAULT_MAX_SKEW_SECONDS,
							algorithms,
						})
					: ({
							valid: false,
							reason: 'noSharedKey',
							message: 'the credential has no Shared Key',
						} as const),
			);
			if (!result.valid) {
				return refuseWebhook(
					this,
					`BES Trigger refused a callback: ${result.message}`,
					{ reason: result.reason, callSerialNo: payload.callSerialNo },
					{
						retCode: '401',
						retMsg: 'Unauthorized: the callback signature is missing, wrong or too old',
					},
				);
			}
			output.signatureAlgorithm = result.algorithm;
		}

		if (payload.callSerialNo === undefined || payload.callSerialNo === null) {
			// Every release event carries callSerialNo; anything else is acknowledged, not run.
			this.logger.warn('BES Trigger dropped a POST without callSerialNo', {
				node: this.getNode().name,
				fields: Object.keys(payload),
			});
			return respondToWebhook(this, 200, { ...BES_ACKNOWLEDGEMENT });
		}

		const serial = String(payload.callSerialNo);
		const received = receivedSerialsOf(this.getWorkflow().id, this.getNode().name);
		const state = serialState(received, serial, Date.now());
		if (state === 'kept') {
			// Already stored once: acknowledged, so BES stops sending it, and not run again.
			this.logger.info('BES Trigger acknowledged a callback it had already received', {
				node: this.getNode().name,
				callSerialNo: serial,
			});
			return respondToWebhook(this, 200, { ...BES_ACKNOWLEDGEMENT });
		}
		if (state === 'pending') {
			return respondToWebhook(this, 409, {
				retCode: '409',
				retMsg: 'This callback is being received right now; send it again later',
			});
		}
		if (whenAnswered(this, (status) => settleSerial(received, serial, status, Date.now()))) {
			markPending(received, serial);
		}
		return startRun({ ...BES_ACKNOWLEDGEMENT }, this.helpers.returnJsonArray(output));
	}
}
