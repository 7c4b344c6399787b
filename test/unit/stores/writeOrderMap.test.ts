import { WriteOrderMap } from '../../../nodes/core/stores/writeOrderMap';

const keys = (map: WriteOrderMap<number>) => [...map.entries()].map(([key]) => key);

describe('WriteOrderMap', () => {
	it('keeps keys in write order, a re-written key moving to the newest end', () => {
		const map = new WriteOrderMap<number>();
		map.set('a', 1);
		map.set('b', 2);
		map.set('c', 3);
		map.set('a', 4);
		expect(keys(map)).toEqual(['b', 'c', 'a']);
		expect(map.get('a')).toBe(4);
		expect(map.oldest(2)).toEqual([
			['b', 2],
			['c', 3],
		]);
		expect(map.size).toBe(3);
	});

	it('unlinks the oldest, a middle and the newest key', () => {
		const map = new WriteOrderMap<number>();
		for (const [i, key] of ['a', 'b', 'c', 'd', 'e'].entries()) map.set(key, i);
		expect(map.delete('a')).toBe(true);
		expect(map.delete('c')).toBe(true);
		expect(map.delete('e')).toBe(true);
		expect(map.delete('e')).toBe(false);
		expect(keys(map)).toEqual(['b', 'd']);
		map.set('f', 9);
		expect(keys(map)).toEqual(['b', 'd', 'f']);
		expect(map.oldest(5)).toEqual([
			['b', 1],
			['d', 3],
			['f', 9],
		]);
	});

	it('empties completely, by deletion and by clear()', () => {
		const map = new WriteOrderMap<number>();
		map.set('a', 1);
		map.delete('a');
		expect(map.oldest(1)).toEqual([]);
		map.set('b', 2);
		expect(keys(map)).toEqual(['b']);
		map.clear();
		expect(map.size).toBe(0);
		expect(keys(map)).toEqual([]);
		expect(map.get('b')).toBeUndefined();
	});
});
