import type { HooklineStore, StoreUsage } from '../stores';
import { assertDurationMs } from '../stores/argumentChecks';

/** What an n8n user sees of a hook's recent life, on every item: enough to tell a sender with the wrong token
 * from one that stopped sending, without server logs. Counts cover the window that began with the first
 * request in it (30 days by default) and then start again. */
export interface HookHealthRecord {
	successCount: number;
	failureCount: number;
	lastFiredAt: string | null;
	lastSuccessAt: string | null;
	lastFailureAt: string | null;
	lastError: string | null;
	/** The store's usage against its bounds (see StoreUsage): a hook refused 503 because the local store is full
	 * says so here. */
	store: StoreUsage | null;
}

export interface HookHealthOptions {
	windowMs?: number;
	now?: () => number;
	/** Failures held in memory between writes, shared by every request of this process (the n8n layer passes
	 * one per process); without it a HookHealth keeps its own. */
	tally?: FailureTally;
	/** Failures reach the store at most this often per hook; the first of a quiet hook goes at once. */
	failureFlushMs?: number;
}

/** Failures of each hook not yet written to the store. One entry per hook (trigger), so it is as bounded as the
 * workflows are: a flood of forged requests costs counting in memory, not a store write each. */
export type FailureTally = Map<string, { pending: number; last: LastFailure | undefined; flushedAt: number }>;

const DEFAULT_WINDOW_MS = 30 * 24 * 60 * 60 * 1000;
const DEFAULT_FAILURE_FLUSH_MS = 60_000;
const MAX_ERROR_LENGTH = 300;

/** The failure's time and reason in one value, so a reader never pairs one failure's time with another's reason. */
interface LastFailure {
	at: string;
	error: string;
}

/** One line, bounded: reasons come from the caller's own wording (never a body or a secret), this keeps a
 * careless one from flooding every item. */
function cleanReason(reason: string): string {
	const line = reason.replace(/\s+/g, ' ').trim() || 'unknown failure';
	return line.length > MAX_ERROR_LENGTH ? `${line.slice(0, MAX_ERROR_LENGTH - 1)}…` : line;
}

function parseFailure(value: string | undefined): LastFailure | undefined {
	if (value === undefined) return undefined;
	try {
		const parsed = JSON.parse(value) as Partial<LastFailure>;
		return typeof parsed.at === 'string' && typeof parsed.error === 'string'
			? { at: parsed.at, error: parsed.error }
			: undefined;
	} catch {
		return undefined;
	}
}

const toCount = (value: string | undefined) => (value === undefined ? 0 : Number(value) || 0);

/** Per-hook health in the store. Each field is its own key (counters are atomic increments), so concurrent
 * requests never overwrite each other's record. */
export class HookHealth {
	private readonly windowMs: number;
	private readonly now: () => number;
	private readonly tally: FailureTally;
	private readonly failureFlushMs: number;

	constructor(
		private readonly store: HooklineStore,
		options: HookHealthOptions = {},
	) {
		this.windowMs = options.windowMs ?? DEFAULT_WINDOW_MS;
		assertDurationMs('windowMs', this.windowMs);
		this.now = options.now ?? Date.now;
		this.tally = options.tally ?? new Map();
		this.failureFlushMs = options.failureFlushMs ?? DEFAULT_FAILURE_FLUSH_MS;
	}

	async recordSuccess(scope: string): Promise<void> {
		const at = new Date(this.now()).toISOString();
		await Promise.all([
			this.store.increment(this.key(scope, 'successes'), this.windowMs),
			this.store.set(this.key(scope, 'lastSuccess'), at, this.windowMs),
		]);
	}

	/** `reason` is the caller's description of what failed, e.g. "unauthorized: The signature or token does not
	 * match the secret"; it must not quote the request. Refusals are what a flood is made of, so they are counted
	 * in memory and written at most once per `failureFlushMs`: a forger cannot turn requests into disk writes. */
	async recordFailure(scope: string, reason: string): Promise<void> {
		const now = this.now();
		const entry = this.tally.get(scope) ?? { pending: 0, last: undefined, flushedAt: Number.NEGATIVE_INFINITY };
		this.tally.set(scope, entry);
		entry.pending++;
		entry.last = { at: new Date(now).toISOString(), error: cleanReason(reason) };
		if (now - entry.flushedAt < this.failureFlushMs) return;
		const { pending, last } = entry;
		entry.pending = 0;
		entry.flushedAt = now;
		await Promise.all([
			this.store.increment(this.key(scope, 'failures'), this.windowMs, pending),
			this.store.set(this.key(scope, 'lastFailure'), JSON.stringify(last), this.windowMs),
		]).catch((error: unknown) => {
			// Not written: kept for the next request to try again, so a store outage loses no count.
			entry.pending += pending;
			entry.flushedAt = Number.NEGATIVE_INFINITY;
			return Promise.reject(error);
		});
	}

	async readHealth(scope: string): Promise<HookHealthRecord> {
		const [successes, failures, lastSuccessAt, lastFailure] = await Promise.all([
			this.store.get(this.key(scope, 'successes')),
			this.store.get(this.key(scope, 'failures')),
			this.store.get(this.key(scope, 'lastSuccess')),
			this.store.get(this.key(scope, 'lastFailure')),
		]);
		// Failures still in memory are the newest: they add to the count and name the last error.
		const held = this.tally.get(scope);
		const failure = held?.pending ? held.last : parseFailure(lastFailure);
		const times = [lastSuccessAt, failure?.at].filter((time): time is string => time !== undefined);
		return {
			successCount: toCount(successes),
			failureCount: toCount(failures) + (held?.pending ?? 0),
			lastFiredAt: times.sort().at(-1) ?? null,
			lastSuccessAt: lastSuccessAt ?? null,
			lastFailureAt: failure?.at ?? null,
			lastError: failure?.error ?? null,
			store: this.store.usage?.() ?? null,
		};
	}

	/** Scopes are URI-encoded so that one can never be a prefix of another's keys. */
	private key(scope: string, field: string): string {
		return `hook-health:${encodeURIComponent(scope)}:${field}`;
	}
}
