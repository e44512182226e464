/** A process memory with two bounds (an age and a count, oldest forgotten first), so it never leaks. */
export class BoundedMemo<V> {
	private readonly entries = new Map<string, { value: V; writtenAt: number }>();

	constructor(
		private readonly maxEntries: number,
		private readonly ttlMs: number,
	) {}

	/** The value written for `key` less than `ttlMs` before `now`, if any. */
	get(key: string, now: number): V | undefined {
		const entry = this.entries.get(key);
		if (!entry) return undefined;
		if (now - entry.writtenAt >= this.ttlMs) {
			this.entries.delete(key);
			return undefined;
		}
		return entry.value;
	}

	set(key: string, value: V, now: number): void {
		this.entries.delete(key); // re-inserted last: Map order is the eviction order
		this.entries.set(key, { value, writtenAt: now });
		while (this.entries.size > this.maxEntries)
			this.entries.delete(this.entries.keys().next().value as string);
	}

	clear(): void {
		this.entries.clear();
	}
}
