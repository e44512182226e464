/**
 * What a stateless token cannot know (attempts, single use, sends per number), in this process's
 * memory, bounded (docs/verification.md#what-lives-in-process-memory-and-its-bounds). Synchronous, so a check and its
 * update are one step.
 */

/** Most verifications remembered at once; past it, the one that expires soonest is forgotten. */
export const MAX_VERIFICATIONS = 200_000;
/** Most (credential, phone number) send histories at once; past it, the least recent goes. */
export const MAX_PHONE_NUMBERS = 200_000;
/** The highest Max Sends per Hour that can be enforced: the longest history kept per number. */
export const MAX_SENDS_PER_HOUR_LIMIT = 100;
/** The window of Max Sends per Hour. */
export const SEND_WINDOW_MS = 60 * 60 * 1000;
/** Most expired entries one call removes (of each kind); the rest go in later calls. */
export const SWEEP_STEP = 32;

/** The answer to a code check. The caller answers `invalidToken` and `expired` itself, first. */
export type CheckOutcome =
	| { status: 'approved'; attemptsLeft: 0 }
	| { status: 'wrongCode'; attemptsLeft: number }
	| { status: 'tooManyAttempts'; attemptsLeft: 0 }
	| { status: 'alreadyUsed'; attemptsLeft: 0 };

export type SendOutcome =
	| { allowed: true; sendsInLastHour: number }
	| { allowed: false; sendsInLastHour: number; nextSendAt: number };

export type ResendOutcome =
	| { allowed: true }
	| { allowed: false; reason: 'alreadyUsed' | 'tooManyAttempts' };

class VerificationEntry {
	failedAttempts = 0;
	used = false;
	/** Locked by a check that used up its Max Attempts (Resend does not know that number). */
	locked = false;
	constructor(
		readonly verificationId: string,
		readonly expiresAt: number,
	) {}
}

/** A binary min-heap of verifications by expiry: the next to expire is always at the top. */
class ExpiryHeap {
	private readonly items: VerificationEntry[] = [];

	get size(): number {
		return this.items.length;
	}

	peek(): VerificationEntry | undefined {
		return this.items[0];
	}

	push(entry: VerificationEntry): void {
		const items = this.items;
		let index = items.push(entry) - 1;
		while (index > 0) {
			const parent = (index - 1) >> 1;
			if (items[parent].expiresAt <= entry.expiresAt) break;
			items[index] = items[parent];
			index = parent;
		}
		items[index] = entry;
	}

	pop(): VerificationEntry | undefined {
		const items = this.items;
		const top = items[0];
		const last = items.pop();
		if (items.length === 0 || last === undefined) return top;
		let index = 0;
		for (;;) {
			const left = 2 * index + 1;
			if (left >= items.length) break;
			const right = left + 1;
			const child =
				right < items.length && items[right].expiresAt < items[left].expiresAt ? right : left;
			if (items[child].expiresAt >= last.expiresAt) break;
			items[index] = items[child];
			index = child;
		}
		items[index] = last;
		return top;
	}

	clear(): void {
		this.items.length = 0;
	}
}

function checkWholeNumber(value: number, name: string, min: number, max: number): void {
	if (!Number.isInteger(value) || value < min || value > max)
		throw new RangeError(`${name} must be a whole number from ${min} to ${max}, not ${value}`);
}

export class VerificationMemory {
	private readonly verifications = new Map<string, VerificationEntry>();
	private readonly expiries = new ExpiryHeap();
	/** (scope, phone number) → send times, ascending. Map order: least recently sent first. */
	private readonly sends = new Map<string, number[]>();

	constructor(
		private readonly maxVerifications = MAX_VERIFICATIONS,
		private readonly maxPhoneNumbers = MAX_PHONE_NUMBERS,
	) {}

	/** Counts a send (once, before it) unless `maxSendsPerHour` went to the number in the last hour (0: none). */
	registerSend(
		send: {
			scope: string;
			phoneNumber: string;
			verificationId: string;
			expiresAt: number;
			maxSendsPerHour: number;
		},
		now: number,
	): SendOutcome {
		checkWholeNumber(send.maxSendsPerHour, 'Max Sends per Hour', 0, MAX_SENDS_PER_HOUR_LIMIT);
		this.sweep(now);
		const numberKey = `${send.scope}\u0000${send.phoneNumber}`;
		const recent = this.recentSends(numberKey, now);
		const limit = send.maxSendsPerHour;
		if (limit > 0 && recent && recent.length >= limit) {
			return {
				allowed: false,
				sendsInLastHour: recent.length,
				nextSendAt: recent[recent.length - limit] + SEND_WINDOW_MS,
			};
		}
		// A literal for the first send: an empty list grown by push reserves room for 17.
		const history = recent ?? [now];
		if (recent) history.push(now);
		if (history.length > MAX_SENDS_PER_HOUR_LIMIT) history.shift();
		this.sends.delete(numberKey); // set again: the Map order is the order of last sends
		this.sends.set(numberKey, history);
		while (this.sends.size > this.maxPhoneNumbers) this.sends.delete(this.firstNumberKey());
		this.entryFor(send.verificationId, send.expiresAt);
		return { allowed: true, sendsInLastHour: history.length };
	}

	/** Answers and counts a check: a wrong code uses an attempt, then locks; the right one is used once. */
	// Order: the caller answers invalidToken (token does not open), then expired, then asks here.
	checkCode(
		check: { verificationId: string; expiresAt: number; maxAttempts: number; codeMatches: boolean },
		now: number,
	): CheckOutcome {
		checkWholeNumber(check.maxAttempts, 'Max Attempts', 1, Number.MAX_SAFE_INTEGER);
		this.sweep(now);
		const entry = this.entryFor(check.verificationId, check.expiresAt);
		if (entry.used) return { status: 'alreadyUsed', attemptsLeft: 0 };
		if (entry.failedAttempts >= check.maxAttempts) {
			entry.locked = true;
			return { status: 'tooManyAttempts', attemptsLeft: 0 };
		}
		if (check.codeMatches) {
			entry.used = true;
			return { status: 'approved', attemptsLeft: 0 };
		}
		entry.failedAttempts++;
		if (entry.failedAttempts >= check.maxAttempts) entry.locked = true;
		return { status: 'wrongCode', attemptsLeft: check.maxAttempts - entry.failedAttempts };
	}

	/** Whether the code of a verification may be sent again: neither used nor locked. */
	mayResend(verificationId: string, maxAttempts: number, now: number): ResendOutcome {
		checkWholeNumber(maxAttempts, 'Max Attempts', 1, Number.MAX_SAFE_INTEGER);
		this.sweep(now);
		const entry = this.verifications.get(verificationId);
		if (entry?.used) return { allowed: false, reason: 'alreadyUsed' };
		if (entry && (entry.locked || entry.failedAttempts >= maxAttempts))
			return { allowed: false, reason: 'tooManyAttempts' };
		return { allowed: true };
	}

	/** How many entries are held (for tests and the bench). */
	size(): { verifications: number; phoneNumbers: number; sendTimes: number } {
		let sendTimes = 0;
		for (const history of this.sends.values()) sendTimes += history.length;
		return { verifications: this.verifications.size, phoneNumbers: this.sends.size, sendTimes };
	}

	clear(): void {
		this.verifications.clear();
		this.expiries.clear();
		this.sends.clear();
	}

	/** The verification's entry, made (within the cap) when this process has none yet. */
	private entryFor(verificationId: string, expiresAt: number): VerificationEntry {
		const known = this.verifications.get(verificationId);
		if (known) return known;
		while (this.verifications.size >= this.maxVerifications) {
			const soonest = this.expiries.pop();
			if (!soonest) break;
			this.verifications.delete(soonest.verificationId);
		}
		const entry = new VerificationEntry(verificationId, expiresAt);
		this.verifications.set(verificationId, entry);
		this.expiries.push(entry);
		return entry;
	}

	/** The send times of a number in the last hour (older ones dropped); undefined if none. */
	private recentSends(numberKey: string, now: number): number[] | undefined {
		const history = this.sends.get(numberKey);
		if (!history) return undefined;
		let old = 0;
		while (old < history.length && history[old] <= now - SEND_WINDOW_MS) old++;
		if (old === history.length) return undefined;
		if (old > 0) history.splice(0, old);
		return history;
	}

	private firstNumberKey(): string {
		return this.sends.keys().next().value as string;
	}

	/** Removes up to SWEEP_STEP expired verifications and up to SWEEP_STEP idle numbers. */
	private sweep(now: number): void {
		for (let step = 0; step < SWEEP_STEP; step++) {
			const soonest = this.expiries.peek();
			if (!soonest || soonest.expiresAt > now) break;
			this.expiries.pop();
			this.verifications.delete(soonest.verificationId);
		}
		for (let step = 0; step < SWEEP_STEP; step++) {
			const first = this.sends.entries().next();
			if (first.done) break;
			const [numberKey, history] = first.value;
			if (history[history.length - 1] > now - SEND_WINDOW_MS) break;
			this.sends.delete(numberKey);
		}
	}
}

/** The memory of this process, shared by every execution of the node in it. */
export const verificationMemory = new VerificationMemory();
