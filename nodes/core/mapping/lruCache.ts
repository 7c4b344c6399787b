/** A Map bounded to `capacity` entries that forgets the least recently used one first (a Map iterates in
 * insertion order, so re-inserting on every hit keeps the oldest entry first). */
export class LruCache<K, V> {
	private readonly entries = new Map<K, V>();

	constructor(private readonly capacity: number) {
		if (!Number.isInteger(capacity) || capacity < 1)
			throw new RangeError(`capacity must be an integer of at least 1, got ${capacity}`);
	}

	get size(): number {
		return this.entries.size;
	}

	get(key: K): V | undefined {
		if (!this.entries.has(key)) return undefined;
		const value = this.entries.get(key) as V;
		this.entries.delete(key);
		this.entries.set(key, value);
		return value;
	}

	set(key: K, value: V): void {
		this.entries.delete(key);
		this.entries.set(key, value);
		if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as K);
	}
}
