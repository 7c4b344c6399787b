import { assertDurationMs, assertIncrement } from './argumentChecks';
import { ExpiryQueue, type ExpiryRecord } from './expiryQueue';
import { StoreFullError } from './storeFullError';
import type { ClaimResult, CounterResult, HooklineStore, ScannedEntry, StoreUsage } from './types';

export interface MemoryStoreOptions {
	/** Upper bound on stored keys. Expired keys make room first; a live key is never evicted: when every key is
	 * live, a write of a new key throws StoreFullError. */
	maxEntries?: number;
	/** Upper bound on the characters of live keys and values (plus a fixed cost per entry), so that a few huge
	 * values cannot take the process's memory (or, through the journal, its disk); refused like maxEntries. */
	maxBytes?: number;
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

/** The bounds unless a store is given its own. */
export const DEFAULT_MAX_ENTRIES = 1_000_000;
export const DEFAULT_MAX_BYTES = 256 * 1024 * 1024;

/** What an entry costs beyond its key's and value's characters (the map slot, the entry, its expiry record). */
const ENTRY_OVERHEAD = 64;

const costOf = (key: string, entry: { kind: 'value'; value: string } | { kind: 'counter' }) =>
	ENTRY_OVERHEAD + key.length + (entry.kind === 'value' ? entry.value.length : 0);

/** Expired entries removed from the earliest end on every operation: amortised cleanup without a full scan. */
const SWEEP_PER_OPERATION = 2;

/** How long a refused write keeps usage() saying `full`: a byte bound refuses a large value while smaller ones
 * still fit, so "refused lately" is what tells a reader the store is turning writes away. */
const FULL_AFTER_REFUSAL_MS = 60_000;

/** Stale expiry records tolerated beyond the live entries before the queue is rebuilt. */
const QUEUE_SLACK = 1024;

/**
 * An in-process store. Every decision is taken synchronously inside the method body, before any await, so two
 * concurrent calls in one process cannot interleave (Node runs one body at a time). Expiries sit in a min-heap,
 * so sweeping and making room always take the entry that ends first, in O(log n).
 */
export class MemoryStore implements HooklineStore {
	readonly now: () => number;
	private readonly maxEntries: number;
	private readonly maxBytes: number;
	private bytes = 0;
	private readonly entries = new Map<string, Entry>();
	private readonly expiries = new ExpiryQueue<Entry>();
	private refusals = 0;
	private lastRefusalAt = Number.NEGATIVE_INFINITY;

	constructor(options: MemoryStoreOptions = {}) {
		this.maxEntries = options.maxEntries ?? DEFAULT_MAX_ENTRIES;
		if (!Number.isInteger(this.maxEntries) || this.maxEntries < 1) {
			throw new RangeError(`maxEntries must be an integer of at least 1, got ${this.maxEntries}`);
		}
		this.maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
		if (!Number.isSafeInteger(this.maxBytes) || this.maxBytes < 1) {
			throw new RangeError(`maxBytes must be an integer of at least 1, got ${this.maxBytes}`);
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

	async replace(key: string, expected: string, value: string, ttlMs: number): Promise<ClaimResult> {
		assertDurationMs('ttlMs', ttlMs);
		const existing = this.lookup(key);
		if (existing !== undefined && existing !== expected) return { claimed: false, value: existing };
		this.put(key, value, this.now() + ttlMs);
		return { claimed: true, value };
	}

	async deleteIfEquals(key: string, expected: string): Promise<boolean> {
		return this.lookup(key) === expected && this.remove(key);
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

	async increment(key: string, windowMs: number, by = 1): Promise<CounterResult> {
		assertDurationMs('windowMs', windowMs);
		assertIncrement(by);
		const now = this.now();
		const { count, expiresAt } = this.nextCount(key, windowMs, now, by);
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
		this.expiries.clear();
		this.bytes = 0;
	}

	/** `refusals`: writes refused because the live entries filled a bound (each answered 503 + Retry-After). */
	stats(): { size: number; maxEntries: number; bytes: number; maxBytes: number; refusals: number } {
		const { maxEntries, bytes, maxBytes, refusals } = this;
		return { size: this.entries.size, maxEntries, bytes, maxBytes, refusals };
	}

	/** The live entries against the bounds, expired ones swept first: what the next write meets. */
	usage(): StoreUsage {
		const now = this.now();
		this.sweep(now, Number.POSITIVE_INFINITY);
		const { maxEntries, bytes, maxBytes } = this;
		const entries = this.entries.size;
		const full = entries >= maxEntries || bytes >= maxBytes || now - this.lastRefusalAt < FULL_AFTER_REFUSAL_MS;
		return { kind: 'local', entries, maxEntries, bytes, maxBytes, full };
	}

	// Synchronous core, public so that JournalStore can take a decision and write its journal line in one
	// uninterrupted step.

	/** The live value of a key (a counter reads as its decimal count, as in Redis). */
	lookup(key: string): string | undefined {
		const entry = this.live(key, this.now());
		if (entry === undefined) return undefined;
		return entry.kind === 'value' ? entry.value : String(entry.count);
	}

	/** Stores a value that expires at an absolute time; throws StoreFullError for a new key when every entry is
	 * live. */
	put(key: string, value: string, expiresAt: number): void {
		this.insert(key, { kind: 'value', value, expiresAt });
	}

	/** Throws StoreFullError if writing `value` (none for a counter) under `key` would be refused: JournalStore
	 * asks before it journals. Expired entries are swept first; a live one is never evicted. */
	ensureRoom(key: string, value?: string): void {
		const now = this.now();
		const existing = this.live(key, now);
		const grows = costOf(key, value === undefined ? { kind: 'counter' } : { kind: 'value', value });
		const shrinks = existing === undefined ? 0 : costOf(key, existing);
		const fits = () =>
			(existing !== undefined || this.entries.size < this.maxEntries) && this.bytes + grows - shrinks <= this.maxBytes;
		if (fits()) return;
		this.sweep(now, Number.POSITIVE_INFINITY);
		if (fits()) return;
		this.refusals++;
		this.lastRefusalAt = now;
		const earliest = this.expiries.peek()?.expiresAt ?? now + 1000;
		const bound =
			existing === undefined && this.entries.size >= this.maxEntries
				? `${this.maxEntries} live entries`
				: `${Math.round(this.maxBytes / 1024)} KiB of live keys and values`;
		throw new StoreFullError(bound, Math.max(1, Math.ceil((earliest - now) / 1000)));
	}

	/** Loads an entry from a journal without the bound: a lowered maxEntries must not lose live keys on restart
	 * (new writes are refused until enough of them expire). */
	restore(key: string, entry: StoredEntry): void {
		const stored: Entry =
			'count' in entry
				? { kind: 'counter', count: entry.count, expiresAt: entry.expiresAt, durable: true }
				: { kind: 'value', value: entry.value, expiresAt: entry.expiresAt };
		this.setEntry(key, stored);
		this.expiries.push({ key, expiresAt: stored.expiresAt, entry: stored });
	}

	/** Removes a key; true when it was live. */
	remove(key: string): boolean {
		const wasLive = this.live(key, this.now()) !== undefined;
		this.deleteEntry(key);
		return wasLive;
	}

	/** What increment() would make of a key's counter, without changing anything: JournalStore journals the
	 * result before it applies it with putCounter(). */
	nextCount(key: string, windowMs: number, now: number, by = 1): { count: number; expiresAt: number } {
		const entry = this.live(key, now);
		if (entry === undefined) return { count: by, expiresAt: now + windowMs };
		// Same contract as Redis INCR: a key that holds a value is not a counter.
		if (entry.kind !== 'counter') throw new TypeError(`Key ${JSON.stringify(key)} holds a value, not a counter`);
		return { count: entry.count + by, expiresAt: entry.expiresAt };
	}

	/** Stores a counter. An existing counter is changed in place; a new expiry is queued only if it moved. */
	putCounter(key: string, count: number, expiresAt: number, durable: boolean): void {
		const entry = this.entries.get(key);
		if (entry?.kind === 'counter') {
			const moved = entry.expiresAt !== expiresAt;
			Object.assign(entry, { count, expiresAt, durable: entry.durable || durable });
			if (moved) this.queue(key, entry);
			return;
		}
		this.insert(key, { kind: 'counter', count, expiresAt, durable });
	}

	/** Every live value and durable counter: a full scan, for compaction only. */
	*liveDurableEntries(): Generator<StoredEntry> {
		const now = this.now();
		for (const [key, entry] of this.entries.entries()) {
			if (entry.expiresAt <= now) continue;
			if (entry.kind === 'value') yield { key, value: entry.value, expiresAt: entry.expiresAt };
			else if (entry.durable) yield { key, count: entry.count, expiresAt: entry.expiresAt };
		}
	}

	private live(key: string, now: number): Entry | undefined {
		this.sweep(now, SWEEP_PER_OPERATION);
		const entry = this.entries.get(key);
		if (entry === undefined) return undefined;
		if (entry.expiresAt > now) return entry;
		this.deleteEntry(key);
		return undefined;
	}

	private insert(key: string, entry: Entry): void {
		this.ensureRoom(key, entry.kind === 'value' ? entry.value : undefined);
		this.setEntry(key, entry);
		this.queue(key, entry);
	}

	/** Every change to the map goes through these two, so `bytes` stays the cost of what is held. */
	private setEntry(key: string, entry: Entry): void {
		this.deleteEntry(key);
		this.entries.set(key, entry);
		this.bytes += costOf(key, entry);
	}

	private deleteEntry(key: string): void {
		const entry = this.entries.get(key);
		if (entry === undefined) return;
		this.entries.delete(key);
		this.bytes -= costOf(key, entry);
	}

	private queue(key: string, entry: Entry): void {
		this.expiries.push({ key, expiresAt: entry.expiresAt, entry });
		if (this.expiries.length > 2 * this.entries.size + QUEUE_SLACK) {
			this.expiries.rebuild(
				Array.from(this.entries, ([liveKey, live]) => ({ key: liveKey, expiresAt: live.expiresAt, entry: live })),
			);
		}
	}

	/** A record is current while its key still holds the same entry with the same expiry. */
	private current(record: ExpiryRecord<Entry>): boolean {
		return this.entries.get(record.key) === record.entry && record.entry.expiresAt === record.expiresAt;
	}

	/** Removes up to `limit` expired entries, earliest first; stale records on the way cost nothing more. */
	private sweep(now: number, limit: number): void {
		let removed = 0;
		for (let top = this.expiries.peek(); top !== undefined && removed < limit; top = this.expiries.peek()) {
			if (!this.current(top)) {
				this.expiries.pop();
				continue;
			}
			if (top.expiresAt > now) return;
			this.expiries.pop();
			this.deleteEntry(top.key);
			removed++;
		}
	}
}
