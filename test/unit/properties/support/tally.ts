import { recordCounts } from '../../../support/runCounts';

/** How many generated cases a property suite ran, by kind and by outcome. `cases` is the sum of the kinds;
 * every outcome counter but the kinds must stay 0 for the suite to pass. */
export type Counts = Record<string, number>;

/** A set of named counters, with a sub-tally per group (scheme, parser …) summed into the total. */
export class Tally {
	readonly groups = new Map<string, Counts>();
	private readonly startedAt = Date.now();

	constructor(readonly suite: string) {}

	add(group: string, counter: string, by = 1): void {
		const counts = this.groups.get(group) ?? {};
		counts[counter] = (counts[counter] ?? 0) + by;
		this.groups.set(group, counts);
	}

	/** Keeps the largest value seen (e.g. the slowest case in ms). */
	max(group: string, counter: string, value: number): void {
		const counts = this.groups.get(group) ?? {};
		counts[counter] = Math.max(counts[counter] ?? 0, value);
		this.groups.set(group, counts);
	}

	get(group: string, counter: string): number {
		return this.groups.get(group)?.[counter] ?? 0;
	}

	total(counter: string): number {
		let sum = 0;
		for (const counts of this.groups.values()) sum += counts[counter] ?? 0;
		return sum;
	}

	/** Prints `properties: <suite> <summary>` (one line, on stdout so jest shows it) and records it for the test
	 * summary. */
	report(summary: string, totals: Counts): void {
		const line = `properties: ${this.suite} ${summary}`;
		process.stdout.write(`${line}\n`);
		recordCounts(`properties:${this.suite}`, {
			line,
			counts: { ...totals, durationMs: Date.now() - this.startedAt, groups: Object.fromEntries(this.groups) },
		});
	}
}
