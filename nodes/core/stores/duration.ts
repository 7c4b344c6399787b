/** Rejects durations no store can honour: a zero, negative or non-finite TTL would silently mean "forever" or
 * "never" depending on the backend. */
export function assertDurationMs(name: string, ms: number): void {
	if (!Number.isFinite(ms) || ms <= 0)
		throw new RangeError(`${name} must be a positive number of milliseconds, got ${ms}`);
}
