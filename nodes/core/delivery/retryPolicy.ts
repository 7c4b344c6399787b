import { BLOCKED_ADDRESS_CODE } from './guardedLookup';

export interface RetryPolicy {
	/** Attempts in total, the first one included. */
	maxAttempts: number;
	baseDelayMs: number;
	maxDelayMs: number;
	/** The longest wait a server's Retry-After may impose; longer requests are shortened to this. */
	maxRetryAfterMs: number;
	/** Fixed waits between attempts (a retry schedule): when present they replace the backoff, and the
	 * attempts are one more than the delays. */
	scheduleMs?: number[];
}

const DEFAULTS = { maxAttempts: 5, baseDelayMs: 1000, maxDelayMs: 60_000 };

/** Fills the defaults and rejects settings that can only be programmer errors. */
export function resolveRetryPolicy(overrides: Partial<RetryPolicy> = {}): RetryPolicy {
	const { scheduleMs } = overrides;
	if (scheduleMs !== undefined) {
		if (scheduleMs.length === 0 || scheduleMs.some((delay) => !Number.isFinite(delay) || delay < 0)) {
			throw new RangeError(`scheduleMs must hold at least one finite delay ≥ 0, got [${scheduleMs.join(', ')}]`);
		}
	}
	const maxAttempts = scheduleMs ? scheduleMs.length + 1 : (overrides.maxAttempts ?? DEFAULTS.maxAttempts);
	const baseDelayMs = overrides.baseDelayMs ?? DEFAULTS.baseDelayMs;
	const maxDelayMs = scheduleMs ? Math.max(...scheduleMs) : (overrides.maxDelayMs ?? DEFAULTS.maxDelayMs);
	const maxRetryAfterMs = overrides.maxRetryAfterMs ?? maxDelayMs;
	if (!Number.isInteger(maxAttempts) || maxAttempts < 1) {
		throw new RangeError(`maxAttempts must be an integer of at least 1, got ${maxAttempts}`);
	}
	for (const [name, value] of Object.entries({ baseDelayMs, maxDelayMs, maxRetryAfterMs })) {
		if (!Number.isFinite(value) || value < 0) throw new RangeError(`${name} must be a finite number ≥ 0, got ${value}`);
	}
	return { maxAttempts, baseDelayMs, maxDelayMs, maxRetryAfterMs, ...(scheduleMs ? { scheduleMs } : {}) };
}

/** Failures that no retry can cure: a malformed URL, a certificate the client will never trust, a destination
 * the network policy refuses. */
const PERMANENT_ERROR_CODES = new Set([
	BLOCKED_ADDRESS_CODE,
	'ERR_INVALID_URL',
	'ERR_INVALID_PROTOCOL',
	'ERR_INVALID_ARG_TYPE',
	'ERR_INVALID_HTTP_TOKEN',
	'ERR_INVALID_CHAR',
	'ERR_HTTP_INVALID_HEADER_VALUE',
	'DEPTH_ZERO_SELF_SIGNED_CERT',
	'SELF_SIGNED_CERT_IN_CHAIN',
	'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
	'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
]);

/** A response is retried for 408, 429 and 5xx only: any other 4xx will fail the same way again, and 2xx/3xx
 * are final answers. Without a response (network error, timeout) the attempt is retried unless the error
 * is a permanent one. */
export function isRetryable(outcome: { status?: number; errorCode?: string }): boolean {
	const { status, errorCode } = outcome;
	if (status !== undefined) return status === 408 || status === 429 || (status >= 500 && status <= 599);
	if (errorCode === undefined) return true;
	return !(
		PERMANENT_ERROR_CODES.has(errorCode) ||
		errorCode.startsWith('CERT_') ||
		errorCode.startsWith('ERR_TLS_CERT')
	);
}

/** Wait after failed attempt number `attempt` (1-based): base × 2^(attempt-1), capped at maxDelayMs, with
 * "equal jitter" — half the delay is kept, the other half is random — so a crowd of senders spreads out
 * while each still waits at least d/2 and at most d. */
export function backoffDelayMs(attempt: number, policy: RetryPolicy, random: () => number = Math.random): number {
	const delay = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
	return Math.round(delay / 2 + random() * (delay / 2));
}

const HTTP_DATE = /^(mon|tue|wed|thu|fri|sat|sun)/i;

/** Retry-After as milliseconds from `nowMs`: delta-seconds or an HTTP-date; undefined when unreadable, 0 when
 * the moment is already past. Only strings starting with a day name are read as dates, because Date.parse
 * would happily turn garbage such as "soon 1" into a moment. */
export function parseRetryAfter(value: string | string[] | undefined, nowMs: number): number | undefined {
	const text = (Array.isArray(value) ? value[0] : value)?.trim();
	if (!text) return undefined;
	if (/^-?\d+(\.\d+)?$/.test(text)) return Math.max(0, Math.round(Number(text) * 1000));
	if (!HTTP_DATE.test(text)) return undefined;
	const at = Date.parse(text);
	return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

/** The wait before the next attempt: the schedule's delay when there is one (exact, as the sender published
 * it), else the backoff. Retry-After is honoured for 429 and 503, the statuses that define it for retries, but
 * never shortens the wait and never exceeds maxRetryAfterMs (for a schedule, its longest delay). */
export function retryDelayMs(
	attempt: number,
	policy: RetryPolicy,
	outcome: { status: number | null; retryAfter?: string | string[] },
	nowMs: number,
	random: () => number = Math.random,
): number {
	const backoff = policy.scheduleMs
		? policy.scheduleMs[Math.min(attempt, policy.scheduleMs.length) - 1]
		: backoffDelayMs(attempt, policy, random);
	if (outcome.status !== 429 && outcome.status !== 503) return backoff;
	const retryAfter = parseRetryAfter(outcome.retryAfter, nowMs);
	return retryAfter === undefined ? backoff : Math.max(backoff, Math.min(retryAfter, policy.maxRetryAfterMs));
}
