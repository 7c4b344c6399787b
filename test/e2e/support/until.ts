/** Polls `probe` every 250 ms until it returns something truthy, and returns that; fails naming `what` after
 * `timeoutMs`. The real n8n answers and stores executions in its own time, so tests wait for what they expect. */
export async function until<T>(what: string, probe: () => T | undefined | false, timeoutMs = 60_000): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = probe();
		if (value) return value;
		if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
}
