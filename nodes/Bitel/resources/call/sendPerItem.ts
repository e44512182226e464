import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { CallReference } from '../../../shared/items';
import { sendPerItem as sendEachItem } from '../../../shared/sendPerItem';
import { asCallRecord } from '../../callStatus';
import { createBitelClient } from '../../transport';

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

/**
 * Runs a one-call-per-item operation (OTP, Single, Single TTS) through the shared
 * per-item runner: every item validated first, then each valid item sent once.
 */
export async function sendPerItem(
	context: IExecuteFunctions,
	path: string,
	buildBody: (itemIndex: number) => IDataObject,
): Promise<INodeExecutionData[]> {
	return await sendEachItem(context, {
		read: buildBody,
		connect: async () => {
			const client = await createBitelClient(context);
			return async (body, itemIndex) => {
				const response = await client.send('POST', path, body, itemIndex);
				if (!response.ok)
					return { itemIndex, error: response.error, call: bitelCall(body.phoneNumber) };
				const json = asCallRecord(response.result);
				if (response.providerError) json.providerError = response.providerError;
				return {
					itemIndex,
					json,
					placed: true,
					call: bitelCall(json.phoneNumber ?? body.phoneNumber, json.id),
				};
			};
		},
		concurrency: SEND_CONCURRENCY,
		placedNote,
	});
}
