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
/** Shortest timed pause of the loop: a hard bound on it whatever the clock does. */
const MIN_PAUSE_MS = 10;
/**
 * Shortest time between two looks at every call for the ones that are due (a scan costs one
 * step per call): scans stay at most 20 a second for any number of calls.
 */
const MIN_SCAN_INTERVAL_MS = 50;

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
	/** Checks one call once. A rejection is a defect: polling stops and rethrows it. */
	check(call: T): Promise<void>;
	/** Checks in flight at once. */
	concurrency: number;
	now(): number;
	wait(ms: number): Promise<void>;
}

interface Schedule {
	createdAt: number;
	/** A scout's first check, in ms after the start (its place in the spread); else undefined. */
	scoutOffsetMs?: number;
	lastCheckAt?: number;
	/** Checked at (or after) its Timeout: no further check. */
	closed?: boolean;
}

/**
 * Checks `plan.calls` until each is final, has failed for good, or has had its last check
 * at its Timeout. Checks run as a pool of `plan.concurrency`: a call is started the moment it
 * is due and a place is free, not in rounds that wait for their slowest request (the calls
 * of a batch come due over the half second their requests took, and rounds left most
 * places idle at each round's end).
 */
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
		const deadline = deadlineOf(call);
		if (schedule.lastCheckAt !== undefined)
			return Math.min(schedule.lastCheckAt + plan.pollMs(call), deadline);
		if (schedule.scoutOffsetMs !== undefined)
			return Math.min(startedAt + schedule.scoutOffsetMs, deadline);
		const learned = learnedAgeMs === undefined ? Infinity : schedule.createdAt + learnedAgeMs;
		return Math.min(learned, startedAt + SCOUT_PATIENCE_MS, deadline);
	};

	const concurrency = Math.max(1, Math.floor(plan.concurrency));
	const checking = new Set<T>();
	let failure: { reason: unknown } | undefined;
	// What the last scan found: the calls due then (earliest first), and the earliest time
	// another one is due. A check that ends moves `nextDueAt`; one that teaches a new age asks
	// for a scan, since many calls may be due at once.
	let open = plan.calls;
	let queue: T[] = [];
	let nextDueAt = -Infinity;
	let scanNeeded = true;
	let lastScanAt = -Infinity;
	// Resolves the pause of the loop when a check ends (a place is free, a call may be final).
	let checkEnded: () => void = () => {};
	const nextCheckEnd = () =>
		new Promise<void>((resolve) => {
			checkEnded = resolve;
		});
	const start = (call: T, checkAt: number) => {
		const schedule = schedules.get(call)!;
		schedule.lastCheckAt = checkAt;
		if (checkAt >= deadlineOf(call)) schedule.closed = true;
		checking.add(call);
		plan.check(call).then(
			() => {
				checking.delete(call);
				if (plan.isFinal(call)) {
					const age = checkAt - schedule.createdAt;
					if (learnedAgeMs === undefined || age < learnedAgeMs) {
						learnedAgeMs = age;
						scanNeeded = true;
					}
				} else if (plan.pending(call) && !schedule.closed) {
					nextDueAt = Math.min(nextDueAt, dueAt(call));
				}
				checkEnded();
			},
			(reason: unknown) => {
				checking.delete(call);
				failure ??= { reason };
				checkEnded();
			},
		);
	};
	const scan = (now: number) => {
		open = open.filter((call) => plan.pending(call) && !schedules.get(call)!.closed);
		const due: T[] = [];
		let next = Infinity;
		// A loop, not Math.min(...list): spreading 200,000 arguments overflows the stack (Node 20).
		for (const call of open) {
			if (checking.has(call)) continue;
			const at = dueAt(call);
			if (at <= now) due.push(call);
			else if (at < next) next = at;
		}
		queue = due.sort((a, b) => dueAt(a) - dueAt(b));
		nextDueAt = next;
		scanNeeded = false;
		lastScanAt = now;
	};

	const maxPauses = Math.ceil((MAX_WAIT_MS + SCOUT_PATIENCE_MS) / MIN_PAUSE_MS) + 2;
	for (let pauses = 0; pauses < maxPauses && !failure; ) {
		const now = plan.now();
		const scanDue = scanNeeded || (queue.length === 0 && now >= nextDueAt);
		if (scanDue && now - lastScanAt >= MIN_SCAN_INTERVAL_MS) scan(now);
		while (queue.length > 0 && checking.size < concurrency) start(queue.shift()!, now);
		if (queue.length === 0 && checking.size === 0 && nextDueAt === Infinity && !scanNeeded) break;

		const ended = nextCheckEnd();
		if (queue.length > 0) {
			await ended; // more are due: go on as soon as a place is free
			continue;
		}
		const wakeAt = scanNeeded || now >= nextDueAt ? lastScanAt + MIN_SCAN_INTERVAL_MS : nextDueAt;
		if (wakeAt === Infinity) {
			await ended; // nothing more is due until a check ends
			continue;
		}
		pauses++;
		await Promise.race([ended, plan.wait(Math.max(MIN_PAUSE_MS, wakeAt - now))]);
	}
	// Never leave a check running behind the node's back.
	while (checking.size > 0) await nextCheckEnd();
	if (failure) throw failure.reason;
}
