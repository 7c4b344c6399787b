/** How many cases a property runs, and what happens on a failure; environment variables tune a deeper run or
 * replay a reported failure. */

/** Cases run per scheme (verifiers) or per parser property; HOOKLINE_PROPERTY_RUNS scales a deeper run. */
export function runsPer(defaultRuns: number): number {
	const override = Number(process.env.HOOKLINE_PROPERTY_RUNS);
	return Number.isSafeInteger(override) && override > 0
		? Math.max(1, Math.round((defaultRuns * override) / 10_000))
		: defaultRuns;
}

/** fast-check options for `numRuns` cases. A property gets 60 s in all, shrinking included, so a failure is
 * reported with the smallest case found by then instead of shrinking for hours (each failing JSONata case
 * formats a stack trace); HOOKLINE_PROPERTY_NO_SHRINK=1 reports the first failure as found, and
 * HOOKLINE_PROPERTY_SEED=<seed> HOOKLINE_PROPERTY_PATH=<path> (with -t <test name>) replays one. */
export function propertyOptions(numRuns: number) {
	return {
		numRuns,
		...(process.env.HOOKLINE_PROPERTY_NO_SHRINK
			? { endOnFailure: true }
			: { interruptAfterTimeLimit: 60_000, markInterruptAsFailure: true }),
		...(process.env.HOOKLINE_PROPERTY_SEED
			? { seed: Number(process.env.HOOKLINE_PROPERTY_SEED), path: process.env.HOOKLINE_PROPERTY_PATH }
			: {}),
	};
}
