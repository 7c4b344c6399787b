import type { ScannedEntry } from '../../../nodes/core/stores/types';
import { storeKinds, type StoreKind } from './storeFactories';

const sorted = (entries: ScannedEntry[]) => [...entries].sort((a, b) => a.key.localeCompare(b.key));

describe.each(storeKinds().map((kind) => [kind.name, kind] as [string, StoreKind]))('scan over %s', (_name, kind) => {
	beforeAll(() => kind.setUp());
	afterAll(() => kind.tearDown());

	it('returns every live key under the prefix with its value, counters as their count', async () => {
		const { store } = await kind.create();
		await store.set('alert:ns:a', 'first', 60_000);
		await store.claim('alert:ns:b', 'second', 60_000);
		await store.increment('alert:ns:b:count', 60_000);
		await store.increment('alert:ns:b:count', 60_000);
		await store.set('alert:ns:gone', 'x', 60_000);
		await store.delete('alert:ns:gone');
		await store.set('alert:other:a', 'elsewhere', 60_000);
		await store.set('alert:n', 'shorter', 60_000);

		expect(sorted(await store.scan('alert:ns:'))).toEqual([
			{ key: 'alert:ns:a', value: 'first' },
			{ key: 'alert:ns:b', value: 'second' },
			{ key: 'alert:ns:b:count', value: '2' },
		]);
		expect(await store.scan('nothing:')).toEqual([]);
	});

	it('leaves out keys whose time to live has ended', async () => {
		const { store, clock } = await kind.create();
		await store.set('p:long', 'stays', 60_000);
		await store.set('p:short', 'goes', 300);
		if (clock) clock.advance(300);
		else await new Promise((resolve) => setTimeout(resolve, 400));
		expect(await store.scan('p:')).toEqual([{ key: 'p:long', value: 'stays' }]);
	});

	it('takes glob characters in the prefix literally', async () => {
		const { store } = await kind.create();
		await store.set('a*b:1', 'star', 60_000);
		await store.set('axb:1', 'not star', 60_000);
		await store.set('a?[c]\\d:1', 'all of them', 60_000);
		await store.set('aZ[c]\\d:1', 'look-alike', 60_000);
		expect(await store.scan('a*b:')).toEqual([{ key: 'a*b:1', value: 'star' }]);
		expect(await store.scan('a?[c]\\d:')).toEqual([{ key: 'a?[c]\\d:1', value: 'all of them' }]);
	});

	it('returns each of many keys exactly once', async () => {
		const { store } = await kind.create();
		await Promise.all(Array.from({ length: 1_200 }, (_, i) => store.set(`many:${i}`, String(i), 60_000)));
		const found = await store.scan('many:');
		expect(found).toHaveLength(1_200);
		expect(new Set(found.map((entry) => entry.key)).size).toBe(1_200);
		expect(found.every((entry) => entry.key === `many:${entry.value}`)).toBe(true);
	});
});
