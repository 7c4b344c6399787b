import type { HeaderBag, Secrets, VerificationConfig } from '../verification';

export type IdempotencySource =
	| { mode: 'none' }
	| { mode: 'header'; header: string }
	| { mode: 'expression'; expression: string };

export interface InboundConfig {
	verification: VerificationConfig;
	secrets: Secrets;
	idempotency: IdempotencySource;
	idempotencyWindowSeconds: number;
	/** Requests per minute; 0 turns the limit off. */
	rateLimitPerMinute: number;
	/** Optional JSONata expression whose result becomes the item's `mapped` field. */
	mapping?: string;
	/** Namespace of this trigger's keys in the store (workflow and node), so triggers never share a window. */
	scope: string;
}

export interface InboundRequest {
	rawBody: Buffer | undefined;
	headers: HeaderBag;
	/** The body as n8n parsed it; mapping and key expressions read it. */
	body: unknown;
	nowMs: number;
	/** The Content-Type header, if any. */
	contentType?: string;
}

export type RejectionReason =
	| 'unauthorized'
	| 'invalid_payload'
	| 'unsupported_media_type'
	| 'payload_too_large'
	| 'rate_limited'
	| 'in_progress'
	| 'store_unavailable';

export type InboundDecision =
	| {
			outcome: 'accepted';
			deliveryId: string;
			idempotencyKey: string | null;
			mapped?: unknown;
			verification: { method: string; secret: string };
	  }
	| { outcome: 'duplicate'; deliveryId: string; idempotencyKey: string }
	| {
			outcome: 'rejected';
			reason: RejectionReason;
			/** For logs and the Rejected output: what failed, never a value that helps a forger. */
			detail: string;
			details?: string[];
			retryAfterSeconds?: number;
	  };
