/** The transport contract between the delivery engine and whatever performs HTTP (node:http, a fake in tests). */

export type HttpMethod = 'POST' | 'PUT' | 'PATCH';

export interface HttpRequest {
	url: string;
	/** GET only for documents verification needs (a sender's JWKS); deliveries use HttpMethod. */
	method: HttpMethod | 'GET';
	headers: Record<string, string>;
	body: Buffer;
	timeoutMs: number;
	/** Aborts the request at once, whatever stage it is in; the promise then rejects with an AbortError. */
	signal?: AbortSignal;
}

export interface HttpResponse {
	status: number;
	headers: Record<string, string | string[] | undefined>;
	body: Buffer;
}

/** Resolves with any HTTP status (a 500 is a response, not an error). Rejects on network errors and timeouts
 * with an Error carrying a `code` such as 'ETIMEDOUT', 'ECONNRESET' or 'ECONNREFUSED', and with an AbortError
 * (code 'ABORT_ERR') when the request's signal fires. */
export type HttpFunction = (request: HttpRequest) => Promise<HttpResponse>;

export interface AttemptRecord {
	n: number;
	status: number | null;
	error: string | null;
	durationMs: number;
}

export interface DeliveryRecord {
	delivered: boolean;
	eventId: string;
	url: string;
	status: number | null;
	attempts: AttemptRecord[];
	responseBody: string;
	/** Present (true) only when the caller cancelled the delivery before it ended: not delivered, and no
	 * further attempt was made. */
	cancelled?: boolean;
	/** Present only when nothing was sent because the receiver is paused: `endpoint_paused`, and until when. */
	error?: 'endpoint_paused';
	pausedUntil?: string;
}

/** Where a delivery continued in a later run stands. */
export interface DeliveryProgress {
	attempts: AttemptRecord[];
	/** The 1-based number of the attempt to make next. */
	nextAttempt: number;
}

/** A delivery between two attempts whose wait is too long to hold in memory: it is kept elsewhere (the outbox)
 * and continued from its progress when due. */
export interface WaitingDelivery extends DeliveryProgress {
	waiting: true;
	eventId: string;
	url: string;
	/** The last answer's status (null: no answer) and body, as a record would show them. */
	status: number | null;
	responseBody: string;
	/** When the next attempt is due, in milliseconds since the epoch. */
	dueAt: number;
}
