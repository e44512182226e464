import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { mapWithConcurrency } from './collections';
import type { Failure, UnitResult } from './outcome';
import type { StatusCheck, StatusQuery } from './runner';

/**
 * How long after a thing was created a `NotFound` means "not known yet" rather than "no such ID"
 * (inferred: docs/providers/bitel.md#get-status-while-waiting-for-a-final-status).
 */
export const NOT_FOUND_GRACE_MS = 30_000;

/** Status requests in flight at once (docs/performance.md#wait-for-final-status). */
const STATUS_CONCURRENCY = 50;

export interface StatusFailureContext {
	waiting: boolean;
	/** When the thing checked was created (epoch ms), else when this execution started checking. */
	createdAtMs?: number;
	firstCheckAtMs: number;
	now: number;
}

/** Whether a failed check is made again at the next poll (a passing failure) or is the answer. */
export function checksAgain(failure: Failure, context: StatusFailureContext): boolean {
	if (!context.waiting) return false;
	const httpStatus = failure.httpStatus ?? 0;
	if (httpStatus === 429 || failure.providerCode === 'TooManyRequests') return true;
	if (httpStatus >= 500 && httpStatus <= 599) return true;
	if (failure.status === 'unknown' || failure.status === 'notSent') return true;
	if (failure.providerCode === 'NotFound')
		return context.now - (context.createdAtMs ?? context.firstCheckAtMs) < NOT_FOUND_GRACE_MS;
	return false;
}

interface StatusState {
	itemIndex: number;
	query: StatusQuery;
	record?: IDataObject;
	failure?: Failure;
	/** Whether `failure` is passing, so the thing is checked again. */
	checkAgain?: boolean;
	createdAtMs?: number;
	final: boolean;
	/** Not final, but waiting would not change it (docs/providers/bitel.md#sms-statuses). */
	settled?: boolean;
}

/** The status strategy: every item checked together, waiting ones again until final. */
export async function pollUntilDone(
	context: IExecuteFunctions,
	operation: StatusCheck,
	items: Array<{ itemIndex: number; value: StatusQuery } | UnitResult>,
): Promise<UnitResult[]> {
	const input = context.getInputData();
	const states: StatusState[] = [];
	for (const item of items)
		if ('value' in item)
			states.push({
				itemIndex: item.itemIndex,
				query: item.value,
				createdAtMs: operation.createdAt(input[item.itemIndex]?.json ?? {}),
				final: false,
			});
	const startedAt = Date.now();
	if (states.length > 0) {
		const client = await operation.connect(context);
		const check = async (state: StatusState) => {
			const answer = await client.send({
				...operation.request(encodeURIComponent(state.query.id)),
				effect: operation.effect,
				itemIndex: state.itemIndex,
			});
			if (answer.status === 'accepted') {
				state.record = operation.toRecord(answer.result);
				state.failure = undefined;
				state.checkAgain = false;
				state.final = state.record.final === true;
				state.settled = operation.settled?.(state.record) === true;
				return;
			}
			// A passing failure while waiting is not the outcome: keep the last record, check again.
			state.checkAgain = checksAgain(answer, {
				waiting: state.query.wait,
				createdAtMs: state.createdAtMs,
				firstCheckAtMs: startedAt,
				now: Date.now(),
			});
			if (!state.checkAgain || state.record === undefined) state.failure = answer;
		};
		// Items not waiting are checked once now; waiting ones on the schedule below.
		const once = await mapWithConcurrency(
			states.filter((state) => !state.query.wait),
			STATUS_CONCURRENCY,
			check,
		);
		for (const result of once) if (result.status === 'rejected') throw result.reason;
		await pollUntilFinal(
			{
				calls: states.filter((state) => state.query.wait),
				createdAt: (state) => state.createdAtMs,
				pollMs: (state) => state.query.pollMs,
				timeoutMs: (state) => state.query.timeoutMs,
				pending: (state) =>
					!state.final && !state.settled && (!state.failure || state.checkAgain === true),
				isFinal: (state) => state.final,
				check,
				concurrency: STATUS_CONCURRENCY,
				now: () => Date.now(),
				wait: async (ms) => await sleep(ms),
			},
			startedAt,
		);
	}

	const byItem = new Map(states.map((state) => [state.itemIndex, state]));
	return items.map((item): UnitResult => {
		const state = byItem.get(item.itemIndex);
		if (!state) return item as UnitResult;
		if (state.failure)
			return {
				...(operation.reword?.(state.failure, state.query) ?? state.failure),
				itemIndex: state.itemIndex,
				fields: { [operation.idParameter]: state.query.id },
			};
		const json = { ...(state.record ?? {}) };
		if (state.query.wait) json.timedOut = !state.final && !state.settled;
		return { status: 'accepted', json, itemIndex: state.itemIndex };
	});
}

/** The schedule of checks while waiting (docs/performance.md#wait-for-final-status). */
export const SCOUT_SHARE = 50;
export const SCOUT_PATIENCE_MS = 30_000;
/** The longest Timeout (Get Status's option maximum), in ms. */
const MAX_WAIT_MS = 3600 * 1000;
/** Shortest timed pause of the loop, whatever the clock does. */
const MIN_PAUSE_MS = 10;
/** Shortest time between two scans of every call for the ones that are due. */
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
 * Checks `plan.calls` until each is final, has failed for good, or has had its last check at its
 * Timeout, as a pool of `plan.concurrency` checks.
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
	// The last scan's due calls (earliest first) and the next due time; a newly learned age asks
	// for a scan, since many calls may come due at once.
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
