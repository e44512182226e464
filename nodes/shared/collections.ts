/** Small, pure helpers for batching and bounded concurrency. */

/** Cuts a list into consecutive chunks of at most `size` entries. */
export function chunk<T>(list: readonly T[], size: number): T[][] {
	if (!Number.isInteger(size) || size < 1)
		throw new RangeError(`Chunk size must be a positive integer, got ${size}`);
	const chunks: T[][] = [];
	for (let start = 0; start < list.length; start += size) {
		chunks.push(list.slice(start, start + size));
	}
	return chunks;
}

/** Runs `task` for every entry, `limit` at a time, and reports every outcome in input order. */
export async function mapWithConcurrency<T, R>(
	list: readonly T[],
	limit: number,
	task: (entry: T, index: number) => Promise<R>,
): Promise<Array<PromiseSettledResult<R>>> {
	const results: Array<PromiseSettledResult<R>> = new Array(list.length);
	let next = 0;
	const worker = async () => {
		while (next < list.length) {
			const index = next++;
			try {
				results[index] = { status: 'fulfilled', value: await task(list[index], index) };
			} catch (reason) {
				results[index] = { status: 'rejected', reason };
			}
		}
	};
	const workers = Array.from({ length: Math.max(1, Math.min(limit, list.length)) }, worker);
	await Promise.all(workers);
	return results;
}

/** A stable key for a plain object: keys sorted, undefined values left out. */
export function stableKey(value: Record<string, unknown>): string {
	const sorted: Record<string, unknown> = {};
	for (const key of Object.keys(value).sort()) {
		if (value[key] !== undefined) sorted[key] = value[key];
	}
	return JSON.stringify(sorted);
}
