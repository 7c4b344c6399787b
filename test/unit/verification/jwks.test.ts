import { createJwksCache, type FetchJson, type KeySetLookup } from '../../../nodes/core/verification';
import { getJson, newSigningKey, startJwksServer, type SigningKey } from '../../support/jwksServer';

const URL_A = 'https://keys.example/a';

/** A fetch the test answers by hand, recording each call and its signal. */
function scriptedFetch() {
	const calls: { url: string; signal: AbortSignal; answer: (json: unknown) => void; fail: () => void }[] = [];
	const fetchJson: FetchJson = (url, signal) =>
		new Promise((resolve, reject) =>
			calls.push({ url, signal, answer: resolve, fail: () => reject(new Error('down')) }),
		);
	return { calls, fetchJson };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('createJwksCache', () => {
	let key: SigningKey;
	let set: { keys: unknown[] };
	let clock: number;
	const now = () => clock;

	beforeAll(async () => {
		key = await newSigningKey('ES256', 'k1');
		set = { keys: [key.jwk] };
	});
	beforeEach(() => {
		clock = 0;
	});

	it('fetches a URL once and serves it from the cache until it is ten minutes old', async () => {
		let fetches = 0;
		const cache = createJwksCache(
			async () => {
				fetches += 1;
				return set;
			},
			{ now },
		);
		expect(await cache.get(URL_A)).toMatchObject({ ok: true });
		clock += 10 * 60_000 - 1;
		expect(await cache.get(URL_A)).toMatchObject({ ok: true });
		expect(fetches).toBe(1);
		clock += 1;
		expect(await cache.get(URL_A)).toMatchObject({ ok: true });
		expect(fetches).toBe(2);
	});

	it('gives concurrent requests one shared fetch', async () => {
		const { calls, fetchJson } = scriptedFetch();
		const cache = createJwksCache(fetchJson, { now });
		const pending = [cache.get(URL_A), cache.get(URL_A), cache.refresh(URL_A)];
		await settle();
		expect(calls).toHaveLength(1);
		calls[0].answer(set);
		const results = await Promise.all(pending);
		expect(results.map((result) => result?.ok)).toEqual([true, true, true]);
	});

	it('refreshes at most once per refresh interval', async () => {
		let fetches = 0;
		const cache = createJwksCache(
			async () => {
				fetches += 1;
				return set;
			},
			{ now },
		);
		await cache.get(URL_A);
		expect(await cache.refresh(URL_A)).toBeUndefined();
		clock += 30_000;
		expect(await cache.refresh(URL_A)).toMatchObject({ ok: true });
		expect(await cache.refresh(URL_A)).toBeUndefined();
		expect(fetches).toBe(2);
	});

	it('keeps using a stale set when fetching it again fails, and does not retry on every request', async () => {
		let fetches = 0;
		let up = true;
		const cache = createJwksCache(
			async () => {
				fetches += 1;
				if (!up) throw new Error('down');
				return set;
			},
			{ now },
		);
		const first = await cache.get(URL_A);
		up = false;
		clock += 11 * 60_000;
		const stale = await cache.get(URL_A);
		expect(stale).toEqual(first);
		expect(await cache.get(URL_A)).toEqual(first);
		expect(fetches).toBe(2);
		// A token naming a key the stale set lacks cannot be checked: the sender should retry.
		clock += 30_000;
		expect(await cache.refresh(URL_A)).toEqual({ ok: false });
		// A day after its last good fetch the set is no longer trusted.
		clock += 24 * 60 * 60_000;
		expect(await cache.get(URL_A)).toEqual({ ok: false });
		expect(await cache.get(URL_A)).toEqual({ ok: false });
		up = true;
		clock += 30_000;
		expect(await cache.get(URL_A)).toMatchObject({ ok: true });
	});

	it('waits a few seconds before fetching again a URL that has never answered', async () => {
		let fetches = 0;
		const cache = createJwksCache(
			async () => {
				fetches += 1;
				throw new Error('down');
			},
			{ now },
		);
		expect(await cache.get(URL_A)).toEqual({ ok: false });
		expect(await cache.get(URL_A)).toEqual({ ok: false });
		expect(fetches).toBe(1);
		clock += 5_000;
		expect(await cache.get(URL_A)).toEqual({ ok: false });
		expect(fetches).toBe(2);
	});

	it.each([
		['not an object', 'keys'],
		['no keys member', { kid: 'x' }],
		['keys not an array', { keys: {} }],
		['no keys', { keys: [] }],
		['a key without kty', { keys: [{ kid: 'x' }] }],
		['a key that is not an object', { keys: ['x'] }],
		['more than 50 keys', { keys: Array.from({ length: 51 }, (_, i) => ({ kty: 'RSA', kid: String(i) })) }],
	])('refuses a key set with %s', async (_label, json) => {
		const cache = createJwksCache(async () => json, { now });
		expect(await cache.get(URL_A)).toEqual({ ok: false });
	});

	it('reports a fetch that outlasts the timeout as unavailable, aborting it, even if the fetch ignores the abort', async () => {
		const { calls, fetchJson } = scriptedFetch();
		const cache = createJwksCache(fetchJson, { timeoutMs: 50 });
		const started = Date.now();
		expect(await cache.get(URL_A)).toEqual({ ok: false });
		expect(Date.now() - started).toBeLessThan(1000);
		expect(calls[0].signal.aborted).toBe(true);
	});

	it('reports a fetch that throws at once as unavailable', async () => {
		const cache = createJwksCache(() => {
			throw new Error('sync');
		});
		expect(await cache.get(URL_A)).toEqual({ ok: false });
	});

	it('keeps a bounded number of URLs, dropping the least recently used', async () => {
		const fetched: string[] = [];
		const cache = createJwksCache(
			async (url) => {
				fetched.push(url);
				return set;
			},
			{ now },
		);
		const url = (n: number) => `https://keys.example/${n}`;
		for (let n = 0; n < 64; n++) await cache.get(url(n));
		await cache.get(url(0));
		await cache.get(url(64));
		await cache.get(url(0));
		expect(fetched).toHaveLength(65);
		await cache.get(url(1));
		expect(fetched).toHaveLength(66);
	});

	describe('over HTTP', () => {
		it.each([
			['answers 500', 'error'],
			['answers invalid JSON', 'invalidJson'],
			['never answers', 'hang'],
		] as const)('reports unavailable when the key server %s', async (_label, behaviour) => {
			const server = await startJwksServer([key.jwk]);
			server.behaviour = behaviour;
			try {
				const result: KeySetLookup = await createJwksCache(getJson, { timeoutMs: 200 }).get(server.url);
				expect(result).toEqual({ ok: false });
			} finally {
				await server.close();
			}
		});

		it('reports unavailable when nothing listens', async () => {
			const server = await startJwksServer([key.jwk]);
			await server.close();
			expect(await createJwksCache(getJson).get(server.url)).toEqual({ ok: false });
		});
	});
});
