import { createHash } from 'node:crypto';
import { homedir } from 'node:os';

import type { IExecuteFunctions, IWebhookFunctions } from 'n8n-workflow';

import { defaultLocalStorePath, openLocalStore, RedisStore } from '../shared/stores';
import type { HooklineStore } from '../shared/stores';

export type StoreKind = 'local' | 'redis';

interface RedisCredential {
	host?: string;
	port?: number;
	user?: string;
	password?: string;
	database?: number;
	ssl?: boolean;
}

/** One Redis connection per distinct credential, reused by every request of the process (a connection per
 * webhook call would cost more than the call). Keyed by a digest so the password is not kept as a map key. */
const redisStores = new Map<string, RedisStore>();

function redisStoreFor(credential: RedisCredential): RedisStore {
	const options = {
		host: credential.host || '127.0.0.1',
		port: Number(credential.port) || 6379,
		username: credential.user || undefined,
		password: credential.password || undefined,
		db: Number(credential.database) || 0,
		tls: credential.ssl === true,
	};
	const key = createHash('sha256').update(JSON.stringify(options)).digest('hex');
	let store = redisStores.get(key);
	if (!store) {
		store = new RedisStore(options, 'hookline:');
		redisStores.set(key, store);
	}
	return store;
}

/** The store the node's `store` parameter chose: `local` (this n8n's durable journal under its user folder,
 * shared by all its workflows) or `redis` (n8n's own Redis credential, shared by every n8n process). */
export async function openStore(ctx: IWebhookFunctions | IExecuteFunctions, kind: StoreKind): Promise<HooklineStore> {
	if (kind === 'redis') {
		return redisStoreFor(await ctx.getCredentials<RedisCredential>('redis'));
	}
	return openLocalStore(defaultLocalStorePath(process.env, homedir()));
}
