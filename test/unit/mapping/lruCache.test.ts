import { LruCache } from '../../../nodes/core/mapping/lruCache';

describe('LruCache', () => {
	it('forgets the least recently used entry once full', () => {
		const cache = new LruCache<string, number>(2);
		cache.set('a', 1);
		cache.set('b', 2);
		expect(cache.get('a')).toBe(1); // a is now the most recent
		cache.set('c', 3);
		expect(cache.get('b')).toBeUndefined();
		expect(cache.get('a')).toBe(1);
		expect(cache.get('c')).toBe(3);
		expect(cache.size).toBe(2);
	});

	it('replacing a key does not grow the cache', () => {
		const cache = new LruCache<string, number>(2);
		cache.set('a', 1);
		cache.set('a', 2);
		expect(cache.size).toBe(1);
		expect(cache.get('a')).toBe(2);
	});

	it('can hold falsy values', () => {
		const cache = new LruCache<string, number | null>(1);
		cache.set('zero', 0);
		expect(cache.get('zero')).toBe(0);
	});

	it.each([0, -1, 1.5])('refuses capacity %p', (capacity) => {
		expect(() => new LruCache(capacity)).toThrow(RangeError);
	});
});
