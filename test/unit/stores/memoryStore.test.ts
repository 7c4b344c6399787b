import { MemoryStore } from '../../../nodes/core/stores/memoryStore';
import { StoreFullError } from '../../../nodes/core/stores/storeFullError';
import { StoreUnavailableError } from '../../../nodes/core/stores/storeUnavailableError';

/** A clock the test moves by hand. */
function manualClock(start = 1_000_000) {
	let now = start;
	return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('MemoryStore', () => {
	it('claims a free key once and reports the holder to later claimants', async () => {
		const store = new MemoryStore();
		expect(await store.claim('k', 'first', 1000)).toEqual({ claimed: true, value: 'first' });
		expect(await store.claim('k', 'second', 1000)).toEqual({ claimed: false, value: 'first' });
		expect(await store.get('k')).toBe('first');
	});

	it('forgets a key exactly when its TTL ends', async () => {
		const clock = manualClock();
		const store = new MemoryStore({ now: clock.now });
		await store.claim('k', 'first', 1000);
		clock.advance(999);
		expect(await store.claim('k', 'second', 1000)).toEqual({ claimed: false, value: 'first' });
		clock.advance(1);
		expect(await store.get('k')).toBeUndefined();
		expect(await store.claim('k', 'third', 1000)).toEqual({ claimed: true, value: 'third' });
	});

	it('sets, overwrites and deletes values with their own TTL', async () => {
		const clock = manualClock();
		const store = new MemoryStore({ now: clock.now });
		await store.set('a', '1', 100);
		await store.set('a', '2', 500);
		clock.advance(200);
		expect(await store.get('a')).toBe('2');
		expect(await store.delete('a')).toBe(true);
		expect(await store.delete('a')).toBe(false);
		expect(await store.get('a')).toBeUndefined();

		await store.set('b', 'x', 100);
		clock.advance(100);
		expect(await store.delete('b')).toBe(false);
	});

	it('never evicts a live key: when every entry is live a new key is refused with a Retry-After', async () => {
		const clock = manualClock();
		const store = new MemoryStore({ maxEntries: 3, now: clock.now });
		await store.set('a', 'a', 60_000);
		clock.advance(1_000);
		await store.set('b', 'b', 60_000);
		await store.set('c', 'c', 60_000);
		const refused = store.claim('d', 'd', 60_000);
		await expect(refused).rejects.toBeInstanceOf(StoreFullError);
		await expect(refused).rejects.toBeInstanceOf(StoreUnavailableError);
		await expect(refused).rejects.toMatchObject({ bound: '3 live entries', retryAfterSeconds: 59 });
		expect([await store.get('a'), await store.get('b'), await store.get('c')]).toEqual(['a', 'b', 'c']);
		expect(store.stats()).toMatchObject({ size: 3, maxEntries: 3, refusals: 1 });
		// Re-writing a live key takes no room, so it is never refused.
		await store.set('a', 'a2', 60_000);
		expect(await store.get('a')).toBe('a2');
	});

	it('bounds the characters of live keys and values: a huge value is refused, expired ones make room', async () => {
		const clock = manualClock();
		const store = new MemoryStore({ maxBytes: 10_000, now: clock.now });
		await store.set('short', 'x'.repeat(6_000), 1_000);
		const big = 'y'.repeat(5_000);
		await expect(store.set('big', big, 60_000)).rejects.toMatchObject({
			name: 'StoreFullError',
			bound: '10 KiB of live keys and values',
			retryAfterSeconds: 1,
		});
		clock.advance(1_000);
		await store.set('big', big, 60_000);
		expect(store.stats()).toMatchObject({ size: 1, bytes: 64 + 3 + 5_000, maxBytes: 10_000, refusals: 1 });
		// Replacing a value counts only the difference, and a delete gives its room back.
		await store.set('big', 'z'.repeat(9_000), 60_000);
		await store.delete('big');
		expect(store.stats()).toMatchObject({ size: 0, bytes: 0 });
		expect(() => new MemoryStore({ maxBytes: 0 })).toThrow(RangeError);
	});

	it('reports its live entries and bytes against its bounds, expired ones not counted, and full while refusing', async () => {
		const clock = manualClock();
		const store = new MemoryStore({ maxEntries: 2, maxBytes: 10_000, now: clock.now });
		await store.set('a', 'x'.repeat(100), 1_000);
		await store.set('b', 'y', 60_000);
		expect(store.usage()).toEqual({
			kind: 'local',
			entries: 2,
			maxEntries: 2,
			bytes: 64 + 1 + 100 + 64 + 1 + 1,
			maxBytes: 10_000,
			full: true,
		});
		clock.advance(1_000);
		expect(store.usage()).toMatchObject({ entries: 1, bytes: 66, full: false });
		// A value past the room left is refused while small ones fit: full for a minute after.
		await expect(store.set('c', 'z'.repeat(20_000), 60_000)).rejects.toMatchObject({ name: 'StoreFullError' });
		expect(store.usage()).toMatchObject({ entries: 1, full: true });
		clock.advance(60_000);
		expect(store.usage()).toMatchObject({ entries: 0, full: false });
	});

	it('makes room from expired entries, earliest expiry first, whatever their write order', async () => {
		const clock = manualClock();
		const store = new MemoryStore({ maxEntries: 3, now: clock.now });
		await store.set('long', '1', 60_000);
		await store.set('short', '1', 10);
		await store.set('medium', '1', 1_000);
		clock.advance(10);
		await store.set('new', '1', 60_000);
		expect(await store.get('short')).toBeUndefined();
		expect([await store.get('long'), await store.get('medium'), await store.get('new')]).toEqual(['1', '1', '1']);
		expect(store.stats()).toMatchObject({ size: 3, refusals: 0 });
	});

	it('orders a re-written key by its new expiry, not its old one', async () => {
		const clock = manualClock();
		const store = new MemoryStore({ maxEntries: 2, now: clock.now });
		await store.set('a', '1', 10);
		await store.set('b', '1', 60_000);
		await store.set('a', '2', 120_000);
		clock.advance(10);
		await expect(store.set('c', '1', 60_000)).rejects.toBeInstanceOf(StoreFullError);
		expect(await store.get('a')).toBe('2');
	});

	it('with 1,000,000 keys at the bound, keeps every live key and reuses exactly the expired ones', async () => {
		const clock = manualClock();
		const size = 1_000_000;
		const store = new MemoryStore({ maxEntries: size, now: clock.now });
		// Every thousandth key short-lived, spread through the write order, so write-order eviction would drop
		// live keys.
		const shortLived = (i: number) => i % 1_000 === 0;
		for (let i = 0; i < size; i++) await store.claim(`k${i}`, 'v', shortLived(i) ? 1_000 : 3_600_000);
		clock.advance(1_000);
		const reused = [];
		for (let i = 0; i < size / 1_000; i++) reused.push((await store.claim(`n${i}`, 'v', 60_000)).claimed);
		expect(reused.every(Boolean)).toBe(true);
		await expect(store.claim('one-too-many', 'v', 60_000)).rejects.toBeInstanceOf(StoreFullError);
		const lost = [];
		for (let i = 0; i < size; i++) if (!shortLived(i) && (await store.get(`k${i}`)) !== 'v') lost.push(i);
		expect(lost).toEqual([]);
		expect(store.stats()).toMatchObject({ size, maxEntries: size, refusals: 1 });
	});

	it('sweeps two expired entries from the earliest end per operation, without touching the rest', async () => {
		const clock = manualClock();
		const store = new MemoryStore({ now: clock.now });
		for (let i = 0; i < 100; i++) await store.set(`k${i}`, 'v', 10);
		clock.advance(10);
		expect(store.stats().size).toBe(100);
		for (let i = 0; i < 10; i++) await store.get('absent');
		expect(store.stats().size).toBe(80);
		for (let i = 0; i < 40; i++) await store.get('absent');
		expect(store.stats().size).toBe(0);
	});

	it('lets exactly one of 1000 concurrent claims of one key win', async () => {
		const store = new MemoryStore();
		const results = await Promise.all(Array.from({ length: 1000 }, (_, i) => store.claim('same', `d${i}`, 60_000)));
		const winners = results.filter((result) => result.claimed);
		expect(winners).toHaveLength(1);
		expect(new Set(results.map((result) => result.value))).toEqual(new Set([winners[0].value]));
	});

	it('counts in a fixed window that the first hit starts', async () => {
		const clock = manualClock();
		const store = new MemoryStore({ now: clock.now });
		expect(await store.increment('c', 1000)).toEqual({ count: 1, resetInMs: 1000 });
		clock.advance(300);
		expect(await store.increment('c', 1000)).toEqual({ count: 2, resetInMs: 700 });
		clock.advance(699);
		expect(await store.increment('c', 1000)).toEqual({ count: 3, resetInMs: 1 });
		expect(await store.get('c')).toBe('3');
		clock.advance(1);
		expect(await store.increment('c', 1000)).toEqual({ count: 1, resetInMs: 1000 });
	});

	it('refuses to count a key that holds a value, and durations that are not positive', async () => {
		const store = new MemoryStore();
		await store.set('v', 'text', 1000);
		await expect(store.increment('v', 1000)).rejects.toThrow(TypeError);
		await expect(store.claim('k', 'x', 0)).rejects.toThrow(RangeError);
		await expect(store.set('k', 'x', Number.NaN)).rejects.toThrow(RangeError);
		await expect(store.increment('k', -1)).rejects.toThrow(RangeError);
		await expect(store.increment('k', 1000, 0.5)).rejects.toThrow(RangeError);
		await expect(store.increment('k', 1000, 0)).rejects.toThrow(RangeError);
		expect(() => new MemoryStore({ maxEntries: 0 })).toThrow(RangeError);
	});
});
