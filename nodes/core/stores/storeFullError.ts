import { StoreUnavailableError } from './storeUnavailableError';

/** A bounded store whose every entry is still live: nothing may be evicted to make room (a duplicate inside its
 * window would then be accepted), so the write is refused and the sender retries once the earliest entry ends. */
export class StoreFullError extends StoreUnavailableError {
	/** `bound` as the user reads it, e.g. "1000000 live entries" or "256 MiB of live data". */
	constructor(
		readonly bound: string,
		readonly retryAfterSeconds: number,
	) {
		super(`The store holds its maximum of ${bound}; retry in ${retryAfterSeconds} s`);
		this.name = 'StoreFullError';
	}
}
