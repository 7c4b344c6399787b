import { Redis, ReplyError } from 'ioredis';

import { assertDurationMs, assertIncrement } from './argumentChecks';
import { StoreUnavailableError } from './storeUnavailableError';
import type { ClaimResult, CounterResult, HooklineStore, ScannedEntry, StoreUsage } from './types';

export interface RedisConnectionOptions {
	host: string;
	port: number;
	username?: string;
	password?: string;
	db?: number;
	tls?: boolean;
	/** Accept a server certificate that does not verify (self-signed): the credential's own switch. */
	tlsSkipVerify?: boolean;
	/** How long the first connection may take before operations fail (default 3000). */
	connectTimeoutMs?: number;
	/** How long one command may wait for its answer, e.g. from a frozen server (default 2000). */
	commandTimeoutMs?: number;
}

/** SET NX and, when the key is taken, the value that holds it, in one atomic round trip: a read-then-write from
 * the client would let two claimants both see the key free. */
const CLAIM_SCRIPT = `
if redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2], 'NX') then
	return {1, ARGV[1]}
end
return {0, redis.call('GET', KEYS[1])}
`;

/** SET when the key is absent or holds the expected value, else report what it holds; one atomic round trip. */
const REPLACE_SCRIPT = `
local held = redis.call('GET', KEYS[1])
if held == false or held == ARGV[1] then
	redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
	return {1, ARGV[2]}
end
return {0, held}
`;

/** DEL only while the key holds the expected value. */
const DELETE_IF_EQUALS_SCRIPT = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
	return redis.call('DEL', KEYS[1])
end
return 0
`;

/** INCR, then start the window when the key has no expiry: a new key, or one whose expiry was lost. */
const INCREMENT_SCRIPT = `
local count = redis.call('INCRBY', KEYS[1], ARGV[2])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
	redis.call('PEXPIRE', KEYS[1], ARGV[1])
	ttl = tonumber(ARGV[1])
end
return {count, ttl}
`;

/** Keys SCAN may look at per round trip: a hint that bounds how long one call blocks the server. */
const SCAN_COUNT = 500;

/** SCAN MATCH treats these as glob syntax; escaped, a prefix matches only itself. */
const escapeGlob = (text: string) => text.replace(/[\\*?[\]]/g, '\\$&');

/** The commands defineCommand adds to the client (ioredis types do not know them). */
interface ScriptCommands {
	hooklineClaim(key: string, value: string, ttlMs: number): Promise<[number, string | null]>;
	hooklineReplace(key: string, expected: string, value: string, ttlMs: number): Promise<[number, string]>;
	hooklineDeleteIfEquals(key: string, expected: string): Promise<number>;
	hooklineIncrement(key: string, windowMs: number, by: number): Promise<[number, number]>;
}

/**
 * The store shared by every n8n process in queue mode. Operations fail fast with a StoreUnavailableError
 * instead of queueing while Redis is unreachable, so a trigger can answer 503 and the sender retries later.
 * The store owns its client: close() ends it, whether it was given or created here.
 */
export class RedisStore implements HooklineStore {
	private readonly client: Redis;
	private readonly commands: ScriptCommands;
	private readonly readyTimeoutMs: number;
	private everReady: boolean;
	private lastError: Error | undefined;
	/** One wait for the first connection, shared by every operation that arrives meanwhile. */
	private firstConnection: Promise<void> | undefined;
	private closed = false;

	constructor(
		connection: Redis | RedisConnectionOptions,
		private readonly keyPrefix: string,
	) {
		this.client = connection instanceof Redis ? connection : createClient(connection);
		this.readyTimeoutMs = this.client.options.connectTimeout ?? 3000;
		this.everReady = this.client.status === 'ready';
		// Remembered for the error message; listening also keeps ioredis from printing every failed reconnect.
		this.client.on('error', (error: Error) => (this.lastError = error));
		this.client.on('ready', () => {
			this.everReady = true;
			this.lastError = undefined;
		});
		this.client.defineCommand('hooklineClaim', { numberOfKeys: 1, lua: CLAIM_SCRIPT });
		this.client.defineCommand('hooklineReplace', { numberOfKeys: 1, lua: REPLACE_SCRIPT });
		this.client.defineCommand('hooklineDeleteIfEquals', { numberOfKeys: 1, lua: DELETE_IF_EQUALS_SCRIPT });
		this.client.defineCommand('hooklineIncrement', { numberOfKeys: 1, lua: INCREMENT_SCRIPT });
		this.commands = this.client as unknown as ScriptCommands;
	}

	async claim(key: string, value: string, ttlMs: number): Promise<ClaimResult> {
		assertDurationMs('ttlMs', ttlMs);
		const [claimed, stored] = await this.run(() =>
			this.commands.hooklineClaim(this.keyPrefix + key, value, Math.ceil(ttlMs)),
		);
		return claimed === 1 ? { claimed: true, value } : { claimed: false, value: stored ?? '' };
	}

	async replace(key: string, expected: string, value: string, ttlMs: number): Promise<ClaimResult> {
		assertDurationMs('ttlMs', ttlMs);
		const [claimed, held] = await this.run(() =>
			this.commands.hooklineReplace(this.keyPrefix + key, expected, value, Math.ceil(ttlMs)),
		);
		return { claimed: claimed === 1, value: held };
	}

	async deleteIfEquals(key: string, expected: string): Promise<boolean> {
		return (await this.run(() => this.commands.hooklineDeleteIfEquals(this.keyPrefix + key, expected))) > 0;
	}

	async get(key: string): Promise<string | undefined> {
		return (await this.run(() => this.client.get(this.keyPrefix + key))) ?? undefined;
	}

	async set(key: string, value: string, ttlMs: number): Promise<void> {
		assertDurationMs('ttlMs', ttlMs);
		await this.run(() => this.client.set(this.keyPrefix + key, value, 'PX', Math.ceil(ttlMs)));
	}

	async delete(key: string): Promise<boolean> {
		return (await this.run(() => this.client.del(this.keyPrefix + key))) > 0;
	}

	async increment(key: string, windowMs: number, by = 1): Promise<CounterResult> {
		assertDurationMs('windowMs', windowMs);
		assertIncrement(by);
		const [count, resetInMs] = await this.run(() =>
			this.commands.hooklineIncrement(this.keyPrefix + key, Math.ceil(windowMs), by),
		);
		return { count, resetInMs };
	}

	async scan(prefix: string): Promise<ScannedEntry[]> {
		const pattern = `${escapeGlob(this.keyPrefix + prefix)}*`;
		// SCAN may return a key more than once; a map keeps one of each.
		const found = new Map<string, string>();
		let cursor = '0';
		do {
			const [next, keys] = await this.run(() => this.client.scan(cursor, 'MATCH', pattern, 'COUNT', SCAN_COUNT));
			cursor = next;
			if (keys.length === 0) continue;
			const values = await this.run(() => this.client.mget(keys));
			// null: the key expired since SCAN saw it (or is not a string, which is not ours).
			keys.forEach((key, i) => {
				const value = values[i];
				if (value !== null) found.set(key.slice(this.keyPrefix.length), value);
			});
		} while (cursor !== '0');
		return [...found].map(([key, value]) => ({ key, value }));
	}

	usage(): StoreUsage {
		return { kind: 'redis' };
	}

	async close(): Promise<void> {
		this.closed = true;
		const client = this.client;
		if (client.status === 'end') return;
		if (client.status === 'ready') {
			const ended = new Promise((resolve) => client.once('end', resolve));
			const quit = await client.quit().then(
				() => true,
				() => false,
			);
			// The server closes the connection after QUIT; waiting for that leaves no socket behind.
			if (quit) {
				await ended;
				return;
			}
		}
		// Not connected (or the server went away while quitting): drop the socket and stop reconnecting.
		client.disconnect();
	}

	/** Runs a command once the client is ready; failures become StoreUnavailableError (see classify). */
	private async run<T>(command: () => Promise<T>): Promise<T> {
		try {
			if (this.closed) throw new Error('the store is closed');
			await this.ready();
			return await command();
		} catch (error) {
			throw this.classify(error);
		}
	}

	/** A key of another type under our prefix is a configuration mistake (something else writes there) that no
	 * retry can fix, so it passes through as Redis said it. Everything else — no connection, a timeout, a server
	 * that is loading, read-only, out of memory or refuses our password — is the store being unavailable. */
	private classify(error: unknown): Error {
		if (error instanceof ReplyError && (error as Error).message.startsWith('WRONGTYPE')) return error as Error;
		const { host, port } = this.client.options;
		return new StoreUnavailableError(`Redis store at ${host}:${port} is unavailable: ${(error as Error).message}`, {
			cause: error,
		});
	}

	/** Waits for the first connection (bounded by the connect timeout); once an outage has begun, fails at once,
	 * since waiting for a reconnect would hold every webhook request for the whole retry delay. */
	private async ready(): Promise<void> {
		const client = this.client;
		if (client.status === 'ready') return;
		if (client.status === 'end') throw new Error('the connection is closed');
		if (this.everReady)
			throw new Error(`the connection is down${this.lastError ? ` (${this.lastError.message})` : ''}`);
		this.firstConnection ??= this.waitForConnection().finally(() => (this.firstConnection = undefined));
		await this.firstConnection;
	}

	private waitForConnection(): Promise<void> {
		const client = this.client;
		// A lazy client given by the caller: its connection errors arrive through the 'error' event below.
		if (client.status === 'wait') client.connect().catch(() => undefined);
		return new Promise<void>((resolve, reject) => {
			const settle = (error?: Error) => {
				clearTimeout(timer);
				client.off('ready', onReady).off('error', settle).off('end', onEnd);
				if (error) reject(error);
				else resolve();
			};
			const onReady = () => settle();
			const onEnd = () => settle(new Error('the connection is closed'));
			const timer = setTimeout(
				() => settle(new Error(`no connection after ${this.readyTimeoutMs} ms`)),
				this.readyTimeoutMs,
			);
			client.once('ready', onReady).once('error', settle).once('end', onEnd);
		});
	}
}

function createClient(options: RedisConnectionOptions): Redis {
	return new Redis({
		host: options.host,
		port: options.port,
		username: options.username || undefined,
		password: options.password || undefined,
		db: options.db ?? 0,
		tls: options.tls ? { rejectUnauthorized: options.tlsSkipVerify !== true } : undefined,
		connectTimeout: options.connectTimeoutMs ?? 3000,
		commandTimeout: options.commandTimeoutMs ?? 2000,
		// No queueing while disconnected, and no replay of commands cut off by a dropped connection: a replayed
		// INCR would count twice, a replayed claim would find its own key and report a duplicate.
		enableOfflineQueue: false,
		maxRetriesPerRequest: 0,
	});
}
