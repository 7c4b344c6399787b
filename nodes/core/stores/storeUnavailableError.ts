/** A store that cannot answer (Redis down, journal not writable). Callers answer 503 so the sender retries,
 * rather than accepting a delivery whose duplicate check or rate limit could not be made. */
export class StoreUnavailableError extends Error {
	constructor(message: string, options?: { cause?: unknown }) {
		super(message, options);
		this.name = 'StoreUnavailableError';
	}
}
