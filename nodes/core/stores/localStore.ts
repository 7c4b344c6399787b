import * as path from 'node:path';

import { JournalStore } from './journalStore';
import { DEFAULT_MAX_BYTES, DEFAULT_MAX_ENTRIES, type MemoryStoreOptions } from './memoryStore';
import { StoreUnavailableError } from './storeUnavailableError';

/** Kept on globalThis under a registered symbol, so that even two copies of this module loaded in one process
 * (two package versions, a bundler) share one instance per file: two writers would tear each other's lines. */
const REGISTRY = Symbol.for('n8n-nodes-hookline.localStores');

type Registry = Map<string, JournalStore>;

function registry(): Registry {
	const holder = globalThis as typeof globalThis & { [REGISTRY]?: Registry };
	holder[REGISTRY] ??= new Map();
	return holder[REGISTRY];
}

/** The `local` store of this n8n instance: one shared JournalStore per file, so every workflow sees the same keys
 * (an alert raised in one workflow can be resolved in another). Callers never close it; it lives as long as
 * the process. */
export function openLocalStore(
	filePath: string,
	bounds: Pick<MemoryStoreOptions, 'maxEntries' | 'maxBytes'> = {},
): JournalStore {
	const absolutePath = path.resolve(filePath);
	const stores = registry();
	let store = stores.get(absolutePath);
	// A store someone closed is replaced rather than handed out dead.
	if (store === undefined || store.closed) {
		store = new JournalStore(absolutePath, bounds);
		stores.set(absolutePath, store);
	}
	return store;
}

/** Where n8n keeps its own files (`$N8N_USER_FOLDER/.n8n`, else `~/.n8n`), so the store survives like they do. */
export function defaultLocalStorePath(env: Record<string, string | undefined>, homedir: string): string {
	const userFolder = env.N8N_USER_FOLDER || homedir;
	return path.join(userFolder, '.n8n', 'hookline', 'store.jsonl');
}

/** The local store's bounds from n8n's environment: `HOOKLINE_LOCAL_STORE_MAX_ENTRIES` live keys (default
 * 1,000,000, about 700 MB of heap at the measured ~700 B a key) and `HOOKLINE_LOCAL_STORE_MAX_MB` of live keys
 * and values (default 256). A value that is not a whole number of at least 1 is refused rather than guessed at. */
export function localStoreBounds(env: Record<string, string | undefined>): { maxEntries: number; maxBytes: number } {
	const read = (name: string, fallback: number) => {
		const text = env[name]?.trim();
		if (!text) return fallback;
		const value = Number(text);
		if (!Number.isSafeInteger(value) || value < 1) {
			throw new StoreUnavailableError(`${name} must be a whole number of at least 1, got ${JSON.stringify(text)}`);
		}
		return value;
	};
	return {
		maxEntries: read('HOOKLINE_LOCAL_STORE_MAX_ENTRIES', DEFAULT_MAX_ENTRIES),
		maxBytes: read('HOOKLINE_LOCAL_STORE_MAX_MB', DEFAULT_MAX_BYTES / MIB) * MIB,
	};
}

const MIB = 1024 * 1024;
