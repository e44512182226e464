import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { CallReference } from '../../shared/items';
import { runPerItem } from '../../shared/perItemRunner';
import { asCallRecord } from './callStatus';
import { createBitelClient } from '../transport';
import type { NumberRule } from './callParameters';

/** Requests in flight at once for one-call-per-item operations. */
const SEND_CONCURRENCY = 4;

export const placedNote = (count: number) =>
	`${count} other call${count === 1 ? ' was' : 's were'} already placed in this execution.`;

/** How a Bitel call is looked up: its number and Bitel's call ID. */
export const bitelCall = (phoneNumber: unknown, id?: unknown): CallReference => ({
	number: phoneNumber === undefined ? undefined : String(phoneNumber),
	idName: 'call ID',
	id: id === undefined || id === null ? undefined : String(id),
});

/** What a Bitel send creates (a call, an SMS): how its answer is read and how it is named. */
export interface BitelSendKind {
	/** Reads one record of Bitel's answer. */
	toRecord: (result: unknown) => IDataObject;
	/** How the user looks one up: its number and Bitel's id for it. */
	reference: (phoneNumber: unknown, id?: unknown) => CallReference;
	/** What the error of a stopped execution adds about sends already made. */
	placedNote: (count: number) => string;
	/**
	 * Completes a validated body just before it is sent, with what must not be part of its
	 * identity in the retry memory (a generated OTP code: a retry recalls the first one),
	 * and the fields that go on the output item with Bitel's record.
	 */
	beforeSend?: (body: IDataObject) => { body: IDataObject; output: IDataObject };
	/** Why a number a batch answer returned no record for was not sent again. */
	noRecordNote: string;
	/** What numbers it takes: all Iranian ones (calls), or mobiles only (SMS). */
	numberRule?: NumberRule;
}

export const CALL_KIND: BitelSendKind = {
	toRecord: asCallRecord,
	reference: bitelCall,
	placedNote,
	noRecordNote:
		'The call may have been placed, so it was not sent again. Check the call list in the Bitel panel before calling this number again.',
};

/**
 * Runs a one-request-per-item operation (OTP, Single, Single TTS, the per-item SMS sends)
 * through the shared per-item runner: every item validated first, then each valid item sent once.
 */
export async function sendPerItem(
	context: IExecuteFunctions,
	path: string,
	buildBody: (itemIndex: number) => IDataObject,
	kind: BitelSendKind = CALL_KIND,
): Promise<INodeExecutionData[]> {
	return await runPerItem(context, {
		read: buildBody,
		connect: async () => {
			const client = await createBitelClient(context);
			return async (validBody, itemIndex) => {
				const { body, output } = kind.beforeSend?.(validBody) ?? { body: validBody, output: {} };
				const response = await client.send('POST', path, body, itemIndex);
				if (!response.ok)
					return { itemIndex, error: response.error, call: kind.reference(body.phoneNumber) };
				const json = { ...kind.toRecord(response.result), ...output };
				if (response.providerError) json.providerError = response.providerError;
				return {
					itemIndex,
					json,
					placed: true,
					call: kind.reference(json.phoneNumber ?? body.phoneNumber, json.id),
				};
			};
		},
		concurrency: SEND_CONCURRENCY,
		placedNote: kind.placedNote,
	});
}
