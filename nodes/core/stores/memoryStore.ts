import { assertDurationMs } from './duration';
import type { ClaimResult, CounterResult, HooklineStore, ScannedEntry } from './types';
import { WriteOrderMap } from './writeOrderMap';

export interface MemoryStoreOptions {
	/** Upper bound on stored keys; when full the oldest-written key is evicted. */
	maxEntries?: number;
	/** Clock in epoch milliseconds (injected by tests). */
	now?: () => number;
}

/** A live entry as the durable layer sees it: absolute expiry, so a journal replays it unchanged. */
export type StoredEntry =
	| { key: string; value: string; expiresAt: number }
	| { key: string; count: number; expiresAt: number };

/** `durable` marks the counters JournalStore journals, so that compaction keeps them too. */
type Entry =
	| { kind: 'value'; value: string; expiresAt: number }
	| { kind: 'counter'; count: number; expiresAt: number; durable: boolean };

/** Expired entries looked at from the oldest end on every operation: amortised cleanup without a full scan. */
const SWEEP_PER_OPERATION = 2;

/**
 * An in-process store. Every decision is taken synchronously inside the method body, before any await, so two
 * concurrent calls in one process cannot interleave (Node runs one body at a time). Entries are kept in write
 * order: writes move a key to the newest end, eviction and sweeping start at the oldest, so every operation is
 * O(1).
 */
export class MemoryStore implements HooklineStore {
	readonly now: () => number;
	private readonly maxEntries: number;
	private readonly entries = new WriteOrderMap<Entry>();
	private evictions = 0;

	constructor(options: MemoryStoreOptions = {}) {
		this.maxEntries = options.maxEntries ?? 1_000_000;
		if (!Number.isInteger(this.maxEntries) || this.maxEntries < 1) {
			throw new RangeError(`maxEntries must be an integer of at least 1, got ${this.maxEntries}`);
		}
		this.now = options.now ?? Date.now;
	}

	async claim(key: string, value: string, ttlMs: number): Promise<ClaimResult> {
		assertDurationMs('ttlMs', ttlMs);
		const existing = this.lookup(key);
		if (existing !== undefined) return { claimed: false, value: existing };
		this.put(key, value, this.now() + ttlMs);
		return { claimed: true, value };
	}

	async get(key: string): Promise<string | undefined> {
		return this.lookup(key);
	}

	async set(key: string, value: string, ttlMs: number): Promise<void> {
		assertDurationMs('ttlMs', ttlMs);
		this.put(key, value, this.now() + ttlMs);
	}

	async delete(key: string): Promise<boolean> {
		return this.remove(key);
	}

	async increment(key: string, windowMs: number): Promise<CounterResult> {
		assertDurationMs('windowMs', windowMs);
		const now = this.now();
		const { count, expiresAt } = this.nextCount(key, windowMs, now);
		this.putCounter(key, count, expiresAt, false);
		return { count, resetInMs: expiresAt - now };
	}

	async scan(prefix: string): Promise<ScannedEntry[]> {
		const now = this.now();
		const found: ScannedEntry[] = [];
		for (const [key, entry] of this.entries.entries()) {
			if (entry.expiresAt <= now || !key.startsWith(prefix)) continue;
			found.push({ key, value: entry.kind === 'value' ? entry.value : String(entry.count) });
		}
		return found;
	}

	async close(): Promise<void> {
		this.entries.clear();
	}

	stats(): { size: number; evictions: number } {
		return { size: this.entries.size, evictions: this.evictions };
	}

	// Synchronous core, public so that JournalStore can take a decision and write its journal line in one
	// uninterrupted step.

	/** The live value of a key (a counter reads as its decimal count, as in Redis). */
	lookup(key: string): string | undefined {
		const entry = this.live(key, this.now());
		if (entry === undefined) return undefined;
		return entry.kind === 'value' ? entry.value : String(entry.count);
	}

	/** Stores a value that expires at an absolute time, moving the key to the newest end. */
	put(key: string, value: string, expiresAt: number): void {
		this.insert(key, { kind: 'value', value, expiresAt });
	}

	/** Removes a key; true when it was live. */
	remove(key: string): boolean {
		const wasLive = this.live(key, this.now()) !== undefined;
		this.entries.delete(key);
		return wasLive;
	}

	/** What increment() would make of a key's counter, without changing anything: JournalStore journals the
	 * result before it applies it with putCounter(). */
	nextCount(key: string, windowMs: number, now: number): { count: number; expiresAt: number } {
		const entry = this.live(key, now);
		if (entry === undefined) return { count: 1, expiresAt: now + windowMs };
		// Same contract as Redis INCR: a key that holds a value is not a counter.
		if (entry.kind !== 'counter') throw new TypeError(`Key ${JSON.stringify(key)} holds a value, not a counter`);
		return { count: entry.count + 1, expiresAt: entry.expiresAt };
	}

	/** Stores a counter. An existing counter is changed in place, which keeps its place in the eviction order. */
	putCounter(key: string, count: number, expiresAt: number, durable: boolean): void {
		const entry = this.entries.get(key);
		if (entry?.kind === 'counter') {
			Object.assign(entry, { count, expiresAt, durable: entry.durable || durable });
			return;
		}
		this.insert(key, { kind: 'counter', count, expiresAt, durable });
	}

	/** Every live value and durable counter, oldest first: a full scan, for compaction only. */
	*liveDurableEntries(): Generator<StoredEntry> {
		const now = this.now();
		for (const [key, entry] of this.entries.entries()) {
			if (entry.expiresAt <= now) continue;
			if (entry.kind === 'value') yield { key, value: entry.value, expiresAt: entry.expiresAt };
			else if (entry.durable) yield { key, count: entry.count, expiresAt: entry.expiresAt };
		}
	}

	private live(key: string, now: number): Entry | undefined {
		this.sweep(now);
		const entry = this.entries.get(key);
		if (entry === undefined) return undefined;
		if (entry.expiresAt > now) return entry;
		this.entries.delete(key);
		return undefined;
	}

	private insert(key: string, entry: Entry): void {
		this.sweep(this.now());
		// A re-written key does not grow the store; set() moves it to the newest end.
		if (this.entries.get(key) === undefined && this.entries.size >= this.maxEntries) this.evictOldest();
		this.entries.set(key, entry);
	}

	/** The sweep that insert() just ran removed the oldest entry if it had expired, so this one is live. */
	private evictOldest(): void {
		for (const [key] of this.entries.oldest(1)) {
			this.entries.delete(key);
			this.evictions++;
		}
	}

	private sweep(now: number): void {
		for (const [key, entry] of this.entries.oldest(SWEEP_PER_OPERATION)) {
			if (entry.expiresAt <= now) this.entries.delete(key);
		}
	}
}
