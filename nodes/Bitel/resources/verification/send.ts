import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { UnitResult } from '../../../shared/outcome';
import { invalidParameterError } from '../../../shared/outcome';
import { booleanValue, numberValue, readItem } from '../../../shared/parameters';
import { pollUntilDone } from '../../../shared/polling';
import { optionsCollection } from '../../../shared/properties';
import type { RetryMemory } from '../../../shared/retryMemory';
import { openRetryMemory, requestKey } from '../../../shared/retryMemory';
import type { OperationDefinition } from '../../../shared/router';
import type { SendUnit } from '../../../shared/runner';
import { outputAndRelease, readItems } from '../../../shared/runner';
import { sendUnits } from '../../../shared/sending';
import { introVoiceIdOption, readVoiceIdOption } from '../../helpers/callFields';
import { asCallRecord, withStatusDetails } from '../../helpers/callStatus';
import { generateOtpCode } from '../../helpers/otpCode';
import {
	phoneNumberField,
	readOptions,
	readPhoneNumber,
	readRequiredText,
} from '../../helpers/parameters';
import type { Channel, VerificationKeys } from '../../helpers/verification';
import {
	appNameField,
	channelBody,
	channelField,
	readChannel,
	MAX_CALL_CODE_LENGTH,
	otpCallStep,
	otpSmsStep,
	countSend,
	forAgent,
	maxSendsPerHourOption,
	readMaxSendsPerHour,
	verificationKeys,
} from '../../helpers/verification';
import type { VerificationClaims } from '../../helpers/verificationToken';
import {
	newVerificationId,
	openVerificationToken,
	sealVerificationToken,
} from '../../helpers/verificationToken';
import { createBitelClient, PLACES_CALL, READS_STATUS } from '../../transport';

/** How often a call is checked while Send Code waits to know whether it was answered. */
const FALLBACK_POLL_MS = 2000;

interface SendRequest {
	phoneNumber: string;
	channel: Channel;
	fallback: boolean;
	fallbackAfterMs: number;
	appName?: string;
	codeLength: number;
	expiresInMs: number;
	includeCode: boolean;
	maxSendsPerHour: number;
	voiceId?: string;
}

function readRequest(context: IExecuteFunctions, itemIndex: number): SendRequest {
	const node = context.getNode();
	const channel = readChannel(context, itemIndex);
	const fallback =
		channel === 'call' &&
		readItem(node, itemIndex, () =>
			booleanValue(
				context.getNodeParameter('fallbackToSms', itemIndex, true),
				'Fallback to SMS',
				true,
			),
		);
	// An SMS goes only to a mobile: with one possible, a landline is refused before anything is sent.
	const phoneNumber = readPhoneNumber(context, itemIndex, {
		mobileOnly: channel === 'sms' || fallback,
	});
	const options = readOptions(context, itemIndex);
	return readItem(node, itemIndex, () => {
		const fallbackAfter =
			numberValue(
				context.getNodeParameter('fallbackAfter', itemIndex, 60),
				'Fallback After (Seconds)',
				{
					min: 10,
					max: 600,
					whole: false,
					unset: 'or leave it at 60',
				},
			) ?? 60;
		const codeLength =
			numberValue(options.codeLength, 'Code Length', {
				min: 4,
				max: 10,
				whole: true,
				unset: 'or remove the option for 5 digits',
			}) ?? 5;
		if (channel === 'call' && codeLength > MAX_CALL_CODE_LENGTH) {
			throw invalidParameterError(
				node,
				'Code Length',
				`${codeLength} digits cannot be read by Bitel's OTP call (at most ${MAX_CALL_CODE_LENGTH})`,
				`Set Code Length to ${MAX_CALL_CODE_LENGTH} or less, or send the code by SMS.`,
				itemIndex,
			);
		}
		const appName =
			channel === 'sms' || fallback
				? readRequiredText(
						context,
						'appName',
						'App Name',
						itemIndex,
						'Enter the name Bitel’s OTP SMS shows (the SMS fallback needs it too).',
					)
				: undefined;
		return {
			phoneNumber,
			channel,
			fallback,
			fallbackAfterMs: fallbackAfter * 1000,
			appName,
			codeLength,
			expiresInMs:
				1000 *
				(numberValue(options.expiresIn, 'Expires In (Seconds)', {
					min: 30,
					max: 86_400,
					whole: true,
					unset: 'or remove the option for 300 seconds',
				}) ?? 300),
			includeCode: booleanValue(options.includeCode, 'Include Code', false),
			maxSendsPerHour: readMaxSendsPerHour(context, itemIndex, options),
			voiceId: readVoiceIdOption(context, itemIndex, options.voiceId, 'Intro Voice ID'),
		};
	});
}

/** One verification per item, remembered so that Retry On Fail sends the same code again. */
function issue(
	context: IExecuteFunctions,
	memory: RetryMemory,
	keys: VerificationKeys,
	itemIndex: number,
	request: SendRequest,
	now: number,
): { token: string; claims: VerificationClaims } | NodeOperationError {
	const key = requestKey(itemIndex, { issue: request });
	const recalled = memory.recall(key, itemIndex);
	const recalledToken = recalled?.status === 'accepted' ? String(recalled.json.token) : undefined;
	const reopened = recalledToken && openVerificationToken(recalledToken, keys.key);
	if (recalledToken && reopened) return { token: recalledToken, claims: reopened };

	const claims: VerificationClaims = {
		verificationId: newVerificationId(),
		phoneNumber: request.phoneNumber,
		code: generateOtpCode(request.codeLength),
		issuedAt: now,
		expiresAt: now + request.expiresInMs,
	};
	const refused = countSend(context, keys, claims, request.maxSendsPerHour);
	if (refused) return refused;
	const token = sealVerificationToken(claims, keys.key);
	memory.remember(key, { status: 'accepted', itemIndex, json: { token } });
	return { token, claims };
}

/** Waits for each placed call until it is answered, ends, or its Fallback After has passed. */
async function waitForCalls(
	context: IExecuteFunctions,
	calls: Array<{ itemIndex: number; callId: string; timeoutMs: number }>,
): Promise<Map<number, UnitResult>> {
	const results = await pollUntilDone(
		context,
		{
			effect: READS_STATUS,
			connect: createBitelClient,
			request: (id) => ({ method: 'GET', path: `/api/v2/voice/status/${id}` }),
			toRecord: (result) => withStatusDetails(asCallRecord(result)),
			createdAt: () => undefined,
			idParameter: 'callId',
		},
		calls.map(({ itemIndex, callId, timeoutMs }) => ({
			itemIndex,
			value: { id: callId, wait: true, pollMs: FALLBACK_POLL_MS, timeoutMs },
		})),
	);
	return new Map(results.map((result) => [result.itemIndex, result]));
}

const sendOne = (unit: SendUnit) => ({ itemIndex: unit.itemIndex, value: unit });

async function sendCode(context: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const items = readItems(context, readRequest);
	const keys = await verificationKeys(context);
	const memory = openRetryMemory(context);
	const now = Date.now();
	const continueOnFail = context.continueOnFail();

	const final = new Map<number, UnitResult>();
	const issued = new Map<
		number,
		{ request: SendRequest; token: string; claims: VerificationClaims }
	>();
	for (const item of items) {
		if (!('value' in item)) {
			final.set(item.itemIndex, item);
			continue;
		}
		const verification = issue(context, memory, keys, item.itemIndex, item.value, now);
		if (verification instanceof NodeOperationError) {
			verification.context.itemIndex = item.itemIndex;
			if (!continueOnFail) throw verification;
			final.set(item.itemIndex, {
				status: 'invalid',
				itemIndex: item.itemIndex,
				error: verification,
			});
		} else issued.set(item.itemIndex, { request: item.value, ...verification });
	}

	const unitOf = (itemIndex: number, channel: Channel, step: 'first' | 'fallback'): SendUnit => {
		const { request, token, claims } = issued.get(itemIndex)!;
		return {
			itemIndex,
			number: claims.phoneNumber,
			body: channelBody(channel, step, claims, token, request),
		};
	};
	const firstUnits = (channel: Channel) =>
		[...issued.entries()]
			.filter(([, { request }]) => request.channel === channel)
			.map(([itemIndex]) => sendOne(unitOf(itemIndex, channel, 'first')));
	const [calls, messages] = await Promise.all([
		sendUnits(context, otpCallStep(context, keys), firstUnits('call'), memory),
		sendUnits(context, otpSmsStep(context, keys), firstUnits('sms'), memory),
	]);

	const callOf = new Map(calls.map((result) => [result.itemIndex, result]));
	const smsOf = new Map(messages.map((result) => [result.itemIndex, result]));
	const waiting = calls
		.filter(
			(result) => result.status === 'accepted' && issued.get(result.itemIndex)!.request.fallback,
		)
		.map((result) => ({
			itemIndex: result.itemIndex,
			callId: String((result as { json: IDataObject }).json.id),
			timeoutMs: issued.get(result.itemIndex)!.request.fallbackAfterMs,
		}));
	const statusOf =
		waiting.length > 0 ? await waitForCalls(context, waiting) : new Map<number, UnitResult>();

	// The same code by SMS, once, for every call that was not answered or could not be placed.
	const fallbackUnits = calls
		.filter((result) => {
			if (!issued.get(result.itemIndex)!.request.fallback) return false;
			if (result.status !== 'accepted') return result.status !== 'invalid';
			const status = statusOf.get(result.itemIndex);
			return !(status?.status === 'accepted' && status.json.answered === true);
		})
		.map((result) => unitOf(result.itemIndex, 'sms', 'fallback'));
	const fallbackOf = new Map(
		(await sendUnits(context, otpSmsStep(context, keys), fallbackUnits.map(sendOne), memory)).map(
			(result) => [result.itemIndex, result],
		),
	);

	// An AI agent never gets the code, whatever Include Code says.
	const includeCode = !forAgent(context);
	for (const [itemIndex, { request, token, claims }] of issued) {
		const call = callOf.get(itemIndex);
		const status = statusOf.get(itemIndex);
		const sms = fallbackOf.get(itemIndex) ?? smsOf.get(itemIndex);
		const delivered = sms ?? call!;
		const json: IDataObject = {
			verificationId: claims.verificationId,
			token,
			phoneNumber: claims.phoneNumber,
			expiresAt: new Date(claims.expiresAt).toISOString(),
			channel: sms ? 'sms' : 'call',
		};
		if (call?.status === 'accepted') json.callId = call.json.id;
		if (status?.status === 'accepted') json.callAnswered = status.json.answered === true;
		if (sms?.status === 'accepted') json.smsId = sms.json.id;
		if (includeCode && request.includeCode) json.code = claims.code;
		const placed = call?.status === 'accepted' || sms?.status === 'accepted';
		final.set(
			itemIndex,
			delivered.status === 'accepted'
				? {
						status: 'accepted',
						itemIndex,
						json,
						placed,
						number: claims.phoneNumber,
						id: String(json.callId ?? json.smsId),
					}
				: {
						...delivered,
						itemIndex,
						placed,
						number: claims.phoneNumber,
						fields: { ...json, channel: delivered === sms ? 'sms' : 'call' },
					},
		);
	}
	const results = items.map((item) => final.get(item.itemIndex)!);
	return outputAndRelease(context, memory, results, PLACES_CALL);
}

export const sendVerificationCode: OperationDefinition = {
	value: 'send',
	name: 'Send Code',
	action: 'Send verification code',
	description:
		'Send a new verification code by call (with SMS fallback) or SMS, and return a token to check it with',
	properties: [
		phoneNumberField('The Iranian mobile number to verify.'),
		channelField,
		{
			displayName: 'Fallback to SMS',
			name: 'fallbackToSms',
			type: 'boolean',
			default: true,
			description:
				'Whether to send the same code by OTP SMS, once, when the call ends unanswered or is not answered within Fallback After',
			displayOptions: { show: { channel: ['call'] } },
		},
		{
			displayName: 'Fallback After (Seconds)',
			name: 'fallbackAfter',
			type: 'number',
			typeOptions: { minValue: 10, maxValue: 600 },
			default: 60,
			description: 'How long to wait for the call to be answered before the SMS goes out',
			displayOptions: { show: { channel: ['call'], fallbackToSms: [true] } },
		},
		appNameField({ channel: ['sms'] }),
		appNameField({ channel: ['call'], fallbackToSms: [true] }),
		optionsCollection(undefined, [
			{
				displayName: 'Code Length',
				name: 'codeLength',
				type: 'number',
				typeOptions: { minValue: 4, maxValue: 10, numberPrecision: 0 },
				default: 5,
				description:
					'How many digits the code has. Bitel’s OTP call reads at most 5, so a longer code goes by SMS only.',
			},
			{
				displayName: 'Expires In (Seconds)',
				name: 'expiresIn',
				type: 'number',
				typeOptions: { minValue: 30, maxValue: 86400, numberPrecision: 0 },
				default: 300,
				description: 'How long the code can be checked',
			},
			{
				displayName: 'Include Code',
				name: 'includeCode',
				type: 'boolean',
				default: false,
				description:
					'Whether to output the code itself (for testing). Never for an AI agent, which gets no code.',
			},
			introVoiceIdOption,
			maxSendsPerHourOption,
		]),
	],
	run: sendCode,
};
