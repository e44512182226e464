import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { invalidParameterError } from '../../../shared/outcome';
import { numberValue, readItem } from '../../../shared/parameters';
import { optionsCollection } from '../../../shared/properties';
import { openRetryMemory } from '../../../shared/retryMemory';
import type { OperationDefinition } from '../../../shared/router';
import { readItems, releaseWhenFinal, toOutputItems } from '../../../shared/runner';
import { sendUnits } from '../../../shared/sending';
import { readVoiceIdOption } from '../../helpers/callFields';
import { readOptions, readRequiredText } from '../../helpers/parameters';
import type { Channel, VerificationKeys } from '../../helpers/verification';
import {
	appNameField,
	channelBody,
	channelField,
	readChannel,
	otpCallStep,
	otpSmsStep,
	readClaims,
	tokenField,
	verificationKeys,
} from '../../helpers/verification';
import { MAX_SENDS_PER_HOUR_LIMIT, verificationMemory } from '../../helpers/verificationMemory';
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
	const token = readRequiredText(
		context,
		'token',
		'Token',
		itemIndex,
		'Use the token Send Code returned.',
		{
			numbers: false,
		},
	);
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
		maxSendsPerHour: readItem(
			node,
			itemIndex,
			() =>
				numberValue(options.maxSendsPerHour, 'Max Sends per Hour', {
					min: 0,
					max: MAX_SENDS_PER_HOUR_LIMIT,
					whole: true,
					unset: 'or remove the option for 5',
				}) ?? 5,
		),
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
	const output = toOutputItems(context, results, PLACES_CALL);
	releaseWhenFinal(memory, output);
	return output;
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
		optionsCollection(undefined, [
			{
				displayName: 'Intro Voice ID',
				name: 'voiceId',
				type: 'string',
				default: '',
				placeholder: 'e.g. 08e815cbcd724386805103ac0d45e4c2',
				description:
					'With Voice Call: a voice uploaded in the Bitel panel, played before the code is read',
			},
			{
				displayName: 'Max Sends per Hour',
				name: 'maxSendsPerHour',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: MAX_SENDS_PER_HOUR_LIMIT, numberPrecision: 0 },
				default: 5,
				description:
					'How many codes one number may be sent in an hour (Send and Resend together; 0: no limit), counted in this n8n process',
			},
		]),
	],
	run: resendCode,
};
