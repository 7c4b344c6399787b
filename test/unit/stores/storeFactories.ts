import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { JournalStore } from '../../../nodes/core/stores/journalStore';
import { MemoryStore } from '../../../nodes/core/stores/memoryStore';
import { RedisStore } from '../../../nodes/core/stores/redisStore';
import type { HooklineStore } from '../../../nodes/core/stores/types';
import { startRedis, type RedisServer } from '../../support/redisServer';

/** Runs one suite of helper tests over every store kind. `clock` is set for stores whose time the test may
 * move by hand (Redis keeps real time). */
export interface StoreUnderTest {
	store: HooklineStore;
	clock?: { now(): number; advance(ms: number): void };
}

export interface StoreKind {
	name: string;
	/** Whether create() returns a clock the test can move (Redis keeps real time). */
	manualClock: boolean;
	setUp(): Promise<void>;
	create(): Promise<StoreUnderTest>;
	tearDown(): Promise<void>;
}

function manualClock() {
	let now = 1_700_000_000_000;
	return { now: () => now, advance: (ms: number) => void (now += ms) };
}

const memoryKind: StoreKind = {
	name: 'MemoryStore',
	manualClock: true,
	setUp: async () => undefined,
	create: async () => {
		const clock = manualClock();
		return { store: new MemoryStore({ now: clock.now }), clock };
	},
	tearDown: async () => undefined,
};

function journalKind(): StoreKind {
	let dir = '';
	const created: HooklineStore[] = [];
	return {
		name: 'JournalStore',
		manualClock: true,
		setUp: async () => {
			dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hookline-helpers-'));
		},
		create: async () => {
			const clock = manualClock();
			const store = new JournalStore(path.join(dir, `${created.length}.jsonl`), { now: clock.now });
			created.push(store);
			return { store, clock };
		},
		tearDown: async () => {
			for (const store of created.splice(0)) await store.close();
			fs.rmSync(dir, { recursive: true, force: true });
		},
	};
}

function redisKind(): StoreKind {
	let server: RedisServer | undefined;
	const created: HooklineStore[] = [];
	return {
		name: 'RedisStore',
		manualClock: false,
		setUp: async () => {
			server = await startRedis();
		},
		create: async () => {
			if (!server) throw new Error('setUp() did not run');
			const store = new RedisStore({ host: '127.0.0.1', port: server.port }, `helpers${created.length}:`);
			created.push(store);
			return { store };
		},
		tearDown: async () => {
			for (const store of created.splice(0)) await store.close();
			await server?.stop();
		},
	};
}

export const storeKinds = (): StoreKind[] => [memoryKind, journalKind(), redisKind()];
