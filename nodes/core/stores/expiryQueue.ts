/** One key's expiry as the queue saw it when it was pushed; a later write of the key makes this record stale. */
export interface ExpiryRecord<E> {
	key: string;
	expiresAt: number;
	entry: E;
}

/**
 * A binary min-heap of expiries, earliest first. Records are never updated in place: a re-written key pushes a
 * new record and the old one is skipped when it reaches the top (the caller says which records are current),
 * and the heap is rebuilt from the live entries when stale records outnumber them, so memory stays bounded.
 */
export class ExpiryQueue<E> {
	private heap: Array<ExpiryRecord<E>> = [];

	get length(): number {
		return this.heap.length;
	}

	push(record: ExpiryRecord<E>): void {
		const heap = this.heap;
		heap.push(record);
		let child = heap.length - 1;
		while (child > 0) {
			const parent = (child - 1) >> 1;
			if (heap[parent].expiresAt <= record.expiresAt) break;
			heap[child] = heap[parent];
			child = parent;
		}
		heap[child] = record;
	}

	peek(): ExpiryRecord<E> | undefined {
		return this.heap[0];
	}

	pop(): ExpiryRecord<E> | undefined {
		const heap = this.heap;
		const top = heap[0];
		const last = heap.pop();
		if (heap.length === 0 || last === undefined) return top;
		let parent = 0;
		for (;;) {
			const left = 2 * parent + 1;
			if (left >= heap.length) break;
			const right = left + 1;
			const child = right < heap.length && heap[right].expiresAt < heap[left].expiresAt ? right : left;
			if (heap[child].expiresAt >= last.expiresAt) break;
			heap[parent] = heap[child];
			parent = child;
		}
		heap[parent] = last;
		return top;
	}

	/** Replaces the heap with the given records (the current ones), sorted: a sorted array is a valid heap. */
	rebuild(records: Iterable<ExpiryRecord<E>>): void {
		this.heap = [...records].sort((a, b) => a.expiresAt - b.expiresAt);
	}

	clear(): void {
		this.heap = [];
	}
}
