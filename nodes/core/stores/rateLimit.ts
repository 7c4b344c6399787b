import type { HooklineStore } from './types';

export type RateLimitDecision = { allowed: true; remaining: number } | { allowed: false; retryAfterSeconds: number };

/** Namespace of rate-limit counters, so they never meet idempotency keys or alert state in a shared store. */
const KEY_PREFIX = 'ratelimit:';
const WINDOW_MS = 60_000;

/** A fixed one-minute window per key: the first request opens it, the `perMinute + 1`-th is refused until it
 * closes. `perMinute` 0 turns the limit off without touching the store (`remaining` is then Infinity). */
export async function checkRateLimit(store: HooklineStore, key: string, perMinute: number): Promise<RateLimitDecision> {
	if (!Number.isInteger(perMinute) || perMinute < 0) {
		throw new RangeError(`perMinute must be a whole number of at least 0, got ${perMinute}`);
	}
	if (perMinute === 0) return { allowed: true, remaining: Number.POSITIVE_INFINITY };
	const { count, resetInMs } = await store.increment(KEY_PREFIX + key, WINDOW_MS);
	if (count <= perMinute) return { allowed: true, remaining: perMinute - count };
	// Retry-After is whole seconds; rounding down would invite a retry that is refused again.
	return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(resetInMs / 1000)) };
}
