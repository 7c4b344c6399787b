import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { JournalStore } from '../../../nodes/core/stores/journalStore';
import { defaultLocalStorePath, openLocalStore } from '../../../nodes/core/stores/localStore';
import { StoreUnavailableError } from '../../../nodes/core/stores/storeUnavailableError';

function manualClock(start = 1_700_000_000_000) {
	let now = start;
	return { now: () => now, advance: (ms: number) => (now += ms) };
}

const journalLines = (file: string) =>
	fs
		.readFileSync(file, 'utf8')
		.split('\n')
		.filter((line) => line !== '');

describe('JournalStore', () => {
	let dir: string;
	let file: string;
	const opened: JournalStore[] = [];
	/** Opens a store on the test's file; every store is closed after the test. */
	const open = (options: ConstructorParameters<typeof JournalStore>[1] = {}) => {
		const store = new JournalStore(file, options);
		opened.push(store);
		return store;
	};

	beforeEach(() => {
		dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hookline-journal-'));
		file = path.join(dir, 'store.jsonl');
	});

	afterEach(async () => {
		jest.restoreAllMocks();
		for (const store of opened.splice(0)) await store.close();
		fs.rmSync(dir, { recursive: true, force: true });
	});

	it('has the accepted key on disk before the claim resolves, with no close() needed', async () => {
		const store = open();
		expect(await store.claim('idem:a', 'delivery-1', 60_000)).toEqual({ claimed: true, value: 'delivery-1' });
		const lines = journalLines(file);
		expect(lines).toHaveLength(1);
		expect(JSON.parse(lines[0])).toMatchObject({ k: 'idem:a', v: 'delivery-1' });
		// A lost claim writes nothing.
		expect(await store.claim('idem:a', 'delivery-2', 60_000)).toEqual({ claimed: false, value: 'delivery-1' });
		expect(journalLines(file)).toHaveLength(1);
	});

	it('remembers accepted keys across a restart within their TTL and forgets expired ones', async () => {
		const clock = manualClock();
		const first = open({ now: clock.now });
		await first.claim('long', 'd-long', 10_000);
		await first.claim('short', 'd-short', 1_000);
		await first.set('value', 'v1', 10_000);
		await first.set('value', 'v2', 10_000);
		await first.set('gone', 'x', 10_000);
		await first.delete('gone');
		await first.increment('counter', 10_000);
		// No close(): a crashed process never gets to call it.

		clock.advance(5_000);
		const second = open({ now: clock.now });
		expect(await second.claim('long', 'd-other', 10_000)).toEqual({ claimed: false, value: 'd-long' });
		expect(await second.get('short')).toBeUndefined();
		expect(await second.claim('short', 'd-new', 1_000)).toEqual({ claimed: true, value: 'd-new' });
		expect(await second.get('value')).toBe('v2');
		expect(await second.get('gone')).toBeUndefined();
		// Counters are not journaled: the window starts again.
		expect(await second.increment('counter', 10_000)).toEqual({ count: 1, resetInMs: 10_000 });
		expect(second.stats()).toMatchObject({ size: 4, refusals: 0 });

		clock.advance(5_000);
		const third = open({ now: clock.now });
		expect(await third.get('long')).toBeUndefined();
		expect(await third.get('short')).toBeUndefined();
		expect(await third.get('value')).toBeUndefined();
	});

	it('tolerates a torn last line and garbage lines, and does not glue the next write onto them', async () => {
		const expiresAt = Date.now() + 60_000;
		fs.writeFileSync(
			file,
			[
				JSON.stringify({ k: 'a', v: '1', e: expiresAt }),
				'not json at all',
				JSON.stringify({ k: 'b', v: 2, e: expiresAt }),
				JSON.stringify({ k: 'c', v: '3', e: expiresAt }),
				'{"k":"d","v":"4","e":17',
			].join('\n'),
		);
		const store = open();
		expect(await store.get('a')).toBe('1');
		expect(await store.get('b')).toBeUndefined();
		expect(await store.get('c')).toBe('3');
		expect(await store.get('d')).toBeUndefined();
		await store.claim('e', '5', 60_000);
		// Opening rewrote the journal without the unreadable lines.
		expect(journalLines(file).map((line) => JSON.parse(line).k)).toEqual(['a', 'c', 'e']);

		await store.close();
		const reopened = open();
		expect([await reopened.get('a'), await reopened.get('c'), await reopened.get('e')]).toEqual(['1', '3', '5']);
	});

	it('compacts once the journal exceeds twice the live entries plus 1000 lines, keeping the live keys', async () => {
		const clock = manualClock();
		const store = open({ now: clock.now });
		await store.set('hot', 'v0', 60_000);
		for (let i = 1; i <= 1002; i++) await store.set('hot', `v${i}`, 60_000);
		// 1003 lines > 2 × 1 + 1000: rewritten to the one live entry.
		expect(store.stats().journalLines).toBe(1);
		expect(journalLines(file)).toEqual([JSON.stringify({ k: 'hot', v: 'v1002', e: clock.now() + 60_000 })]);

		for (let i = 1003; i < 3000; i++) await store.set('hot', `v${i}`, 60_000);
		expect(store.stats().journalLines).toBe(996);
		expect(journalLines(file)).toHaveLength(996);
	});

	it('drops expired and deleted keys when compacting, and shrinks the file', async () => {
		const clock = manualClock();
		const store = open({ now: clock.now });
		for (let i = 0; i < 10; i++) await store.set(`live${i}`, `value${i}`, 600_000);
		for (let i = 0; i < 5; i++) await store.set(`expiring${i}`, 'x', 1_000);
		for (let i = 0; i < 5; i++) {
			await store.set(`deleted${i}`, 'x', 600_000);
			await store.delete(`deleted${i}`);
		}
		clock.advance(1_000);
		let largest = 0;
		for (let i = 0; i < 1100; i++) {
			await store.set('hot', `v${i}`, 600_000);
			largest = Math.max(largest, fs.statSync(file).size);
		}
		const lines = journalLines(file);
		expect(lines.length).toBe(store.stats().journalLines);
		expect(fs.statSync(file).size).toBeLessThan(largest / 5);

		await store.close();
		const reopened = open({ now: clock.now });
		for (let i = 0; i < 10; i++) expect(await reopened.get(`live${i}`)).toBe(`value${i}`);
		for (let i = 0; i < 5; i++) {
			expect(await reopened.get(`expiring${i}`)).toBeUndefined();
			expect(await reopened.get(`deleted${i}`)).toBeUndefined();
		}
		expect(await reopened.get('hot')).toBe('v1099');
		expect(reopened.stats().size).toBe(11);
	});

	it('creates the directory when it is missing', async () => {
		file = path.join(dir, 'a', 'b', 'store.jsonl');
		const store = open();
		await store.set('k', 'v', 1000);
		expect(journalLines(file)).toHaveLength(1);
	});

	it('rejects with StoreUnavailableError and changes nothing when the journal cannot be written', async () => {
		const store = open();
		// The module object itself (the `import * as` namespace above is a read-only view of it).
		jest.spyOn(jest.requireActual<typeof fs>('node:fs'), 'appendFileSync').mockImplementationOnce(() => {
			throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
		});
		await expect(store.claim('k', 'first', 60_000)).rejects.toThrow(StoreUnavailableError);
		expect(await store.get('k')).toBeUndefined();
		expect(await store.claim('k', 'second', 60_000)).toEqual({ claimed: true, value: 'second' });
	});

	it('journals counters with a window of an hour or more, so occurrence counts survive a restart', async () => {
		const clock = manualClock();
		const first = open({ now: clock.now });
		const day = 86_400_000;
		await first.increment('alert:count', day);
		await first.increment('alert:count', day);
		await first.increment('ratelimit:wf', 60_000);
		expect(journalLines(file).map((line) => JSON.parse(line))).toEqual([
			{ k: 'alert:count', c: 1, e: clock.now() + day },
			{ k: 'alert:count', c: 2, e: clock.now() + day },
		]);

		clock.advance(1_000);
		const second = open({ now: clock.now });
		expect(await second.increment('alert:count', day)).toEqual({ count: 3, resetInMs: day - 1_000 });
		expect(await second.increment('ratelimit:wf', 60_000)).toEqual({ count: 1, resetInMs: 60_000 });
		expect(await second.scan('alert:')).toEqual([{ key: 'alert:count', value: '3' }]);

		clock.advance(day);
		const third = open({ now: clock.now });
		expect(await third.get('alert:count')).toBeUndefined();
	});

	it('keeps durable counters, and only those, when compacting', async () => {
		const clock = manualClock();
		const store = open({ now: clock.now });
		const day = 86_400_000;
		for (let i = 0; i < 5; i++) await store.increment('occurrences', day);
		await store.increment('ratelimit', 60_000);
		for (let i = 0; i < 1_010; i++) await store.set('hot', `v${i}`, day);
		expect(store.stats().journalLines).toBeLessThan(20);
		const keys = journalLines(file).map((line) => JSON.parse(line).k);
		expect(keys).toContain('occurrences');
		expect(keys).not.toContain('ratelimit');

		await store.close();
		const reopened = open({ now: clock.now });
		expect(await reopened.get('occurrences')).toBe('5');
		expect((await reopened.increment('occurrences', day)).count).toBe(6);
	});

	it('refuses a counter window that is not positive before touching the journal', async () => {
		const store = open();
		await expect(store.increment('c', Number.NaN)).rejects.toThrow(RangeError);
		expect(fs.existsSync(file) ? journalLines(file) : []).toEqual([]);
	});

	it('replays a journal past 512 MB, a string longer than V8 allows, read in chunks', async () => {
		const clock = manualClock();
		// 2,000 maximal alert records as the Alert Trigger journals them (about 275 KB each once escaped), written
		// straight to disk: the alert state of a few dedupe keys updated over and over, as a flood leaves it.
		const value = 'x'.repeat(275 * 1024);
		const fd = fs.openSync(file, 'w');
		for (let i = 0; i < 2_000; i++) {
			fs.writeSync(fd, `${JSON.stringify({ k: `alert:${i % 4}`, v: `${i}:${value}`, e: clock.now() + 60_000 })}\n`);
		}
		fs.closeSync(fd);
		expect(fs.statSync(file).size).toBeGreaterThan(512 * 1024 * 1024);

		const store = open({ now: clock.now });
		expect((await store.get('alert:3'))?.startsWith('1999:')).toBe(true);
		// Replay kept the last record of each key, and compaction rewrote the journal down to them.
		expect(store.stats()).toMatchObject({ size: 4, journalLines: 4 });
		expect(fs.statSync(file).size).toBeLessThan(2 * 1024 * 1024);
	});

	it('keeps its file within twice the live data plus 16 MiB, however often a large value is rewritten', async () => {
		const store = open();
		const value = 'x'.repeat(275 * 1024);
		for (let i = 0; i < 200; i++) await store.set('alert:1', `${i}:${value}`, 60_000);
		const { journalBytes, bytes } = store.stats();
		expect(journalBytes).toBe(fs.statSync(file).size);
		expect(journalBytes).toBeLessThanOrEqual(2 * bytes + 16 * 1024 * 1024);
		expect(await store.get('alert:1')).toBe(`199:${value}`);
	});

	it('never applies a torn last line, whatever it holds', async () => {
		const clock = manualClock();
		const first = open({ now: clock.now });
		await first.set('kept', 'v', 60_000);
		fs.appendFileSync(file, JSON.stringify({ k: 'torn', v: 'v', e: clock.now() + 60_000 }));
		const second = open({ now: clock.now });
		expect(await second.get('kept')).toBe('v');
		expect(await second.get('torn')).toBeUndefined();
		expect(journalLines(file)).toHaveLength(1);
	});

	it('compacts through a temporary file of its own, whatever another process left at a pid-named one', async () => {
		const clock = manualClock();
		// Another container's n8n with the same pid, sharing the user folder, mid-compaction.
		fs.mkdirSync(`${file}.${process.pid}.tmp`);
		fs.writeFileSync(file, '{"k":"kept","v":"v","e":' + (clock.now() + 60_000) + '}\n{"torn');
		const store = open({ now: clock.now });
		expect(await store.get('kept')).toBe('v');
		expect(journalLines(file)).toEqual([JSON.stringify({ k: 'kept', v: 'v', e: clock.now() + 60_000 })]);
		expect(fs.readdirSync(dir).sort()).toEqual(['store.jsonl', `store.jsonl.${process.pid}.tmp`]);
	});

	it('refuses a new key with StoreFullError before journaling it, and replays past a lowered bound', async () => {
		const clock = manualClock();
		const first = open({ now: clock.now, maxEntries: 3 });
		for (const key of ['a', 'b', 'c']) await first.claim(key, key, 60_000);
		const linesBefore = journalLines(file).length;
		await expect(first.claim('d', 'd', 60_000)).rejects.toMatchObject({
			name: 'StoreFullError',
			retryAfterSeconds: 60,
		});
		expect(journalLines(file)).toHaveLength(linesBefore);
		const second = open({ now: clock.now, maxEntries: 2 });
		expect([await second.get('a'), await second.get('b'), await second.get('c')]).toEqual(['a', 'b', 'c']);
		await expect(second.set('e', 'e', 1_000)).rejects.toBeInstanceOf(StoreUnavailableError);
	});

	it('rejects writes after close()', async () => {
		const store = open();
		await store.close();
		await expect(store.set('k', 'v', 1000)).rejects.toThrow(StoreUnavailableError);
	});
});

describe('openLocalStore', () => {
	let dir: string;

	beforeEach(() => {
		dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hookline-local-'));
	});

	afterEach(() => {
		fs.rmSync(dir, { recursive: true, force: true });
	});

	it('returns one shared instance per absolute path, and a fresh one once it was closed', async () => {
		const file = path.join(dir, 'store.jsonl');
		const store = openLocalStore(file);
		expect(openLocalStore(file)).toBe(store);
		expect(openLocalStore(path.relative(process.cwd(), file))).toBe(store);
		const other = openLocalStore(path.join(dir, 'other.jsonl'));
		expect(other).not.toBe(store);

		await store.set('k', 'v', 60_000);
		await store.close();
		const reopened = openLocalStore(file);
		expect(reopened).not.toBe(store);
		expect(await reopened.get('k')).toBe('v');
		await reopened.close();
		await other.close();
	});
});

describe('defaultLocalStorePath', () => {
	it('lives under the n8n user folder, or the home directory when none is set', () => {
		expect(defaultLocalStorePath({ N8N_USER_FOLDER: '/data' }, '/home/node')).toBe('/data/.n8n/hookline/store.jsonl');
		expect(defaultLocalStorePath({}, '/home/node')).toBe('/home/node/.n8n/hookline/store.jsonl');
		expect(defaultLocalStorePath({ N8N_USER_FOLDER: '' }, '/root')).toBe('/root/.n8n/hookline/store.jsonl');
	});
});
