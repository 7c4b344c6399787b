/** The key-value contract the triggers' idempotency, rate limit and alert state rely on. Implementations:
 * MemoryStore (one process), JournalStore (MemoryStore made durable on disk), RedisStore (shared). */

/** `value` is ours when claimed, else the value already stored (e.g. the first delivery's id). */
export interface ClaimResult {
	claimed: boolean;
	value: string;
}

export interface CounterResult {
	count: number;
	resetInMs: number;
}

/** One live key found by scan(); a counter reads as its decimal count. */
export interface ScannedEntry {
	key: string;
	value: string;
}

/** How full a store is, for people reading a health record: the local store's live keys and their size against
 * its bounds (`bytes` in the unit of `maxBytes`; `full` once a bound is reached or a write was refused in the
 * last minute); of Redis only its kind, as its figures would cost a round trip and are Redis's to report. */
export type StoreUsage =
	| { kind: 'local'; entries: number; maxEntries: number; bytes: number; maxBytes: number; full: boolean }
	| { kind: 'redis' };

export interface HooklineStore {
	/** Atomic put-if-absent with a time to live: of concurrent claims of one key exactly one wins. */
	claim(key: string, value: string, ttlMs: number): Promise<ClaimResult>;
	/** Atomic compare-and-set: when the key is absent or holds `expected`, it takes `value` for `ttlMs`
	 * (claimed); otherwise nothing changes and the value held is reported. Turns a pending claim into a final one
	 * without overwriting a key that someone else has claimed since. */
	replace(key: string, expected: string, value: string, ttlMs: number): Promise<ClaimResult>;
	/** Atomic compare-and-delete: removes the key only while it holds `expected`; resolves true when it did. */
	deleteIfEquals(key: string, expected: string): Promise<boolean>;
	get(key: string): Promise<string | undefined>;
	set(key: string, value: string, ttlMs: number): Promise<void>;
	/** Resolves true when a live key was removed. */
	delete(key: string): Promise<boolean>;
	/** Fixed-window counter: the first hit starts a window of `windowMs`, later hits only count; `by` (a whole
	 * number, default 1) adds several hits at once. */
	increment(key: string, windowMs: number, by?: number): Promise<CounterResult>;
	/** Every live key that starts with `prefix`, in no particular order. It walks the whole store, so it is for
	 * listings a user asks for (alerts of a namespace), never for a per-request decision. */
	scan(prefix: string): Promise<ScannedEntry[]>;
	/** What the store can tell of its size without a round trip; absent when it knows nothing. */
	usage?(): StoreUsage | undefined;
	close(): Promise<void>;
}
