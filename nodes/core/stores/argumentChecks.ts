/** Rejects durations no store can honour: a zero, negative or non-finite TTL would silently mean "forever" or
 * "never" depending on the backend. */
export function assertDurationMs(name: string, ms: number): void {
	if (!Number.isFinite(ms) || ms <= 0)
		throw new RangeError(`${name} must be a positive number of milliseconds, got ${ms}`);
}

/** A counter step must be a positive whole number: Redis INCRBY takes integers only, and every store agrees. */
export function assertIncrement(by: number): void {
	if (!Number.isSafeInteger(by) || by < 1) throw new RangeError(`by must be a whole number of at least 1, got ${by}`);
}
