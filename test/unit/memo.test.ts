import { BoundedMemo } from '../../nodes/shared/memo';

describe('BoundedMemo', () => {
	test('returns a value only while it is younger than its time to live', () => {
		const memo = new BoundedMemo<string>(10, 1000);
		memo.set('a', 'one', 0);
		expect(memo.get('a', 999)).toBe('one');
		expect(memo.get('a', 1000)).toBeUndefined();
		// Dropped when read stale: a later clock going back does not bring it back.
		expect(memo.get('a', 10)).toBeUndefined();
	});

	test('forgets the entry written longest ago first, past its size', () => {
		const memo = new BoundedMemo<number>(2, 1000);
		memo.set('a', 1, 0);
		memo.set('b', 2, 0);
		memo.set('a', 3, 1); // written again: now the newest
		memo.set('c', 4, 2);
		expect(memo.get('b', 3)).toBeUndefined();
		expect(memo.get('a', 3)).toBe(3);
		expect(memo.get('c', 3)).toBe(4);
	});

	test('a write restarts the time to live; clear forgets everything', () => {
		const memo = new BoundedMemo<number>(2, 1000);
		memo.set('a', 1, 0);
		memo.set('a', 2, 900);
		expect(memo.get('a', 1500)).toBe(2);
		memo.clear();
		expect(memo.get('a', 1500)).toBeUndefined();
	});
});
