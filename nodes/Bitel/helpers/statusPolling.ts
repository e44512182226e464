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

/**
 * When to check each call while waiting for final statuses: as few status requests as
 * possible, each soon after its call ends. The few oldest calls ("scouts", one in
 * SCOUT_SHARE) are checked from the start, each at the Poll Interval, their first checks
 * spread over one Poll Interval: with 20 scouts and 1 s, one scout is checked every 50 ms,
 * so the moment calls end is seen within 50 ms, not within 1 s. The others are not
 * checked while they are young: once a scout (or any call) is seen final, a call is first
 * checked when it reaches the age at which that call was seen final (calls of one
 * execution are usually alike); until one is, at most SCOUT_PATIENCE_MS after the start.
 * After its first check a call is checked again at its Poll Interval, as before; a call
 * never checked is checked at its Timeout, so every item gets a status.
 */
export const SCOUT_SHARE = 50;
export const SCOUT_PATIENCE_MS = 30_000;
/** The longest Timeout (Get Status's option maximum), in ms. */
const MAX_WAIT_MS = 3600 * 1000;
/** Shortest pause between two rounds: a hard bound on the loop whatever the clock does. */
const MIN_ROUND_MS = 50;

export interface PollingPlan<T> {
	/** The calls that wait for a final status. */
	calls: T[];
	/** When the call was created (epoch ms), when known. */
	createdAt(call: T): number | undefined;
	pollMs(call: T): number;
	timeoutMs(call: T): number;
	/** Whether the call is still to be checked (not final, no answer that ends it). */
	pending(call: T): boolean;
	/** Whether the last check found the call final. */
	isFinal(call: T): boolean;
	/** Checks these calls once, together. */
	check(calls: T[]): Promise<void>;
	now(): number;
	wait(ms: number): Promise<void>;
}

interface Schedule {
	createdAt: number;
	/** A scout's first check, in ms after the start (its place in the spread); else undefined. */
	scoutOffsetMs?: number;
	lastCheckAt?: number;
}

/** Checks `plan.calls` until each is final, has failed for good, or reaches its Timeout. */
export async function pollUntilFinal<T>(plan: PollingPlan<T>, startedAt: number): Promise<void> {
	const schedules = new Map<T, Schedule>();
	for (const call of plan.calls) {
		const created = plan.createdAt(call);
		schedules.set(call, {
			createdAt: created === undefined ? startedAt : Math.min(created, startedAt),
		});
	}
	const byAge = [...plan.calls].sort(
		(a, b) => schedules.get(a)!.createdAt - schedules.get(b)!.createdAt,
	);
	const scouts = byAge.slice(0, Math.ceil(byAge.length / SCOUT_SHARE));
	scouts.forEach((call, index) => {
		schedules.get(call)!.scoutOffsetMs = Math.floor((index * plan.pollMs(call)) / scouts.length);
	});

	let learnedAgeMs: number | undefined;
	const deadlineOf = (call: T) => startedAt + plan.timeoutMs(call);
	const dueAt = (call: T) => {
		const schedule = schedules.get(call)!;
		if (schedule.lastCheckAt !== undefined) return schedule.lastCheckAt + plan.pollMs(call);
		if (schedule.scoutOffsetMs !== undefined) return startedAt + schedule.scoutOffsetMs;
		const learned = learnedAgeMs === undefined ? Infinity : schedule.createdAt + learnedAgeMs;
		return Math.min(learned, startedAt + SCOUT_PATIENCE_MS, deadlineOf(call));
	};

	const maxRounds = Math.ceil((MAX_WAIT_MS + SCOUT_PATIENCE_MS) / MIN_ROUND_MS) + 2;
	for (let round = 0; round < maxRounds; round++) {
		const now = plan.now();
		const active = plan.calls.filter((call) => plan.pending(call) && now < deadlineOf(call));
		if (active.length === 0) return;
		// A loop, not Math.min(...list): spreading 200,000 arguments overflows the stack (Node 20).
		let next = Infinity;
		for (const call of active) next = Math.min(next, dueAt(call), deadlineOf(call));
		await plan.wait(Math.max(round === 0 ? 0 : MIN_ROUND_MS, next - now));
		const checkAt = plan.now();
		// Due, or at its Timeout: the last check of a call happens at its deadline.
		const due = active.filter((call) => dueAt(call) <= checkAt || checkAt >= deadlineOf(call));
		if (due.length === 0) continue;
		await plan.check(due);
		for (const call of due) {
			const schedule = schedules.get(call)!;
			schedule.lastCheckAt = checkAt;
			if (plan.isFinal(call)) {
				const age = checkAt - schedule.createdAt;
				learnedAgeMs = learnedAgeMs === undefined ? age : Math.min(learnedAgeMs, age);
			}
		}
	}
}
