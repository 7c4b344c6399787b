import { abortableSleep, completed, isAbortError } from './abort';
import { describeError, errorCode } from './attemptError';
import { isRetryable, resolveRetryPolicy, retryDelayMs, type RetryPolicy } from './retryPolicy';
import type {
	AttemptRecord,
	DeliveryProgress,
	DeliveryRecord,
	HttpFunction,
	HttpMethod,
	HttpResponse,
	WaitingDelivery,
} from './types';

export interface DeliveryRequest {
	url: string;
	method?: HttpMethod;
	/** Serialised once by the caller; these exact bytes are what was signed and go out on every attempt. */
	body: Buffer;
	/** A function is asked again for every attempt (1-based), for schemes that sign a fresh timestamp. */
	headers: Record<string, string> | ((attempt: number) => Record<string, string>);
	eventId: string;
	timeoutMs: number;
}

export interface DeliveryOptions {
	policy?: Partial<RetryPolicy>;
	http: HttpFunction;
	/** The wait between attempts; it should reject with an AbortError when `signal` fires (the default does). */
	sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
	now?: () => number;
	random?: () => number;
	/** Bytes of the last response body kept in the record. */
	responseBodyLimit?: number;
	/** Cancels the delivery: the request in flight is aborted, a wait is cut short, no further attempt starts,
	 * and the record says `cancelled: true`. */
	signal?: AbortSignal;
}

export interface DurableOptions extends DeliveryOptions {
	/** A wait at least this long is not slept here: the delivery comes back as waiting, to be continued later
	 * (from its progress) by whoever keeps it. */
	durableFromMs: number;
	/** Where a delivery continued from an earlier run stands: the attempts made and the number of the next. */
	resumeFrom?: DeliveryProgress;
}

const DEFAULT_RESPONSE_BODY_LIMIT = 4096;
const TRUNCATION_MARK = '…[truncated]';

const CANCELLED_ATTEMPT = 'Cancelled before an answer arrived';
const isSuccess = (status: number | undefined | null) => status != null && status >= 200 && status <= 299;

/** Sends one event until a 2xx, a final failure, the last allowed attempt or a cancellation, and records every
 * attempt. Delivery failures and cancellations are results, not exceptions: only invalid arguments throw. */
export async function deliver(request: DeliveryRequest, options: DeliveryOptions): Promise<DeliveryRecord> {
	return (await runAttempts(request, options)) as DeliveryRecord;
}

/** The same, except that a wait of `durableFromMs` or more ends the call: the delivery is returned waiting,
 * with the moment its next attempt is due, and `resumeFrom` continues it there later. */
export async function deliverDurably(
	request: DeliveryRequest,
	options: DurableOptions,
): Promise<DeliveryRecord | WaitingDelivery> {
	return await runAttempts(request, options);
}

async function runAttempts(
	request: DeliveryRequest,
	options: DeliveryOptions & Partial<DurableOptions>,
): Promise<DeliveryRecord | WaitingDelivery> {
	const policy = resolveRetryPolicy(options.policy);
	if (!(request.timeoutMs > 0)) throw new RangeError(`timeoutMs must be positive, got ${request.timeoutMs}`);
	const { http, sleep = abortableSleep, now = Date.now, random = Math.random, signal } = options;
	const limit = options.responseBodyLimit ?? DEFAULT_RESPONSE_BODY_LIMIT;
	const method = request.method ?? 'POST';

	const attempts: AttemptRecord[] = [...(options.resumeFrom?.attempts ?? [])];
	let response: HttpResponse | undefined;
	let cancelled = false;
	for (let n = options.resumeFrom?.nextAttempt ?? 1; n <= policy.maxAttempts; n++) {
		if (signal?.aborted) {
			cancelled = true;
			break;
		}
		const headers = typeof request.headers === 'function' ? request.headers(n) : request.headers;
		const startedAt = now();
		let errorCodeSeen: string | undefined;
		try {
			response = await http({
				url: request.url,
				method,
				headers,
				body: request.body,
				timeoutMs: request.timeoutMs,
				signal,
			});
			attempts.push({ n, status: response.status, error: statusError(response.status), durationMs: now() - startedAt });
		} catch (error) {
			response = undefined;
			// The request may have reached the receiver, so it stays in the log; it is not retried.
			if (isAbortError(error)) {
				attempts.push({ n, status: null, error: CANCELLED_ATTEMPT, durationMs: now() - startedAt });
				cancelled = true;
				break;
			}
			errorCodeSeen = errorCode(error);
			const message = describeError(error, secretsOf(request.url, headers));
			attempts.push({ n, status: null, error: message, durationMs: now() - startedAt });
		}

		const status = response?.status;
		if (isSuccess(status)) break;
		if (!isRetryable({ status, errorCode: errorCodeSeen }) || n === policy.maxAttempts) break;
		const retryAfter = response ? headerValue(response.headers, 'retry-after') : undefined;
		const delay = retryDelayMs(n, policy, { status: status ?? null, retryAfter }, now(), random);
		if (options.durableFromMs !== undefined && delay >= options.durableFromMs) {
			return {
				waiting: true,
				eventId: request.eventId,
				url: request.url,
				status: status ?? null,
				attempts,
				responseBody: response ? decodeTruncated(response.body, limit) : '',
				nextAttempt: n + 1,
				dueAt: now() + delay,
			};
		}
		if (!(await completed(sleep(delay, signal)))) {
			cancelled = true;
			break;
		}
	}

	const status = response?.status ?? null;
	return {
		delivered: isSuccess(status),
		eventId: request.eventId,
		url: request.url,
		status,
		attempts,
		responseBody: response ? decodeTruncated(response.body, limit) : '',
		...(cancelled ? { cancelled: true } : {}),
	};
}

function statusError(status: number): string | null {
	if (isSuccess(status)) return null;
	return status >= 300 && status <= 399 ? `HTTP ${status} (redirects are not followed)` : `HTTP ${status}`;
}

/** Everything of the request that may be a credential and must never reach an attempt's error text. */
function secretsOf(url: string, headers: Record<string, string>): string[] {
	const secrets = Object.values(headers);
	if (URL.canParse(url)) {
		const parsed = new URL(url);
		secrets.push(parsed.username, parsed.password, ...parsed.searchParams.values());
	}
	return secrets;
}

function headerValue(headers: HttpResponse['headers'], name: string): string | string[] | undefined {
	const key = Object.keys(headers).find((candidate) => candidate.toLowerCase() === name);
	return key === undefined ? undefined : headers[key];
}

/** UTF-8 text of at most `limit` bytes; a character cut in half at the limit is dropped rather than shown as
 * a replacement character. */
function decodeTruncated(body: Buffer, limit: number): string {
	if (body.length <= limit) return body.toString('utf8');
	const text = new TextDecoder('utf-8').decode(body.subarray(0, limit), { stream: true });
	return text + TRUNCATION_MARK;
}
