import type { HooklineStore } from './types';

/** A store that cannot answer (Redis down, journal not writable). Callers answer 503 so the sender retries,
 * rather than accepting a delivery whose duplicate check or rate limit could not be made. */
export class StoreUnavailableError extends Error {
	constructor(message: string, options?: { cause?: unknown }) {
		super(message, options);
		this.name = 'StoreUnavailableError';
	}
}

/** A store that could not be opened, answering every operation with why: callers then answer 503 with that
 * reason as they do for any outage, instead of failing the request before it is decided. */
export function unavailableStore(error: StoreUnavailableError): HooklineStore {
	const fail = () => Promise.reject(error);
	return {
		claim: fail,
		replace: fail,
		deleteIfEquals: fail,
		get: fail,
		set: fail,
		delete: fail,
		increment: fail,
		scan: fail,
		close: async () => {},
	};
}
