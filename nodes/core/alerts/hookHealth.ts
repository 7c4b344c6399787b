import type { HooklineStore } from '../stores';
import { assertDurationMs } from '../stores/duration';

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
}

export interface HookHealthOptions {
	windowMs?: number;
	now?: () => number;
}

const DEFAULT_WINDOW_MS = 30 * 24 * 60 * 60 * 1000;
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

	constructor(
		private readonly store: HooklineStore,
		options: HookHealthOptions = {},
	) {
		this.windowMs = options.windowMs ?? DEFAULT_WINDOW_MS;
		assertDurationMs('windowMs', this.windowMs);
		this.now = options.now ?? Date.now;
	}

	async recordSuccess(scope: string): Promise<void> {
		const at = new Date(this.now()).toISOString();
		await Promise.all([
			this.store.increment(this.key(scope, 'successes'), this.windowMs),
			this.store.set(this.key(scope, 'lastSuccess'), at, this.windowMs),
		]);
	}

	/** `reason` is the caller's description of what failed, e.g. "unauthorized: The signature or token does not
	 * match the secret"; it must not quote the request. */
	async recordFailure(scope: string, reason: string): Promise<void> {
		const failure: LastFailure = { at: new Date(this.now()).toISOString(), error: cleanReason(reason) };
		await Promise.all([
			this.store.increment(this.key(scope, 'failures'), this.windowMs),
			this.store.set(this.key(scope, 'lastFailure'), JSON.stringify(failure), this.windowMs),
		]);
	}

	async readHealth(scope: string): Promise<HookHealthRecord> {
		const [successes, failures, lastSuccessAt, lastFailure] = await Promise.all([
			this.store.get(this.key(scope, 'successes')),
			this.store.get(this.key(scope, 'failures')),
			this.store.get(this.key(scope, 'lastSuccess')),
			this.store.get(this.key(scope, 'lastFailure')),
		]);
		const failure = parseFailure(lastFailure);
		const times = [lastSuccessAt, failure?.at].filter((time): time is string => time !== undefined);
		return {
			successCount: toCount(successes),
			failureCount: toCount(failures),
			lastFiredAt: times.sort().at(-1) ?? null,
			lastSuccessAt: lastSuccessAt ?? null,
			lastFailureAt: failure?.at ?? null,
			lastError: failure?.error ?? null,
		};
	}

	/** Scopes are URI-encoded so that one can never be a prefix of another's keys. */
	private key(scope: string, field: string): string {
		return `hook-health:${encodeURIComponent(scope)}:${field}`;
	}
}
