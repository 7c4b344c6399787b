import * as net from 'node:net';

import { Redis } from 'ioredis';

import { RedisStore } from '../../../nodes/core/stores/redisStore';
import { StoreUnavailableError } from '../../../nodes/core/stores/storeUnavailableError';
import { startRedis, type RedisServer } from '../../support/redisServer';

jest.setTimeout(30_000);

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** How long a promise takes to settle, and how. */
async function timed<T>(promise: Promise<T>): Promise<{ ms: number; error?: unknown; value?: T }> {
	const startedAt = performance.now();
	try {
		const value = await promise;
		return { ms: performance.now() - startedAt, value };
	} catch (error) {
		return { ms: performance.now() - startedAt, error };
	}
}

describe('RedisStore against a real redis-server', () => {
	let server: RedisServer;
	let raw: Redis;
	const stores: RedisStore[] = [];
	let prefixCounter = 0;
	/** A store with its own connection and, unless given, a prefix no other test uses. */
	const store = (keyPrefix = `test${++prefixCounter}:`) => {
		const created = new RedisStore({ host: '127.0.0.1', port: server.port }, keyPrefix);
		stores.push(created);
		return created;
	};

	beforeAll(async () => {
		server = await startRedis();
		raw = new Redis({ host: '127.0.0.1', port: server.port });
	});

	afterAll(async () => {
		await Promise.all(stores.map((created) => created.close()));
		await raw.quit();
		await server.stop();
	});

	it('lets exactly one of 200 concurrent claims from 4 connections win, every time', async () => {
		const connections = [1, 2, 3, 4].map(() => store('race:'));
		for (let round = 0; round < 5; round++) {
			const results = await Promise.all(
				Array.from({ length: 200 }, (_, i) =>
					connections[i % 4].claim(`key${round}`, `delivery-${round}-${i}`, 60_000),
				),
			);
			const winners = results.filter((result) => result.claimed);
			expect(winners).toHaveLength(1);
			expect(new Set(results.map((result) => result.value))).toEqual(new Set([winners[0].value]));
			expect(await raw.get(`race:key${round}`)).toBe(winners[0].value);
		}
	});

	it('honours the TTL of a claim and of a set', async () => {
		const s = store();
		expect(await s.claim('k', 'first', 300)).toEqual({ claimed: true, value: 'first' });
		expect(await s.claim('k', 'second', 300)).toEqual({ claimed: false, value: 'first' });
		await s.set('v', 'x', 300);
		const ttl = await raw.pttl(`test${prefixCounter}:v`);
		expect(ttl).toBeGreaterThan(0);
		expect(ttl).toBeLessThanOrEqual(300);
		await delay(400);
		expect(await s.get('v')).toBeUndefined();
		expect(await s.claim('k', 'third', 300)).toEqual({ claimed: true, value: 'third' });
	});

	it('gets, sets and deletes plainly', async () => {
		const s = store();
		expect(await s.get('missing')).toBeUndefined();
		await s.set('k', 'one', 60_000);
		await s.set('k', 'two', 60_000);
		expect(await s.get('k')).toBe('two');
		expect(await s.delete('k')).toBe(true);
		expect(await s.delete('k')).toBe(false);
		expect(await s.get('k')).toBeUndefined();
	});

	it('counts in a fixed window that starts on the first hit and then resets', async () => {
		const s = store();
		const first = await s.increment('c', 500);
		expect(first.count).toBe(1);
		expect(first.resetInMs).toBeGreaterThan(400);
		expect(first.resetInMs).toBeLessThanOrEqual(500);
		await delay(100);
		const second = await s.increment('c', 500);
		expect(second.count).toBe(2);
		// Later hits do not move the window's end.
		expect(second.resetInMs).toBeLessThan(first.resetInMs - 50);
		expect((await s.increment('c', 500)).count).toBe(3);
		await delay(second.resetInMs + 50);
		const next = await s.increment('c', 500);
		expect(next.count).toBe(1);
		expect(next.resetInMs).toBeGreaterThan(400);
	});

	it('gives a counter that lost its expiry a window again', async () => {
		const s = store();
		await raw.set(`test${prefixCounter}:c`, '5');
		expect(await s.increment('c', 10_000)).toEqual({ count: 6, resetInMs: 10_000 });
		expect(await raw.pttl(`test${prefixCounter}:c`)).toBeGreaterThan(9_000);
	});

	it('namespaces every key by its prefix', async () => {
		const a = store('tenant-a:');
		const b = store('tenant-b:');
		expect(await a.claim('same', 'from-a', 60_000)).toEqual({ claimed: true, value: 'from-a' });
		expect(await b.claim('same', 'from-b', 60_000)).toEqual({ claimed: true, value: 'from-b' });
		await a.increment('counter', 60_000);
		expect(await raw.get('tenant-a:same')).toBe('from-a');
		expect(await raw.get('tenant-b:same')).toBe('from-b');
		expect(await raw.get('tenant-a:counter')).toBe('1');
		expect(await raw.exists('same', 'counter', 'tenant-b:counter')).toBe(0);
	});

	it('scans only under its own key prefix, even one with glob characters, and strips it', async () => {
		const weird = store('we[i]rd*:');
		const plain = store('weird:');
		await weird.set('k', 'mine', 60_000);
		await plain.set('k', 'not mine', 60_000);
		await raw.rpush('we[i]rd*:list', 'x');
		expect(await weird.scan('')).toEqual([{ key: 'k', value: 'mine' }]);
		expect(await plain.scan('')).toEqual([{ key: 'k', value: 'not mine' }]);
	});

	it("passes a key of the wrong type through as Redis's own error, not as unavailability", async () => {
		const s = store();
		await raw.rpush(`test${prefixCounter}:list`, 'x');
		const { error } = await timed(s.claim('list', 'v', 60_000));
		expect(error).toBeInstanceOf(Error);
		expect(error).not.toBeInstanceOf(StoreUnavailableError);
		expect((error as Error).message).toMatch(/WRONGTYPE/);
	});

	it('uses a client it is given, and quits it on close()', async () => {
		const client = new Redis({ host: '127.0.0.1', port: server.port, lazyConnect: true });
		const s = new RedisStore(client, 'given:');
		expect(await s.claim('k', 'v', 60_000)).toEqual({ claimed: true, value: 'v' });
		expect(await raw.get('given:k')).toBe('v');
		await s.close();
		expect(client.status).toBe('end');
		const { error, ms } = await timed(s.get('k'));
		expect(error).toBeInstanceOf(StoreUnavailableError);
		expect(ms).toBeLessThan(100);
	});
});

describe('RedisStore when Redis is down', () => {
	it('rejects quickly once the server stops, and recovers when it is back', async () => {
		const server = await startRedis();
		const s = new RedisStore({ host: '127.0.0.1', port: server.port }, 'outage:');
		try {
			expect(await s.claim('before', 'v', 60_000)).toEqual({ claimed: true, value: 'v' });
			await server.stop();

			const operations: Array<() => Promise<unknown>> = [
				() => s.claim('k', 'v', 60_000),
				() => s.increment('c', 60_000),
				() => s.get('k'),
			];
			for (const operation of operations) {
				const { error, ms } = await timed(operation());
				expect(error).toBeInstanceOf(StoreUnavailableError);
				expect((error as Error).message).toContain(`127.0.0.1:${server.port}`);
				expect(ms).toBeLessThan(3000);
			}

			await server.restart();
			let recovered = false;
			for (let attempt = 0; attempt < 50 && !recovered; attempt++) {
				recovered = (await timed(s.claim('after', 'v', 60_000))).error === undefined;
				if (!recovered) await delay(100);
			}
			expect(recovered).toBe(true);
		} finally {
			await s.close();
			await server.stop();
		}
	});

	it('reports a wrong password as unavailability that names the cause', async () => {
		const server = await startRedis();
		const admin = new Redis({ host: '127.0.0.1', port: server.port });
		await admin.config('SET', 'requirepass', 'right');
		const wrong = new RedisStore({ host: '127.0.0.1', port: server.port, password: 'wrong' }, 'auth:');
		const right = new RedisStore({ host: '127.0.0.1', port: server.port, password: 'right' }, 'auth:');
		try {
			const { error, ms } = await timed(wrong.claim('k', 'v', 60_000));
			expect(error).toBeInstanceOf(StoreUnavailableError);
			expect((error as Error).message).toMatch(/WRONGPASS/);
			expect(ms).toBeLessThan(3000);
			expect(await right.claim('k', 'v', 60_000)).toEqual({ claimed: true, value: 'v' });
		} finally {
			await Promise.all([wrong.close(), right.close()]);
			admin.disconnect();
			await server.stop();
		}
	});

	it('rejects the first operation when nothing listens on the port', async () => {
		const port = await new Promise<number>((resolve) => {
			const probe = net.createServer().listen(0, '127.0.0.1', () => {
				const { port: free } = probe.address() as net.AddressInfo;
				probe.close(() => resolve(free));
			});
		});
		const s = new RedisStore({ host: '127.0.0.1', port }, 'nobody:');
		try {
			const { error, ms } = await timed(s.claim('k', 'v', 60_000));
			expect(error).toBeInstanceOf(StoreUnavailableError);
			expect((error as Error).message).toMatch(/ECONNREFUSED/);
			expect(ms).toBeLessThan(3000);
		} finally {
			await s.close();
		}
	});

	it('rejects within the connect timeout when the server accepts but never answers', async () => {
		const sockets: net.Socket[] = [];
		const silent = net.createServer((socket) => sockets.push(socket));
		await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
		const { port } = silent.address() as net.AddressInfo;
		const s = new RedisStore({ host: '127.0.0.1', port, connectTimeoutMs: 500, commandTimeoutMs: 500 }, 'silent:');
		try {
			const { error, ms } = await timed(s.claim('k', 'v', 60_000));
			expect(error).toBeInstanceOf(StoreUnavailableError);
			expect(ms).toBeGreaterThanOrEqual(450);
			expect(ms).toBeLessThan(2000);
		} finally {
			await s.close();
			for (const socket of sockets) socket.destroy();
			await new Promise((resolve) => silent.close(resolve));
		}
	});
});
