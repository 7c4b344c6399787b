interface Node<V> {
	key: string;
	value: V;
	older: Node<V> | undefined;
	newer: Node<V> | undefined;
}

/**
 * A map that knows its oldest-written key in O(1). A plain Map cannot: V8 leaves a hole for every deleted entry
 * until it rehashes, and iteration from the front walks over them, so "delete the first key" on a full Map
 * costs O(holes) — measured here at 200,000 bounded inserts: 0.2 s with 1,000 entries, 5.8 s with 50,000.
 * A doubly linked list in write order beside the Map keeps every operation constant-time.
 */
export class WriteOrderMap<V> {
	private readonly nodes = new Map<string, Node<V>>();
	private oldestNode: Node<V> | undefined;
	private newestNode: Node<V> | undefined;

	get size(): number {
		return this.nodes.size;
	}

	get(key: string): V | undefined {
		return this.nodes.get(key)?.value;
	}

	/** Stores the value as the newest entry, moving the key if it was there already. */
	set(key: string, value: V): void {
		this.delete(key);
		const node: Node<V> = { key, value, older: this.newestNode, newer: undefined };
		if (this.newestNode) this.newestNode.newer = node;
		else this.oldestNode = node;
		this.newestNode = node;
		this.nodes.set(key, node);
	}

	delete(key: string): boolean {
		const node = this.nodes.get(key);
		if (node === undefined) return false;
		this.nodes.delete(key);
		if (node.older) node.older.newer = node.newer;
		else this.oldestNode = node.newer;
		if (node.newer) node.newer.older = node.older;
		else this.newestNode = node.older;
		return true;
	}

	/** The `count` oldest entries, oldest first (a copy, so the caller may delete while looking). */
	oldest(count: number): Array<[string, V]> {
		const found: Array<[string, V]> = [];
		for (let node = this.oldestNode; node && found.length < count; node = node.newer)
			found.push([node.key, node.value]);
		return found;
	}

	/** Every entry, oldest first. */
	*entries(): Generator<[string, V]> {
		for (let node = this.oldestNode; node; node = node.newer) yield [node.key, node.value];
	}

	clear(): void {
		this.nodes.clear();
		this.oldestNode = undefined;
		this.newestNode = undefined;
	}
}
