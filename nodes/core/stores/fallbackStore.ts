import { StoreUnavailableError } from './storeUnavailableError';
import type { ClaimResult, CounterResult, HooklineStore, ScannedEntry, StoreUsage } from './types';

/** What a node does when its shared store (Redis) cannot answer: `fail` refuses (503, or a node error) so the
 * sender retries and nothing is accepted unchecked; `local` decides with this process's local store instead. */
export type UnavailableMode = 'fail' | 'local';

export interface FallbackOptions {
	mode: UnavailableMode;
	/** Opened only when first needed: a process whose Redis never fails never touches its local journal. */
	fallback: () => HooklineStore;
	/** Called at the first failure of this instance, e.g. to log it. */
	onUnavailable?: (error: StoreUnavailableError, mode: UnavailableMode) => void;
}

/**
 * The shared store with the user's choice for its outages, made for one request (a webhook call, a node run).
 * In `local` mode the first StoreUnavailableError switches every later operation of this instance to the local
 * store, so one decision never reads state written to the other store mid-way (an alert claimed in Redis whose
 * record went to the local store); the next request tries the shared store again. In `fail` mode the error
 * passes through. Any other error (a key of the wrong type) is a real fault and passes through in both modes,
 * as does a local store that fails too.
 */
export class FallbackStore implements HooklineStore {
	private failure: StoreUnavailableError | undefined;
	private local: HooklineStore | undefined;

	constructor(
		private readonly primary: HooklineStore,
		private readonly options: FallbackOptions,
	) {}

	/** Set once an operation was decided by the local store: what the node adds to its items. */
	get warning(): string | undefined {
		if (this.failure === undefined || this.options.mode !== 'local') return undefined;
		return (
			`${this.failure.message}. This n8n process decided with its local store instead ("If Redis Is Unavailable: ` +
			'Use Local Store"): duplicates, rate limits and alerts were checked only against this process until Redis is back.'
		);
	}

	claim(key: string, value: string, ttlMs: number): Promise<ClaimResult> {
		return this.call((store) => store.claim(key, value, ttlMs));
	}

	replace(key: string, expected: string, value: string, ttlMs: number): Promise<ClaimResult> {
		return this.call((store) => store.replace(key, expected, value, ttlMs));
	}

	deleteIfEquals(key: string, expected: string): Promise<boolean> {
		return this.call((store) => store.deleteIfEquals(key, expected));
	}

	get(key: string): Promise<string | undefined> {
		return this.call((store) => store.get(key));
	}

	set(key: string, value: string, ttlMs: number): Promise<void> {
		return this.call((store) => store.set(key, value, ttlMs));
	}

	delete(key: string): Promise<boolean> {
		return this.call((store) => store.delete(key));
	}

	increment(key: string, windowMs: number, by?: number): Promise<CounterResult> {
		return this.call((store) => store.increment(key, windowMs, by));
	}

	scan(prefix: string): Promise<ScannedEntry[]> {
		return this.call((store) => store.scan(prefix));
	}

	/** The store that decided this instance's operations: the local one once it took over. */
	usage(): StoreUsage | undefined {
		return (this.local ?? this.primary).usage?.();
	}

	/** Closes the shared store, as closing it directly would; the local store lives as long as the process. */
	async close(): Promise<void> {
		await this.primary.close();
	}

	private async call<T>(operation: (store: HooklineStore) => Promise<T>): Promise<T> {
		if (this.options.mode === 'fail' || this.failure === undefined) {
			const outcome = await operation(this.primary).then(
				(value) => ({ ok: true as const, value }),
				(error: unknown) => ({ ok: false as const, error }),
			);
			if (outcome.ok) return outcome.value;
			if (!(outcome.error instanceof StoreUnavailableError)) throw outcome.error;
			if (this.failure === undefined) this.options.onUnavailable?.(outcome.error, this.options.mode);
			this.failure = outcome.error;
			if (this.options.mode === 'fail') throw outcome.error;
		}
		this.local ??= this.options.fallback();
		return await operation(this.local);
	}
}

/** The warning a node adds to its items, if this store fell back. */
export function fallbackWarning(store: HooklineStore): string | undefined {
	return store instanceof FallbackStore ? store.warning : undefined;
}
