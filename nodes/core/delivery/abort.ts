import type { HttpFunction } from './types';

/** Cancellation of outbound deliveries: whoever runs a delivery may hand it an AbortSignal, and every wait and
 * request of that delivery stops when the signal fires. */

/** The code node gives its own AbortErrors (http.request, timers/promises); ours carry it as well. */
export const ABORT_CODE = 'ABORT_ERR';

export function abortError(message = 'The delivery was cancelled'): Error & { code: string } {
	return Object.assign(new Error(message), { name: 'AbortError', code: ABORT_CODE });
}

/** Whether a rejection means "cancelled by the caller" rather than a network failure. */
export function isAbortError(error: unknown): boolean {
	const candidate = error as { name?: unknown; code?: unknown } | null;
	return candidate?.name === 'AbortError' || candidate?.code === ABORT_CODE;
}

/** True when `wait` ran to its end, false when it was cancelled (rejected with an AbortError); any other
 * rejection is passed on. */
export function completed(wait: Promise<void>): Promise<boolean> {
	return wait.then(
		() => true,
		(error: unknown) => (isAbortError(error) ? false : Promise.reject(error)),
	);
}

/** Waits `ms`, or rejects with an AbortError as soon as `signal` fires. The timer is cleared on abort, so a
 * cancelled wait keeps nothing alive. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
	if (signal?.aborted) return Promise.reject(abortError());
	return new Promise<void>((resolve, reject) => {
		const onAbort = () => {
			clearTimeout(timer);
			reject(abortError());
		};
		const timer = setTimeout(() => {
			signal?.removeEventListener('abort', onAbort);
			resolve();
		}, ms);
		signal?.addEventListener('abort', onAbort, { once: true });
	});
}

/** An HttpFunction whose every request is also aborted by `signal`, for callers that cannot pass a signal
 * through to where the requests are made. */
export function withSignal(http: HttpFunction, signal: AbortSignal | undefined): HttpFunction {
	if (!signal) return http;
	return (request) => http({ ...request, signal: request.signal ? AbortSignal.any([request.signal, signal]) : signal });
}
