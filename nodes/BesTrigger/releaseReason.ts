import type { IDataObject } from 'n8n-workflow';

import { textOf } from '../shared/json';

/** The documented `releaseReason` codes (docs/providers/bes.md#release-event-callback); others are named, not dropped. */
const RELEASE_REASONS: Record<string, { description: string; answered: boolean }> = {
	'0': { description: 'Answered, then the callee hung up before the end', answered: true },
	'1': { description: 'Completed: answered and played to the end', answered: true },
	'4': {
		description: 'Not answered: the callee rejected the call or it rang until the timeout',
		answered: false,
	},
	'6': { description: 'Failed: the call failed before ringing', answered: false },
	'8': { description: 'Failed: no resources', answered: false },
	'9': { description: 'Failed: queuing device timeout', answered: false },
	'10': { description: 'Failed: the call is restricted', answered: false },
	'999': {
		description: 'Failed: the platform could not start the recording conference',
		answered: false,
	},
};

export function describeReleaseReason(value: unknown): string {
	const code = textOf(value);
	if (code === undefined) return 'Unknown: BES sent no release reason';
	return RELEASE_REASONS[code]?.description ?? `Unknown release reason ${JSON.stringify(code)}`;
}

/** The callback as sent, plus `releaseReasonDescription`, `completed` ("1") and `answered` ("0" or "1"). */
export function describeBesCallback(payload: IDataObject): IDataObject {
	const code = textOf(payload.releaseReason);
	return {
		...payload,
		releaseReasonDescription: describeReleaseReason(payload.releaseReason),
		completed: code === '1',
		answered: code !== undefined && RELEASE_REASONS[code]?.answered === true,
	};
}
