import type { IDataObject, NodeApiError } from 'n8n-workflow';

/**
 * What a failed status check means while Get Status waits for a final status. A status
 * check only reads, so checking again never places a call; the only cost is time, and
 * the Timeout option bounds it.
 */

/**
 * How long after a call was created a `NotFound` is taken for "not known yet" rather than
 * "no such call" (inferred: Bitel's docs say nothing about when Call Status knows a new call,
 * docs/providers/bitel.md#get-status-while-waiting-for-a-final-status).
 */
export const NOT_FOUND_GRACE_MS = 30_000;

/**
 * Numbers below this are epoch seconds (as Bitel's `requestDate`, docs/providers/bitel.md#calls),
 * above it milliseconds.
 */
const SECONDS_LIMIT = 1e11;

/**
 * When the call was created, in epoch ms, from the input item of Get Status: the record a Bitel
 * call operation returned carries `requestDate` (epoch seconds, docs/providers/bitel.md#calls).
 */
export function callCreatedAt(json: IDataObject | undefined): number | undefined {
	const value = json?.requestDate ?? json?.RequestDate;
	if (typeof value === 'number' && Number.isFinite(value) && value > 0)
		return value < SECONDS_LIMIT ? value * 1000 : value;
	if (typeof value === 'string' && /^\d+$/.test(value.trim()))
		return callCreatedAt({ requestDate: Number(value) });
	if (typeof value === 'string') {
		const parsed = Date.parse(value);
		return Number.isNaN(parsed) ? undefined : parsed;
	}
	return undefined;
}

export interface StatusFailureContext {
	/** Whether this item waits for a final status (Wait for Final Status is on). */
	waiting: boolean;
	/** When the call was created (epoch ms), when the input item says so. */
	createdAtMs?: number;
	/** When this execution started checking, the reference when the creation time is unknown. */
	firstCheckAtMs: number;
	now: number;
}

/**
 * Whether a failed status check is checked again at the next poll (true) or is the item's
 * answer (false). While waiting: a refusal (429), a server error (5xx), no answer or an
 * unreadable one pass; so does `NotFound` within NOT_FOUND_GRACE_MS of the call's creation
 * (or, when that is unknown, of the first check). Anything else Bitel rejected is final.
 */
export function checksAgain(error: NodeApiError, context: StatusFailureContext): boolean {
	if (!context.waiting) return false;
	const httpStatus = Number(error.httpCode);
	const { providerCode, outcome } = error.context as IDataObject;
	if (httpStatus === 429 || providerCode === 'TooManyRequests') return true;
	if (httpStatus >= 500 && httpStatus <= 599) return true;
	if (outcome === 'unknown' || outcome === 'notSent') return true;
	if (providerCode === 'NotFound') {
		const since = context.createdAtMs ?? context.firstCheckAtMs;
		return context.now - since < NOT_FOUND_GRACE_MS;
	}
	return false;
}
