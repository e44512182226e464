import { chunk, mapWithConcurrency, stableKey } from '../../nodes/shared/collections';

describe('chunk', () => {
	it('cuts 250 entries into 100, 100 and 50', () => {
		const list = Array.from({ length: 250 }, (_, index) => index);
		const chunks = chunk(list, 100);
		expect(chunks.map((part) => part.length)).toEqual([100, 100, 50]);
		expect(chunks.flat()).toEqual(list);
	});

	it('gives exactly full chunks at the boundary and none for an empty list', () => {
		expect(chunk(Array(200).fill(0), 100).map((part) => part.length)).toEqual([100, 100]);
		expect(chunk([], 100)).toEqual([]);
	});

	it('refuses a size below 1', () => {
		expect(() => chunk([1], 0)).toThrow(RangeError);
	});
});

describe('stableKey', () => {
	it('does not depend on key order and leaves out undefined values', () => {
		expect(stableKey({ b: 1, a: 'x', c: undefined })).toBe(stableKey({ a: 'x', b: 1 }));
		expect(stableKey({ a: 1 })).not.toBe(stableKey({ a: 2 }));
	});
});

describe('mapWithConcurrency', () => {
	it('never runs more than the limit at once and returns results in input order', async () => {
		let running = 0;
		let peak = 0;
		const results = await mapWithConcurrency([30, 10, 20, 5, 15], 2, async (delay, index) => {
			running++;
			peak = Math.max(peak, running);
			await new Promise<void>((resolve) => {
				void Promise.resolve().then(async () => {
					for (let i = 0; i < delay; i++) await Promise.resolve();
					resolve();
				});
			});
			running--;
			return index * 10;
		});
		expect(peak).toBe(2);
		expect(results).toEqual([0, 10, 20, 30, 40].map((value) => ({ status: 'fulfilled', value })));
	});

	it('reports a failing task without stopping the others', async () => {
		const results = await mapWithConcurrency([1, 2, 3], 3, async (value) => {
			if (value === 2) throw new Error('two');
			return value;
		});
		expect(results[0]).toEqual({ status: 'fulfilled', value: 1 });
		expect(results[1].status).toBe('rejected');
		expect(results[2]).toEqual({ status: 'fulfilled', value: 3 });
	});
});
