/** Key sets (JWKS) fetched from a sender's URL and cached, for the JWT scheme. */
import { createLocalJWKSet, type JWK } from 'jose';

/** The keys of one set, as jose resolves them from a token's header (by kid, alg and key type). */
export type KeySet = ReturnType<typeof createLocalJWKSet>;

export type KeySetLookup = { ok: true; keys: KeySet } | { ok: false };

export interface JwksProvider {
	/** The key set published at `url`: the cached one while it is young enough, else fetched. Never rejects. */
	get(url: string): Promise<KeySetLookup>;
	/** The set fetched again because a token names a key it lacks (the sender rotated its keys); undefined when
	 * it was fetched less than the refresh interval ago, since any forged `kid` would otherwise make every
	 * request another fetch. Never rejects. */
	refresh(url: string): Promise<KeySetLookup | undefined>;
}

export interface JwksCacheOptions {
	/** A fetch that takes longer is aborted and the key set reported unavailable: a request never hangs. */
	timeoutMs?: number;
	/** Least time between two fetches of a URL asked for by unknown keys or after a failed refresh. */
	refreshIntervalMs?: number;
	/** Age past which a cached set is fetched again before use. */
	maxAgeMs?: number;
	/** Least time between two fetches of a URL while none of its fetches has succeeded yet. */
	failureBackoffMs?: number;
	/** Age past which a set whose refresh keeps failing is no longer used: the key set is then unavailable. */
	staleLimitMs?: number;
	now?: () => number;
}

/** Fetches a URL's JSON; rejects on any network error, non-2xx answer, oversized or unparsable body. */
export type FetchJson = (url: string, signal: AbortSignal) => Promise<unknown>;

// Senders publish a handful of keys (Google two or three, Microsoft about ten); a larger set is refused rather
// than letting a keyless token be tried against each of thousands of keys.
const MAX_KEYS = 50;
// One entry per distinct jwksUrl in the workflows of this process; past this the least recently used goes.
const MAX_URLS = 64;

const DEFAULTS = {
	timeoutMs: 5_000,
	refreshIntervalMs: 30_000,
	maxAgeMs: 10 * 60_000,
	failureBackoffMs: 5_000,
	staleLimitMs: 24 * 60 * 60_000,
};

interface Entry {
	keys?: KeySet;
	fetchedAt: number;
	attemptedAt: number;
	failed: boolean;
	inFlight?: Promise<KeySetLookup>;
}

const UNAVAILABLE: KeySetLookup = { ok: false };

const isObject = (value: unknown): value is Record<string, unknown> =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

/** `{ keys: [...] }` with 1 to MAX_KEYS objects that each name a key type; anything else is no key set. */
function parseKeySet(json: unknown): KeySet | undefined {
	if (!isObject(json) || !Array.isArray(json.keys)) return undefined;
	const keys: unknown[] = json.keys;
	if (keys.length === 0 || keys.length > MAX_KEYS) return undefined;
	if (!keys.every((key) => isObject(key) && typeof key.kty === 'string')) return undefined;
	return createLocalJWKSet({ keys: keys as JWK[] });
}

/** Resolves with the fetched set or UNAVAILABLE, by the deadline at the latest even if `fetchJson` ignores
 * its signal. */
function fetchKeySet(fetchJson: FetchJson, url: string, timeoutMs: number): Promise<KeySetLookup> {
	const controller = new AbortController();
	return new Promise<KeySetLookup>((resolve) => {
		const timer = setTimeout(() => {
			controller.abort();
			resolve(UNAVAILABLE);
		}, timeoutMs);
		Promise.resolve()
			.then(() => fetchJson(url, controller.signal))
			.then(parseKeySet)
			.then(
				(keys) => (keys ? { ok: true as const, keys } : UNAVAILABLE),
				() => UNAVAILABLE,
			)
			.then((result) => {
				clearTimeout(timer);
				resolve(result);
			});
	});
}

export function createJwksCache(fetchJson: FetchJson, options: JwksCacheOptions = {}): JwksProvider {
	const settings = { ...DEFAULTS, ...options };
	const now = options.now ?? Date.now;
	const entries = new Map<string, Entry>();

	/** The URL's entry, moved to the most recently used end. */
	function touch(url: string): Entry {
		const entry = entries.get(url) ?? { fetchedAt: 0, attemptedAt: -Infinity, failed: false };
		entries.delete(url);
		entries.set(url, entry);
		if (entries.size > MAX_URLS) entries.delete(entries.keys().next().value as string);
		return entry;
	}

	/** One fetch per URL at a time: concurrent requests share it. */
	function start(url: string, entry: Entry): Promise<KeySetLookup> {
		entry.attemptedAt = now();
		entry.inFlight = fetchKeySet(fetchJson, url, settings.timeoutMs).then((result) => {
			entry.inFlight = undefined;
			entry.failed = !result.ok;
			if (result.ok) {
				entry.keys = result.keys;
				entry.fetchedAt = now();
			}
			return result;
		});
		return entry.inFlight;
	}

	// A set past its age whose refresh fails is still used: keys are rotated with an overlap (Google publishes
	// the next key well before signing with it), so yesterday's set still verifies today's tokens, while
	// refusing would turn a blip at the sender's key server into an outage of every webhook it sends. Not for
	// ever: whoever can keep the key server out of reach would otherwise keep a withdrawn key valid.
	const usable = (entry: Entry): entry is Entry & { keys: KeySet } =>
		entry.keys !== undefined && now() - entry.fetchedAt < settings.staleLimitMs;
	const orStale = (entry: Entry, result: KeySetLookup): KeySetLookup =>
		result.ok || !usable(entry) ? result : { ok: true, keys: entry.keys };

	async function get(url: string): Promise<KeySetLookup> {
		const entry = touch(url);
		const time = now();
		if (entry.keys && time - entry.fetchedAt < settings.maxAgeMs) return { ok: true, keys: entry.keys };
		if (entry.inFlight) return orStale(entry, await entry.inFlight);
		const sinceAttempt = time - entry.attemptedAt;
		if (usable(entry) && sinceAttempt < settings.refreshIntervalMs) return { ok: true, keys: entry.keys };
		if (!entry.keys && entry.failed && sinceAttempt < settings.failureBackoffMs) return UNAVAILABLE;
		return orStale(entry, await start(url, entry));
	}

	async function refresh(url: string): Promise<KeySetLookup | undefined> {
		const entry = touch(url);
		// A fetch under way is at least as new as one started now.
		if (entry.inFlight) return entry.inFlight;
		if (now() - entry.attemptedAt < settings.refreshIntervalMs) return undefined;
		return start(url, entry);
	}

	return { get, refresh };
}
