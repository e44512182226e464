import { createHash } from 'crypto';
import type {
	IDataObject,
	IDisplayOptions,
	IExecuteFunctions,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { invalidParameterError } from '../../shared/outcome';
import { numberValue, readItem } from '../../shared/parameters';
import { readRequiredText } from './parameters';
import type { SendStep } from '../../shared/runner';
import { BITEL_CREDENTIAL, createBitelClient, PLACES_CALL, SENDS_SMS } from '../transport';
import { asCallRecord } from './callStatus';
import { otpAppNameField } from './smsFields';
import { asSmsRecord } from './smsStatus';
import { MAX_SENDS_PER_HOUR_LIMIT, verificationMemory } from './verificationMemory';
import type { VerificationClaims } from './verificationToken';
import { openVerificationToken, verificationKey } from './verificationToken';

/** What the Verification operations share: the key, the token field and the two sending steps. */

/** Where a code goes: Bitel's OTP call reads it, Bitel's OTP SMS writes it. */
export type Channel = 'call' | 'sms';

/** Bitel's OTP call reads at most 5 digits ("less than 6 characters"). */
export const MAX_CALL_CODE_LENGTH = 5;

export const channelField: INodeProperties = {
	displayName: 'Channel',
	name: 'channel',
	type: 'options',
	options: [
		{
			name: 'Voice Call',
			value: 'call',
			description: 'Bitel’s OTP call reads the code aloud, twice',
		},
		{
			name: 'SMS',
			value: 'sms',
			description: 'Bitel’s OTP SMS, delivered even to numbers that block advertising',
		},
	],
	default: 'call',
	description: 'How the code reaches the phone',
};

export function readChannel(context: IExecuteFunctions, itemIndex: number): Channel {
	const channel = context.getNodeParameter('channel', itemIndex, 'call');
	if (channel === 'call' || channel === 'sms') return channel;
	throw invalidParameterError(
		context.getNode(),
		'Channel',
		`"${String(channel)}" is not a channel`,
		'Choose Voice Call or SMS.',
		itemIndex,
	);
}

export function appNameField(show: NonNullable<IDisplayOptions['show']>): INodeProperties {
	return { ...otpAppNameField, displayOptions: { show } };
}

export const maxSendsPerHourOption: INodeProperties = {
	displayName: 'Max Sends per Hour',
	name: 'maxSendsPerHour',
	type: 'number',
	typeOptions: { minValue: 0, maxValue: MAX_SENDS_PER_HOUR_LIMIT, numberPrecision: 0 },
	default: 5,
	description:
		'How many codes one number may be sent in an hour (Send and Resend together; 0: no limit), counted in this n8n process',
};

/** Max Sends per Hour (5 unless set). */
export function readMaxSendsPerHour(
	context: IExecuteFunctions,
	itemIndex: number,
	options: IDataObject,
): number {
	return readItem(
		context.getNode(),
		itemIndex,
		() =>
			numberValue(options.maxSendsPerHour, 'Max Sends per Hour', {
				min: 0,
				max: MAX_SENDS_PER_HOUR_LIMIT,
				whole: true,
				unset: 'or remove the option for 5',
			}) ?? 5,
	);
}

/** The Token parameter of one item (only a blank one is an error here). */
export function readToken(context: IExecuteFunctions, itemIndex: number): string {
	return readRequiredText(
		context,
		'token',
		'Token',
		itemIndex,
		'Use the token Send Code returned.',
		{
			numbers: false,
		},
	);
}

export const tokenField: INodeProperties = {
	displayName: 'Token',
	name: 'token',
	type: 'string',
	typeOptions: { password: true },
	required: true,
	default: '',
	placeholder: 'e.g. {{ $json.token }}',
	description: 'The token Send Code returned for this verification (it starts with bv1.)',
};

/** Whether n8n runs the node as an AI agent's tool (its type then ends in "Tool"): no code for it. */
export const forAgent = (context: IExecuteFunctions) => context.getNode().type.endsWith('Tool');

/** The key and the send-limit scope of the node's Bitel credential. */
export interface VerificationKeys {
	key: Buffer;
	/** Names the credential in this process's memory without holding its token. */
	scope: string;
}

export async function verificationKeys(context: IExecuteFunctions): Promise<VerificationKeys> {
	const { apiToken } = await context.getCredentials<{ apiToken?: string }>(BITEL_CREDENTIAL);
	const token = String(apiToken ?? '');
	if (token.trim() === '') {
		throw new NodeOperationError(context.getNode(), 'The Bitel API credential has no API token', {
			description:
				'Enter the API token from the Bitel panel in the credential: verification tokens are sealed with a key derived from it.',
		});
	}
	return {
		key: verificationKey(token),
		scope: createHash('sha256').update(`verification scope\n${token}`).digest('hex').slice(0, 32),
	};
}

/** The claims of a token the node's credential sealed; an error naming the parameter otherwise. */
export function readClaims(
	context: IExecuteFunctions,
	itemIndex: number,
	token: string,
	key: Buffer,
): VerificationClaims {
	const claims = openVerificationToken(token, key);
	if (!claims) {
		throw invalidParameterError(
			context.getNode(),
			'Token',
			'is not a verification token of this Bitel credential',
			'Use the token Send Code returned, unchanged. Tokens of another Bitel API token (or sealed before it changed) do not open.',
			itemIndex,
		);
	}
	return claims;
}

/**
 * Bitel's OTP call or OTP SMS for a verification. A unit's body holds its token and the step it
 * belongs to (its identity in the retry memory); just before sending, the code comes out of the
 * token (so it never enters the memory), and a send with a `limit` is counted against it first.
 */
function verificationStep(
	context: IExecuteFunctions,
	keys: VerificationKeys,
	channel: Channel,
): SendStep {
	return {
		...(channel === 'call'
			? {
					effect: PLACES_CALL,
					request: { method: 'POST', path: '/api/v2/voice/otp' },
					toRecord: asCallRecord,
				}
			: {
					effect: SENDS_SMS,
					request: { method: 'POST', path: '/api/v2/sms/otp' },
					toRecord: asSmsRecord,
				}),
		connect: createBitelClient,
		concurrency: 4,
		beforeSend: (unit) => {
			const { token, limit, ...body } = unit;
			delete body.step;
			const claims = openVerificationToken(String(token), keys.key);
			if (!claims) throw new RangeError('A verification step was given a token it cannot open');
			const refused =
				typeof limit === 'number' ? countSend(context, keys, claims, limit) : undefined;
			if (refused) return { error: refused };
			return { body: { ...body, [channel === 'call' ? 'text' : 'code']: claims.code }, output: {} };
		},
	};
}

export const otpCallStep = (context: IExecuteFunctions, keys: VerificationKeys) =>
	verificationStep(context, keys, 'call');
export const otpSmsStep = (context: IExecuteFunctions, keys: VerificationKeys) =>
	verificationStep(context, keys, 'sms');

/** Counts a send against Max Sends per Hour (this process's memory), or the error when over it. */
export function countSend(
	context: IExecuteFunctions,
	keys: VerificationKeys,
	claims: VerificationClaims,
	maxSendsPerHour: number,
): NodeOperationError | undefined {
	const now = Date.now();
	const limit = verificationMemory.registerSend(
		{
			scope: keys.scope,
			phoneNumber: claims.phoneNumber,
			verificationId: claims.verificationId,
			expiresAt: claims.expiresAt,
			maxSendsPerHour,
		},
		now,
	);
	if (limit.allowed) return undefined;
	return new NodeOperationError(
		context.getNode(),
		`Max Sends per Hour: ${claims.phoneNumber} was sent ${limit.sendsInLastHour} codes in the last hour`,
		{
			description: `Nothing was sent. The next code can go out at ${new Date(limit.nextSendAt).toISOString()}; raise Max Sends per Hour (0: no limit) if this number needs more.`,
		},
	);
}

/** The body of one channel's request for a verification step, without the code. */
export function channelBody(
	channel: Channel,
	step: 'first' | 'fallback' | 'resend',
	claims: Pick<VerificationClaims, 'phoneNumber'>,
	token: string,
	{ appName, voiceId }: { appName?: string; voiceId?: string },
): IDataObject {
	const fields = channel === 'sms' ? { appName } : voiceId ? { voiceId } : {};
	return { phoneNumber: claims.phoneNumber, ...fields, token, step };
}
