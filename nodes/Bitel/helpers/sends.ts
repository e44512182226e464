import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { Effect } from '../../shared/outcome';
import { invalidParameterError } from '../../shared/outcome';
import {
	isIranianMobile,
	LANDLINE_FIX,
	MOBILE_FORMATS_HINT,
	normalizeIranianPhoneNumber,
	PHONE_FORMATS_HINT,
} from '../../shared/phone';
import type { InvalidUnit, SendOperation, SendUnit } from '../../shared/runner';
import { createBitelClient, PLACES_CALL, SENDS_SMS } from '../transport';
import { asCallRecord } from './callStatus';
import type { NumberRule } from './parameters';
import { SMS_NUMBERS } from './parameters';
import { pairRecordsByNumber } from './recordPairing';
import { asSmsRecord, estimateSmsParts } from './smsStatus';

/** Requests in flight at once (docs/performance.md#requests-in-flight). */
const PER_ITEM_CONCURRENCY = 4;
const BATCH_CONCURRENCY = 5;

/** Bitel's documented limit for batch requests. */
export const MAX_NUMBERS_PER_REQUEST = 100;

type Reader<T> = (context: IExecuteFunctions, itemIndex: number) => T;

/** What a Bitel send makes and how its answer reads. */
export interface SendKind {
	effect: Effect;
	toRecord: (result: unknown) => IDataObject;
	finish?: SendOperation['finish'];
	beforeSend?: SendOperation['beforeSend'];
	/** Why a number a batch answer returned no record for was not sent again. */
	noRecord: string;
	/** What numbers it takes: all Iranian ones (calls), or mobiles only (SMS). */
	numberRule?: NumberRule;
}

export const CALLS: SendKind = {
	effect: PLACES_CALL,
	toRecord: asCallRecord,
	noRecord:
		'The call may have been placed, so it was not sent again. Check the call list in the Bitel panel before calling this number again.',
};

export const SMS: SendKind = {
	effect: SENDS_SMS,
	numberRule: SMS_NUMBERS,
	toRecord: asSmsRecord,
	noRecord:
		'The SMS may have been sent, so it was not sent again. Check the SMS list in the Bitel panel before sending to this number again.',
};

/** SMS of the user's own text, with our estimate of its parts beside Bitel's `partCount`. */
export const SMS_TEXTS: SendKind = {
	...SMS,
	finish: (json, unit) => {
		const message = unit.own?.messages ?? unit.body.message ?? json.message;
		return {
			status: 'accepted',
			json:
				typeof message === 'string'
					? { ...json, estimatedPartCount: estimateSmsParts(message) }
					: json,
		};
	},
};

/** What every Bitel send operation shares: its kind's reading of answers, the path, the client. */
function bitelSend(kind: SendKind, path: string, concurrency: number) {
	const { effect, toRecord, finish, beforeSend } = kind;
	return {
		kind: 'send' as const,
		...{ effect, toRecord, finish, beforeSend },
		request: { method: 'POST' as const, path },
		connect: createBitelClient,
		concurrency,
	};
}

/** One request per item (OTP, Make, Make TTS, the single SMS sends). */
export function sendEach(
	kind: SendKind,
	path: string,
	readBody: Reader<IDataObject>,
): SendOperation {
	return {
		...bitelSend(kind, path, PER_ITEM_CONCURRENCY),
		read: (context, itemIndex) => {
			const body = readBody(context, itemIndex);
			return { itemIndex, body, number: String(body.phoneNumber) };
		},
	};
}

/** One input item of a batch operation, as read and validated. */
export interface BatchItem {
	/** The fields every number of the item shares (content and options). */
	body: IDataObject;
	dedupe: boolean;
	/** The item's numbers as the user gave them. */
	numbers: string[];
	/** Fields of the item's own, by the request's list name (P2P: `messages`). */
	own?: IDataObject;
}

/**
 * Numbers of all items that share content and options, pooled into requests of at most 100, each
 * number one output item (docs/reliability.md#batches).
 */
export function sendInBatches(
	kind: SendKind,
	path: string,
	readBatch: Reader<BatchItem>,
): SendOperation {
	return {
		...bitelSend(kind, path, BATCH_CONCURRENCY),
		read: (context, itemIndex) => {
			const { body, dedupe, numbers, own } = readBatch(context, itemIndex);
			const mobileOnly = kind.numberRule?.mobileOnly === true;
			return numbers.map((asWritten): SendUnit | InvalidUnit => {
				const number = normalizeIranianPhoneNumber(asWritten);
				const fields = { phoneNumber: asWritten };
				const refuse = (problem: string, fix: string): InvalidUnit => ({
					status: 'invalid',
					itemIndex,
					fields,
					error: invalidParameterError(
						context.getNode(),
						'Phone Numbers',
						`"${asWritten}" ${problem}`,
						fix,
						itemIndex,
					),
				});
				if (!number)
					return refuse(
						'is not an Iranian phone number',
						`${mobileOnly ? MOBILE_FORMATS_HINT : PHONE_FORMATS_HINT}, or remove it from the list.`,
					);
				if (mobileOnly && !isIranianMobile(number))
					return refuse('is a landline number', `${LANDLINE_FIX} Or remove it from the list.`);
				return {
					itemIndex,
					body,
					number,
					own,
					dedupe,
					fields,
					echo: { inputPhoneNumber: asWritten },
				};
			});
		},
		pool: {
			max: MAX_NUMBERS_PER_REQUEST,
			numbersField: 'phoneNumbers',
			pair: pairRecordsByNumber,
			noRecord: kind.noRecord,
		},
	};
}
