import type { InboundDecision } from './types';

export interface HttpAnswer {
	status: number;
	headers: Record<string, string>;
	/** JSON, or the exact text of a handshake reply (its content type is in headers). */
	body: Record<string, unknown> | string;
}

const STATUS = {
	unauthorized: 401,
	invalid_payload: 400,
	unsupported_media_type: 415,
	payload_too_large: 413,
	forbidden: 403,
	rate_limited: 429,
	in_progress: 503,
	store_unavailable: 503,
	keys_unavailable: 503,
} as const;

/** The wire answer of the design's table. A 401 says only "unauthorized": which check failed would help a
 * forger, so that stays in the Rejected output and the store's health record. */
export function answerFor(decision: InboundDecision, acceptedStatus: number, idField = 'deliveryId'): HttpAnswer {
	switch (decision.outcome) {
		case 'accepted':
			return { status: acceptedStatus, headers: {}, body: { ok: true, [idField]: decision.deliveryId } };
		case 'duplicate':
			return { status: 200, headers: {}, body: { ok: true, duplicate: true, [idField]: decision.deliveryId } };
		case 'ignored':
			return { status: 200, headers: {}, body: { ok: true, ignored: true } };
		case 'handshake': {
			const { reply } = decision;
			// nosniff: a reply that echoes the sender's token must never be taken for HTML by a browser.
			const headers = { 'content-type': `${reply.contentType}; charset=utf-8`, 'x-content-type-options': 'nosniff' };
			return { status: reply.status, headers, body: reply.body };
		}
		case 'rejected': {
			const headers: Record<string, string> = {};
			if (decision.retryAfterSeconds !== undefined) headers['retry-after'] = String(decision.retryAfterSeconds);
			const body: Record<string, unknown> = { ok: false, error: decision.reason };
			if (decision.reason === 'invalid_payload') body.details = decision.details ?? [];
			// What to change: neither says anything about the secret.
			if (decision.reason === 'unsupported_media_type' || decision.reason === 'payload_too_large') {
				body.message = decision.detail;
			}
			return { status: STATUS[decision.reason], headers, body };
		}
	}
}
