import { StoreUnavailableError } from './storeUnavailableError';

/** A bounded store whose every entry is still live: nothing may be evicted to make room (a duplicate inside its
 * window would then be accepted), so the write is refused and the sender retries once the earliest entry ends. */
export class StoreFullError extends StoreUnavailableError {
	constructor(
		readonly maxEntries: number,
		readonly retryAfterSeconds: number,
	) {
		super(`The store holds its maximum of ${maxEntries} live entries; retry in ${retryAfterSeconds} s`);
		this.name = 'StoreFullError';
	}
}
