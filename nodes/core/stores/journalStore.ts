import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { StringDecoder } from 'node:string_decoder';

import { assertDurationMs, assertIncrement } from './argumentChecks';
import { MemoryStore, type MemoryStoreOptions, type StoredEntry } from './memoryStore';
import { StoreUnavailableError } from './storeUnavailableError';
import type { ClaimResult, CounterResult, HooklineStore, ScannedEntry, StoreUsage } from './types';

/** One journal line: a value or a counter with its absolute expiry, or the removal of a key. */
type JournalRecord = { k: string; v: string; e: number } | { k: string; c: number; e: number } | { k: string; d: 1 };

/** Counters with a window at least this long (alert occurrences, hook health) are journaled; shorter ones
 * (one-minute rate limits) are not: a restart may reset them, and a disk write per request would cost more. */
const DURABLE_COUNTER_WINDOW_MS = 60 * 60 * 1000;

/** Compaction slack: a journal may hold this many lines beyond twice the live entries, or this many bytes beyond
 * twice the live data, before it is rewritten; so the journal stays within about twice the store's bounds. */
const COMPACTION_SLACK_LINES = 1000;
const COMPACTION_SLACK_BYTES = 16 * 1024 * 1024;

/**
 * A MemoryStore made durable across restarts by an append-only JSON-lines journal. Every accepted write
 * (a won claim, a set, a delete of a live key) is appended synchronously before the promise resolves, so a key
 * is on disk before the HTTP answer that depends on it, and the in-memory decision plus its journal line are
 * one uninterrupted step. Counters are journaled only when their window is long (see DURABLE_COUNTER_WINDOW_MS).
 */
export class JournalStore implements HooklineStore {
	private readonly memory: MemoryStore;
	private fd: number | undefined;
	private lines = 0;
	private fileBytes = 0;
	private compactionRetryAt = 0;

	constructor(
		readonly filePath: string,
		options: MemoryStoreOptions = {},
	) {
		this.memory = new MemoryStore(options);
		fs.mkdirSync(path.dirname(filePath), { recursive: true, mode: 0o700 });
		const skipped = this.replay();
		// A torn last line would glue itself to the next append; rewriting drops it along with any other junk.
		if (skipped > 0 || this.needsCompaction()) this.compact();
		else this.fd = fs.openSync(filePath, 'a', 0o600);
	}

	async claim(key: string, value: string, ttlMs: number): Promise<ClaimResult> {
		assertDurationMs('ttlMs', ttlMs);
		const existing = this.memory.lookup(key);
		if (existing !== undefined) return { claimed: false, value: existing };
		this.memory.ensureRoom(key, value);
		const expiresAt = this.memory.now() + ttlMs;
		this.write({ k: key, v: value, e: expiresAt }, () => this.memory.put(key, value, expiresAt));
		return { claimed: true, value };
	}

	async replace(key: string, expected: string, value: string, ttlMs: number): Promise<ClaimResult> {
		assertDurationMs('ttlMs', ttlMs);
		const existing = this.memory.lookup(key);
		if (existing !== undefined && existing !== expected) return { claimed: false, value: existing };
		this.memory.ensureRoom(key, value);
		const expiresAt = this.memory.now() + ttlMs;
		this.write({ k: key, v: value, e: expiresAt }, () => this.memory.put(key, value, expiresAt));
		return { claimed: true, value };
	}

	async deleteIfEquals(key: string, expected: string): Promise<boolean> {
		if (this.memory.lookup(key) !== expected) return false;
		this.write({ k: key, d: 1 }, () => this.memory.remove(key));
		return true;
	}

	async get(key: string): Promise<string | undefined> {
		return this.memory.lookup(key);
	}

	async set(key: string, value: string, ttlMs: number): Promise<void> {
		assertDurationMs('ttlMs', ttlMs);
		this.memory.ensureRoom(key, value);
		const expiresAt = this.memory.now() + ttlMs;
		this.write({ k: key, v: value, e: expiresAt }, () => this.memory.put(key, value, expiresAt));
	}

	async delete(key: string): Promise<boolean> {
		if (this.memory.lookup(key) === undefined) return false;
		this.write({ k: key, d: 1 }, () => this.memory.remove(key));
		return true;
	}

	async increment(key: string, windowMs: number, by = 1): Promise<CounterResult> {
		assertDurationMs('windowMs', windowMs);
		assertIncrement(by);
		if (windowMs < DURABLE_COUNTER_WINDOW_MS) return this.memory.increment(key, windowMs, by);
		const now = this.memory.now();
		const { count, expiresAt } = this.memory.nextCount(key, windowMs, now, by);
		this.memory.ensureRoom(key);
		this.write({ k: key, c: count, e: expiresAt }, () => this.memory.putCounter(key, count, expiresAt, true));
		return { count, resetInMs: expiresAt - now };
	}

	async scan(prefix: string): Promise<ScannedEntry[]> {
		return this.memory.scan(prefix);
	}

	async close(): Promise<void> {
		if (this.fd === undefined) return;
		fs.closeSync(this.fd);
		this.fd = undefined;
		await this.memory.close();
	}

	get closed(): boolean {
		return this.fd === undefined;
	}

	usage(): StoreUsage {
		return this.memory.usage();
	}

	stats(): ReturnType<MemoryStore['stats']> & { journalLines: number; journalBytes: number } {
		return { ...this.memory.stats(), journalLines: this.lines, journalBytes: this.fileBytes };
	}

	/** Loads the journal into memory, read in chunks so that its size is bounded by the disk, not by the longest
	 * string V8 can make; returns how many lines were unreadable (a torn write, manual edits). */
	private replay(): number {
		// One instance per file (see localStore.ts), so nothing can remove the file between these two calls.
		if (!fs.existsSync(this.filePath)) return 0;
		const fd = fs.openSync(this.filePath, 'r');
		const now = this.memory.now();
		const decoder = new StringDecoder('utf8');
		const buffer = Buffer.allocUnsafe(1 << 20);
		let skipped = 0;
		let pending = '';
		try {
			for (let read = fs.readSync(fd, buffer); read > 0; read = fs.readSync(fd, buffer)) {
				this.fileBytes += read;
				const lines = (pending + decoder.write(buffer.subarray(0, read))).split('\n');
				pending = lines.pop() ?? '';
				for (const line of lines) if (line !== '' && !this.replayLine(line, now)) skipped++;
			}
		} finally {
			fs.closeSync(fd);
		}
		pending += decoder.end();
		// A last line without its newline is a write torn by a crash: never applied, whatever it holds.
		if (pending !== '') {
			this.lines++;
			skipped++;
		}
		return skipped;
	}

	/** Applies one journal line; false when it cannot be read. */
	private replayLine(line: string, now: number): boolean {
		this.lines++;
		const record = parseRecord(line);
		if (record === undefined) return false;
		if ('d' in record || record.e <= now) this.memory.remove(record.k);
		else if ('c' in record) this.memory.restore(record.k, { key: record.k, count: record.c, expiresAt: record.e });
		else this.memory.restore(record.k, { key: record.k, value: record.v, expiresAt: record.e });
		return true;
	}

	/** Journals a record, then applies it in memory. A failed write rejects and changes nothing; compaction runs
	 * only after the change is in memory, or the rewrite would leave the new record out. */
	private write(record: JournalRecord, apply: () => void): void {
		if (this.fd === undefined) throw new StoreUnavailableError(`The local store ${this.filePath} is closed`);
		const line = `${JSON.stringify(record)}\n`;
		try {
			fs.appendFileSync(this.fd, line);
		} catch (error) {
			throw writeError(this.filePath, error);
		}
		this.lines++;
		this.fileBytes += Buffer.byteLength(line);
		apply();
		if (this.needsCompaction() && this.lines >= this.compactionRetryAt) {
			try {
				this.compact();
			} catch {
				// The write above is durable; a journal that cannot be rewritten now (disk full) only grows, and
				// the rewrite is tried again after another slack's worth of lines rather than on every write.
				this.compactionRetryAt = this.lines + COMPACTION_SLACK_LINES;
			}
		}
	}

	private needsCompaction(): boolean {
		const { size, bytes } = this.memory.stats();
		return this.lines > 2 * size + COMPACTION_SLACK_LINES || this.fileBytes > 2 * bytes + COMPACTION_SLACK_BYTES;
	}

	/** Rewrites the live values to a temporary file and renames it over the journal: a crash at any point leaves
	 * either the old journal or the new one, never a mix. */
	private compact(): void {
		// Unique per write, not per process: two n8n processes sharing a user folder may have the same pid in
		// their own containers.
		const tempPath = `${this.filePath}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
		let lines = 0;
		let written = 0;
		let renamed = false;
		try {
			const tempFd = fs.openSync(tempPath, 'w', 0o600);
			try {
				let chunk = '';
				for (const entry of this.memory.liveDurableEntries()) {
					chunk += `${JSON.stringify(toRecord(entry))}\n`;
					lines++;
					if (chunk.length >= 1 << 16) {
						written += fs.writeSync(tempFd, chunk);
						chunk = '';
					}
				}
				written += fs.writeSync(tempFd, chunk);
				fs.fsyncSync(tempFd);
			} finally {
				fs.closeSync(tempFd);
			}
			fs.renameSync(tempPath, this.filePath);
			renamed = true;
		} finally {
			if (!renamed) fs.rmSync(tempPath, { force: true });
		}
		this.lines = lines;
		this.fileBytes = written;
		// The old descriptor points at the replaced file, where appends would be lost. Should reopening fail, the
		// store reads as closed: writes reject (503) and openLocalStore() replaces it with one that replays.
		if (this.fd !== undefined) fs.closeSync(this.fd);
		this.fd = undefined;
		this.fd = fs.openSync(this.filePath, 'a', 0o600);
	}
}

function writeError(filePath: string, error: unknown): StoreUnavailableError {
	return new StoreUnavailableError(`Cannot write the local store ${filePath}: ${(error as Error).message}`, {
		cause: error,
	});
}

function toRecord(entry: StoredEntry): JournalRecord {
	return 'count' in entry
		? { k: entry.key, c: entry.count, e: entry.expiresAt }
		: { k: entry.key, v: entry.value, e: entry.expiresAt };
}

function parseRecord(line: string): JournalRecord | undefined {
	let parsed: unknown;
	try {
		parsed = JSON.parse(line);
	} catch {
		return undefined;
	}
	if (typeof parsed !== 'object' || parsed === null) return undefined;
	const record = parsed as Record<string, unknown>;
	if (typeof record.k !== 'string') return undefined;
	if (record.d === 1) return { k: record.k, d: 1 };
	if (typeof record.e !== 'number') return undefined;
	if (typeof record.v === 'string') return { k: record.k, v: record.v, e: record.e };
	if (Number.isSafeInteger(record.c)) return { k: record.k, c: record.c as number, e: record.e };
	return undefined;
}
