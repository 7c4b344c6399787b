/** Maps `items` through `fn` with at most `limit` calls in flight; results keep the input order. The first
 * rejection rejects the whole map and stops new calls from starting (calls in flight run to their end). */
export async function mapWithConcurrency<T, R>(
	items: readonly T[],
	limit: number,
	fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
	if (!Number.isInteger(limit) || limit < 1)
		throw new RangeError(`limit must be an integer of at least 1, got ${limit}`);
	const results = new Array<R>(items.length);
	let next = 0;
	let failed = false;

	async function worker(): Promise<void> {
		while (!failed && next < items.length) {
			const index = next++;
			let succeeded = false;
			try {
				results[index] = await fn(items[index], index);
				succeeded = true;
			} finally {
				// The rejection itself travels on through Promise.all; the flag only stops the other workers.
				if (!succeeded) failed = true;
			}
		}
	}

	await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
	return results;
}
