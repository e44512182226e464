import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { invalidParameterError } from '../../../shared/outcome';
import { optionsCollection } from '../../../shared/properties';
import { openRetryMemory } from '../../../shared/retryMemory';
import type { OperationDefinition } from '../../../shared/router';
import { outputAndRelease, readItems } from '../../../shared/runner';
import { sendUnits } from '../../../shared/sending';
import { introVoiceIdOption, readVoiceIdOption } from '../../helpers/callFields';
import { readOptions, readRequiredText } from '../../helpers/parameters';
import type { Channel, VerificationKeys } from '../../helpers/verification';
import {
	appNameField,
	channelBody,
	channelField,
	maxSendsPerHourOption,
	otpCallStep,
	otpSmsStep,
	readChannel,
	readClaims,
	readMaxSendsPerHour,
	readToken,
	tokenField,
	verificationKeys,
} from '../../helpers/verification';
import { verificationMemory } from '../../helpers/verificationMemory';
import type { VerificationClaims } from '../../helpers/verificationToken';
import { verificationExpired } from '../../helpers/verificationToken';
import { PLACES_CALL } from '../../transport';

interface ResendRequest {
	token: string;
	claims: VerificationClaims;
	channel: Channel;
	appName?: string;
	voiceId?: string;
	maxSendsPerHour: number;
}

function readRequest(
	context: IExecuteFunctions,
	itemIndex: number,
	keys: VerificationKeys,
): ResendRequest {
	const node = context.getNode();
	const token = readToken(context, itemIndex);
	const claims = readClaims(context, itemIndex, token, keys.key);
	const now = Date.now();
	const refuse = (problem: string) =>
		invalidParameterError(
			node,
			'Token',
			problem,
			'Start a new verification with Send Code.',
			itemIndex,
		);
	if (verificationExpired(claims, now)) throw refuse('its verification has expired');
	const resend = verificationMemory.mayResend(claims.verificationId, Number.MAX_SAFE_INTEGER, now);
	if (!resend.allowed)
		throw refuse(
			resend.reason === 'alreadyUsed'
				? 'its code was already approved'
				: 'its verification is locked after too many wrong codes',
		);
	const channel = readChannel(context, itemIndex);
	const options = readOptions(context, itemIndex);
	return {
		token,
		claims,
		channel,
		appName:
			channel === 'sms'
				? readRequiredText(
						context,
						'appName',
						'App Name',
						itemIndex,
						'Enter the name Bitel’s OTP SMS shows.',
					)
				: undefined,
		voiceId: readVoiceIdOption(context, itemIndex, options.voiceId, 'Intro Voice ID'),
		maxSendsPerHour: readMaxSendsPerHour(context, itemIndex, options),
	};
}

async function resendCode(context: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const keys = await verificationKeys(context);
	const items = readItems(context, (ctx, itemIndex) => readRequest(ctx, itemIndex, keys));
	const memory = openRetryMemory(context);
	const requests = new Map<number, ResendRequest>();
	for (const item of items) if ('value' in item) requests.set(item.itemIndex, item.value);
	const units = (channel: Channel) =>
		[...requests.entries()]
			.filter(([, request]) => request.channel === channel)
			.map(([itemIndex, request]) => ({
				itemIndex,
				value: {
					itemIndex,
					number: request.claims.phoneNumber,
					body: {
						...channelBody(channel, 'resend', request.claims, request.token, request),
						limit: request.maxSendsPerHour,
					},
				},
			}));
	const sent = [
		...(await sendUnits(context, otpCallStep(context, keys), units('call'), memory)),
		...(await sendUnits(context, otpSmsStep(context, keys), units('sms'), memory)),
	];
	const sentOf = new Map(sent.map((result) => [result.itemIndex, result]));
	const results = items.map((item) => {
		if (!('value' in item)) return item;
		const { claims, token, channel } = item.value;
		const result = sentOf.get(item.itemIndex)!;
		const json: IDataObject = {
			verificationId: claims.verificationId,
			token,
			phoneNumber: claims.phoneNumber,
			expiresAt: new Date(claims.expiresAt).toISOString(),
			channel,
		};
		if (result.status !== 'accepted') return { ...result, fields: json };
		json[channel === 'call' ? 'callId' : 'smsId'] = result.json.id;
		return { ...result, json };
	});
	return outputAndRelease(context, memory, results, PLACES_CALL);
}

export const resendVerificationCode: OperationDefinition = {
	value: 'resend',
	name: 'Resend Code',
	action: 'Resend verification code',
	description:
		'Send the same code of a verification again, by call or SMS, with its expiry unchanged',
	properties: [
		tokenField,
		channelField,
		appNameField({ channel: ['sms'] }),
		optionsCollection(undefined, [introVoiceIdOption, maxSendsPerHourOption]),
	],
	run: resendCode,
};
