import { createHash } from 'node:crypto';
import { homedir } from 'node:os';

import type { IExecuteFunctions, IPollFunctions, IWebhookFunctions } from 'n8n-workflow';

import {
	defaultLocalStorePath,
	localStoreBounds,
	openLocalStore,
	RedisStore,
	StoreUnavailableError,
	unavailableStore,
} from '../../core/stores';
import type { HooklineStore } from '../../core/stores';
import { FallbackStore, type UnavailableMode } from '../../core/stores/fallbackStore';

export type StoreKind = 'local' | 'redis';
export type { UnavailableMode };

/** n8n's built-in `redis` credential, as its node and queue mode use it. */
interface RedisCredential {
	host?: string;
	port?: number;
	user?: string;
	password?: string;
	database?: number;
	ssl?: boolean;
	disableTlsVerification?: boolean;
}

/**
 * One Redis connection per credential and process, reused by every request and workflow (a connection per
 * webhook call would cost more than the call). Keyed by the credential's id, so an edited credential replaces
 * its connection instead of leaving the old one open; the digest of the settings tells that it changed without
 * keeping the password as a key. Nothing closes them at deactivation: a connection serves every workflow of the
 * credential, and in queue mode the webhook processes that use it never hear of a deactivation. At process exit
 * the kernel closes the sockets; no write is pending then, since every one is awaited before a request is answered.
 */
const redisStores = new Map<string, { digest: string; store: RedisStore }>();

function redisStoreFor(credential: RedisCredential, credentialId: string | undefined): RedisStore {
	const options = {
		host: credential.host || '127.0.0.1',
		port: Number(credential.port) || 6379,
		username: credential.user || undefined,
		password: credential.password || undefined,
		db: Number(credential.database) || 0,
		tls: credential.ssl === true,
		tlsSkipVerify: credential.disableTlsVerification === true,
	};
	const digest = createHash('sha256').update(JSON.stringify(options)).digest('hex');
	const key = credentialId ?? digest;
	const known = redisStores.get(key);
	if (known?.digest === digest) return known.store;
	if (known) void known.store.close().catch(() => undefined);
	const store = new RedisStore(options, 'hookline:');
	redisStores.set(key, { digest, store });
	return store;
}

/** This instance's local store, or one that answers every operation with why it cannot be opened (a bad
 * HOOKLINE_LOCAL_STORE_MAX_* setting, an unwritable user folder): a 503 with the reason, never a 500. */
function localStore(): HooklineStore {
	try {
		return openLocalStore(defaultLocalStorePath(process.env, homedir()), localStoreBounds(process.env));
	} catch (error) {
		const reason = error instanceof Error ? error.message : String(error);
		return unavailableStore(
			error instanceof StoreUnavailableError
				? error
				: new StoreUnavailableError(`Cannot open the local store: ${reason}`, { cause: error }),
		);
	}
}

/** An outage touches every request; one log line a minute per mode tells the operator why (and what the nodes
 * do meanwhile) without flooding the log. */
const LOG_INTERVAL_MS = 60_000;
const lastLoggedAt = new Map<UnavailableMode, number>();

function logUnavailable(
	ctx: IWebhookFunctions | IExecuteFunctions | IPollFunctions,
	error: StoreUnavailableError,
	mode: UnavailableMode,
) {
	const now = Date.now();
	if (now - (lastLoggedAt.get(mode) ?? 0) < LOG_INTERVAL_MS) return;
	lastLoggedAt.set(mode, now);
	const consequence =
		mode === 'local'
			? 'Hookline decides with the local store of this n8n process until it is back ("If Redis Is Unavailable: Use Local Store")'
			: 'Hookline triggers answer 503 and Hookline Alert nodes fail until it is back ("If Redis Is Unavailable: Fail")';
	// The test mocks of n8n's contexts have no logger.
	ctx.logger?.warn(`${error.message}. ${consequence}`);
}

/** The store the node's `store` parameter chose: `local` (this n8n's durable journal under its user folder,
 * shared by all its workflows) or `redis` (n8n's own Redis credential, shared by every n8n process), with the
 * node's choice for a Redis outage: refuse (`fail`, the default) or decide locally (`local`; see
 * fallbackWarning for the item's warning). */
export async function openStore(
	ctx: IWebhookFunctions | IExecuteFunctions | IPollFunctions,
	kind: StoreKind,
	whenUnavailable: UnavailableMode = 'fail',
): Promise<HooklineStore> {
	if (kind !== 'redis') return localStore();
	const credential = await ctx.getCredentials<RedisCredential>('redis');
	const redis = redisStoreFor(credential, ctx.getNode().credentials?.redis?.id ?? undefined);
	return new FallbackStore(redis, {
		mode: whenUnavailable === 'local' ? 'local' : 'fail',
		fallback: localStore,
		onUnavailable: (error, mode) => logUnavailable(ctx, error, mode),
	});
}
