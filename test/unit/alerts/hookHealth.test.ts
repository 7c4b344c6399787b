import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { HookHealth } from '../../../nodes/core/alerts/hookHealth';
import { JournalStore } from '../../../nodes/core/stores/journalStore';
import { MemoryStore } from '../../../nodes/core/stores/memoryStore';
import { storeKinds, type StoreKind } from '../stores/storeFactories';

const T0 = Date.UTC(2025, 0, 1);

describe.each(storeKinds().map((kind) => [kind.name, kind] as [string, StoreKind]))(
	'HookHealth over %s',
	(_name, kind) => {
		beforeAll(() => kind.setUp());
		afterAll(() => kind.tearDown());

		// Of Redis only its kind; the local stores report their figures (see the usage tests below).
		const storeUsage = kind.name === 'RedisStore' ? { kind: 'redis' } : expect.objectContaining({ kind: 'local' });

		async function setUp() {
			const { store } = await kind.create();
			let now = T0;
			const health = new HookHealth(store, { now: () => now });
			return { health, advance: (ms: number) => void (now += ms) };
		}

		it('reports a hook that never fired as zeros and nulls', async () => {
			const { health } = await setUp();
			expect(await health.readHealth('wf:node')).toEqual({
				successCount: 0,
				failureCount: 0,
				lastFiredAt: null,
				lastSuccessAt: null,
				lastFailureAt: null,
				lastError: null,
				store: storeUsage,
			});
		});

		it('counts successes and failures and remembers the latest of each', async () => {
			const { health, advance } = await setUp();
			await health.recordSuccess('wf:node');
			advance(1_000);
			await health.recordFailure('wf:node', 'unauthorized: The signature or token does not match the secret');
			advance(1_000);
			await health.recordSuccess('wf:node');
			expect(await health.readHealth('wf:node')).toEqual({
				successCount: 2,
				failureCount: 1,
				lastFiredAt: new Date(T0 + 2_000).toISOString(),
				lastSuccessAt: new Date(T0 + 2_000).toISOString(),
				lastFailureAt: new Date(T0 + 1_000).toISOString(),
				lastError: 'unauthorized: The signature or token does not match the secret',
				store: storeUsage,
			});
			advance(1_000);
			await health.recordFailure('wf:node', 'invalid_payload: Invalid alert: title');
			expect(await health.readHealth('wf:node')).toMatchObject({
				failureCount: 2,
				lastFiredAt: new Date(T0 + 3_000).toISOString(),
				lastError: 'invalid_payload: Invalid alert: title',
			});
		});

		it('loses no count under concurrent requests', async () => {
			const { health } = await setUp();
			await Promise.all(
				Array.from({ length: 60 }, (_, i) =>
					i % 3 === 0 ? health.recordFailure('busy', 'x') : health.recordSuccess('busy'),
				),
			);
			expect(await health.readHealth('busy')).toMatchObject({ successCount: 40, failureCount: 20 });
		});

		it('keeps hooks apart, even when one scope is a prefix of another', async () => {
			const { health } = await setUp();
			await health.recordSuccess('wf:node');
			await health.recordFailure('wf:node:successes', 'x');
			expect(await health.readHealth('wf:node')).toMatchObject({ successCount: 1, failureCount: 0 });
			expect(await health.readHealth('wf:node:successes')).toMatchObject({ successCount: 0, failureCount: 1 });
		});

		it('counts a flood of failures in memory and writes them at most once per minute, losing none', async () => {
			const { store } = await kind.create();
			let now = T0;
			const tally = new Map();
			const health = new HookHealth(store, { now: () => now, tally });
			// What another process sees: the store alone.
			const stored = async () => (await new HookHealth(store, { now: () => now }).readHealth('flood')).failureCount;
			for (let i = 0; i < 2_000; i++) await health.recordFailure('flood', `unauthorized: attempt ${i}`);
			expect(await stored()).toBe(1);
			expect(await health.readHealth('flood')).toMatchObject({
				failureCount: 2_000,
				lastError: 'unauthorized: attempt 1999',
			});
			now += 60_000;
			await health.recordFailure('flood', 'unauthorized: after a minute');
			expect(await stored()).toBe(2_001);
			expect(await health.readHealth('flood')).toMatchObject({
				failureCount: 2_001,
				lastError: 'unauthorized: after a minute',
			});
		});

		it('keeps the last error to one bounded line', async () => {
			const { health } = await setUp();
			await health.recordFailure('h', `first line\nsecond\t line ${'x'.repeat(1_000)}`);
			const { lastError } = await health.readHealth('h');
			expect(lastError).toMatch(/^first line second line x+…$/);
			expect(lastError).toHaveLength(300);
			await health.recordFailure('h', '   ');
			expect((await health.readHealth('h')).lastError).toBe('unknown failure');
		});
	},
);

describe('HookHealth refusals on the local journal', () => {
	it('2,000 refused requests add at most two journal lines, not two writes each', async () => {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hookline-health-'));
		const store = new JournalStore(path.join(dir, 'store.jsonl'));
		try {
			const health = new HookHealth(store, { tally: new Map() });
			await health.recordFailure('forged', 'unauthorized: first');
			const before = store.stats().journalLines;
			for (let i = 0; i < 2_000; i++) await health.recordFailure('forged', 'unauthorized: forged');
			expect(store.stats().journalLines).toBe(before);
			expect((await health.readHealth('forged')).failureCount).toBe(2_001);
		} finally {
			await store.close();
			fs.rmSync(dir, { recursive: true, force: true });
		}
	});
});

describe("HookHealth's store usage", () => {
	it("reports the local store's entries and bytes against its bounds, and when it is full", async () => {
		const store = new MemoryStore({ maxEntries: 3 });
		const health = new HookHealth(store);
		await health.recordSuccess('h');
		const { store: usage } = await health.readHealth('h');
		expect(usage).toEqual({
			kind: 'local',
			entries: 2,
			maxEntries: 3,
			bytes: expect.any(Number),
			maxBytes: 256 * 1024 * 1024,
			full: false,
		});
		await store.set('other', 'x', 60_000);
		expect((await health.readHealth('h')).store).toMatchObject({ entries: 3, full: true });
	});

	it('says full once a write was refused for the byte bound, though smaller ones still fit', async () => {
		const store = new MemoryStore({ maxBytes: 1_000 });
		const health = new HookHealth(store);
		await expect(store.set('big', 'x'.repeat(2_000), 60_000)).rejects.toThrow(/KiB of live keys and values/);
		expect((await health.readHealth('h')).store).toMatchObject({ entries: 0, bytes: 0, maxBytes: 1_000, full: true });
	});

	it('reports nothing for a store that knows nothing of its size', async () => {
		const store = new MemoryStore();
		// readHealth only reads keys: a store with get() alone stands for one without usage().
		const bare = { get: (key: string) => store.get(key) } as unknown as MemoryStore;
		expect((await new HookHealth(bare).readHealth('h')).store).toBeNull();
	});
});

describe('HookHealth window', () => {
	it('starts counting again when the window has passed', async () => {
		let now = T0;
		const store = new MemoryStore({ now: () => now });
		const health = new HookHealth(store, { windowMs: 10_000, now: () => now });
		await health.recordSuccess('h');
		await health.recordSuccess('h');
		now += 10_000;
		await health.recordSuccess('h');
		expect(await health.readHealth('h')).toMatchObject({ successCount: 1, failureCount: 0 });
		expect(() => new HookHealth(store, { windowMs: 0 })).toThrow(RangeError);
	});
});
