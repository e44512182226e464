/**
 * The callSerialNos n8n has kept, so a callback that comes again starts no second run
 * (docs/triggers.md#bes-callbacks-assumptions-where-the-docs-are-silent).
 */
/** Serials remembered per trigger; the oldest are forgotten first. */
export const MAX_REMEMBERED_SERIALS = 20_000;

/** How long a serial is remembered, at most. */
export const REMEMBER_SERIAL_MS = 24 * 60 * 60 * 1000;

/** Triggers whose memory is kept (oldest dropped first), against workflows that were deleted. */
const MAX_TRIGGERS = 200;

export interface ReceivedSerials {
	/** Serial → when n8n answered success for it (epoch ms), oldest first. */
	kept: Map<string, number>;
	/** Serials whose first copy is being stored right now. */
	pending: Set<string>;
}

const byTrigger = new Map<string, ReceivedSerials>();

/** The memory of one trigger node of one workflow. */
export function receivedSerialsOf(
	workflowId: string | undefined,
	nodeName: string,
): ReceivedSerials {
	const key = `${workflowId ?? ''}\u0000${nodeName}`;
	let memory = byTrigger.get(key);
	if (!memory) {
		memory = { kept: new Map(), pending: new Set() };
		byTrigger.set(key, memory);
		if (byTrigger.size > MAX_TRIGGERS) byTrigger.delete(byTrigger.keys().next().value as string);
	}
	return memory;
}

/** 'new' (run it), 'kept' (already stored: acknowledge, no run) or 'pending' (come back later). */
export type SerialState = 'new' | 'kept' | 'pending';

export function serialState(memory: ReceivedSerials, serial: string, nowMs: number): SerialState {
	if (memory.pending.has(serial)) return 'pending';
	const keptAt = memory.kept.get(serial);
	if (keptAt !== undefined && nowMs - keptAt < REMEMBER_SERIAL_MS) return 'kept';
	return 'new';
}

/** Marks a serial as being stored. */
export function markPending(memory: ReceivedSerials, serial: string): void {
	memory.pending.add(serial);
}

/** Ends the pending state: remembered when n8n answered with a 2xx, forgotten otherwise. */
export function settleSerial(
	memory: ReceivedSerials,
	serial: string,
	answeredStatus: number | undefined,
	nowMs: number,
): void {
	memory.pending.delete(serial);
	if (answeredStatus === undefined || answeredStatus < 200 || answeredStatus > 299) return;
	memory.kept.delete(serial);
	memory.kept.set(serial, nowMs);
	while (memory.kept.size > MAX_REMEMBERED_SERIALS) {
		memory.kept.delete(memory.kept.keys().next().value as string);
	}
}
