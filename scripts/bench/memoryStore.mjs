// (6) The in-process MemoryStore at 1,000,000 keys: fill rate, heap bytes per key, steady-state claims, refusals
// at the bound and the size bound. Runs as its own process with --expose-gc (bench.mjs starts it), so the heap is
// this store's alone; prints its rows as JSON.
import { randomBytes, randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';

import { Bench } from 'tinybench';

import { figure } from './report.mjs';

const require = createRequire(import.meta.url);
const { MemoryStore } = require('../../dist/nodes/core/stores/index.js');

const MAX_ENTRIES = 1_000_000;
const BEYOND = 100_000;
const DAY_MS = 86_400_000;
// Keys and values as the trigger stores them: a scoped key from a request header (a flat string, as node's HTTP
// parser makes it) and a randomUUID() delivery id (which V8 keeps as a rope of small strings).
const PREFIX = 'idempotency:HooklineBenchIn01:hookline:';
const KEY_BYTES = 16;

function heapUsed() {
	globalThis.gc();
	return process.memoryUsage().heapUsed;
}

async function main() {
	// Off the heap (a Buffer's bytes are external memory), so it does not count against the store.
	const headerBytes = randomBytes(KEY_BYTES * MAX_ENTRIES);
	const baseline = heapUsed();
	const store = new MemoryStore({ maxEntries: MAX_ENTRIES });
	const existing = [];
	const started = performance.now();
	for (let i = 0; i < MAX_ENTRIES; i++) {
		const key = PREFIX + headerBytes.toString('hex', i * KEY_BYTES, (i + 1) * KEY_BYTES);
		if (i % 1000 === 0) existing.push(key);
		await store.claim(key, randomUUID(), DAY_MS);
	}
	const fillSeconds = (performance.now() - started) / 1000;
	const bytesPerKey = (heapUsed() - baseline) / store.stats().size;

	let fresh = 0;
	let looked = 0;
	const bench = new Bench({ time: 1000, warmupTime: 100 });
	bench.add('duplicate', () => store.claim(existing[looked++ % existing.length], 'x', DAY_MS));
	// Full of live keys: a new key is refused (503 + Retry-After), never admitted by evicting a live one.
	bench.add('new', () => store.claim(`${PREFIX}bench-${fresh++}`, 'x', DAY_MS).catch(() => undefined));
	await bench.run();
	const opsPerSecond = (name) => 1000 / bench.getTask(name).result.period;

	const triedBefore = MAX_ENTRIES + fresh;
	for (let i = 0; i < BEYOND; i++) await store.claim(`${PREFIX}beyond-${i}`, 'x', DAY_MS).catch(() => undefined);
	const { size, refusals } = store.stats();
	const tried = triedBefore + BEYOND;

	return [
		figure('6. MemoryStore fill to 1 M keys (claims/s)', MAX_ENTRIES / fillSeconds, {
			unit: 'ops/s',
			note: 'incl. making the key and a randomUUID() per claim',
		}),
		figure('6. MemoryStore heap per key at 1 M keys', bytesPerKey, {
			unit: 'B',
			note: `${PREFIX.length + 2 * KEY_BYTES}-char key; ~420 B of it is the randomUUID() value's rope`,
		}),
		figure('6. MemoryStore claim of a remembered key at 1 M', opsPerSecond('duplicate'), { unit: 'ops/s' }),
		figure('6. MemoryStore refusal of a new key when full of live keys', opsPerSecond('new'), {
			unit: 'ops/s',
			note: 'no live key is evicted; the sender gets 503 + Retry-After',
		}),
		figure(`6. MemoryStore size after ${(tried / 1e6).toFixed(2)} M distinct claims`, size, {
			unit: 'keys',
			atMost: MAX_ENTRIES,
			note: `maxEntries ${MAX_ENTRIES.toLocaleString('en-US')}, ${refusals.toLocaleString('en-US')} refused`,
		}),
	];
}

process.stdout.write(JSON.stringify(await main()));
