import { closeSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** One section of the run's counts: the line the test summary prints, and the figures behind it. */
export interface CountsEntry {
	line: string;
	counts: Record<string, unknown>;
}

/** Adds a section to the JSON file named by HOOKLINE_COUNTS_FILE (scripts/test-all.mjs sets it and prints every
 * section's line after its `tests:` line); without that variable, as in a single jest run, nothing is written. */
export function recordCounts(section: string, entry: CountsEntry): void {
	const file = process.env.HOOKLINE_COUNTS_FILE;
	if (!file) return;
	mergeIntoJson(file, section, { ...entry, finishedAt: new Date().toISOString() });
}

const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/** Suites run in parallel jest workers: a lock file serialises the read-modify-write of the shared JSON, and
 * a rename makes each write atomic for readers. */
function mergeIntoJson(file: string, section: string, entry: unknown): void {
	mkdirSync(dirname(file), { recursive: true });
	const lock = `${file}.lock`;
	for (let attempt = 0; ; attempt++) {
		try {
			closeSync(openSync(lock, 'wx'));
			break;
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
			// A lock left by a killed worker goes stale after a few seconds.
			const held = statSync(lock, { throwIfNoEntry: false });
			if (attempt > 500 || (held !== undefined && Date.now() - held.mtimeMs > 5_000)) {
				rmSync(lock, { force: true });
			} else sleep(10);
		}
	}
	try {
		let all: Record<string, unknown> = {};
		try {
			const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
			if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) all = parsed as Record<string, unknown>;
		} catch {
			// No file yet: start afresh.
		}
		all[section] = entry;
		const temporary = `${file}.${process.pid}.tmp`;
		writeFileSync(temporary, `${JSON.stringify(all, null, 2)}\n`);
		renameSync(temporary, file);
	} finally {
		rmSync(lock, { force: true });
	}
}
