import * as path from 'node:path';

import { JournalStore } from './journalStore';

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
export function openLocalStore(filePath: string): JournalStore {
	const absolutePath = path.resolve(filePath);
	const stores = registry();
	let store = stores.get(absolutePath);
	// A store someone closed is replaced rather than handed out dead.
	if (store === undefined || store.closed) {
		store = new JournalStore(absolutePath);
		stores.set(absolutePath, store);
	}
	return store;
}

/** Where n8n keeps its own files (`$N8N_USER_FOLDER/.n8n`, else `~/.n8n`), so the store survives like they do. */
export function defaultLocalStorePath(env: Record<string, string | undefined>, homedir: string): string {
	const userFolder = env.N8N_USER_FOLDER || homedir;
	return path.join(userFolder, '.n8n', 'hookline', 'store.jsonl');
}
