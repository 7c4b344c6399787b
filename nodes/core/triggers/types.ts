import type { BasicCredentials, HeaderBag, PublicKeys, Secrets, VerificationConfig } from '../verification';
import type { HandshakeReply } from './handshakes';
import type { IpAllowlist } from './ipAllowlist';

export type IdempotencySource =
	| { mode: 'none' }
	| { mode: 'header'; header: string }
	| { mode: 'expression'; expression: string };

export interface InboundConfig {
	verification: VerificationConfig;
	/** The Verification value as chosen: a preset's name selects its handshake. */
	preset?: string;
	secrets: Secrets;
	basicAuth?: BasicCredentials;
	publicKeys?: PublicKeys;
	/** Meta's GET subscription check compares hub.verify_token with this. */
	verifyToken?: string;
	/** Undefined: any caller. */
	allowedIps?: IpAllowlist;
	/** Optional JSONata condition over { body, headers, query }: falsy answers 200 ignored, no execution. */
	filter?: string;
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
	method?: string;
	query?: Record<string, unknown>;
	/** The public URL called, with its query (Twilio signs it). */
	url?: string;
	/** The caller's address as n8n trusts it (its proxy-hops setting). */
	clientIp?: string;
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
	| 'forbidden'
	| 'rate_limited'
	| 'in_progress'
	| 'store_unavailable'
	| 'keys_unavailable';

export type InboundDecision =
	| {
			outcome: 'accepted';
			deliveryId: string;
			idempotencyKey: string | null;
			mapped?: unknown;
			verification: { method: string; secret: string };
	  }
	| { outcome: 'duplicate'; deliveryId: string; idempotencyKey: string }
	/** A sender's URL check, answered with the exact reply it expects. */
	| { outcome: 'handshake'; reply: HandshakeReply }
	/** Verified, but Only Run If said no. */
	| { outcome: 'ignored' }
	| {
			outcome: 'rejected';
			reason: RejectionReason;
			/** For logs and the Rejected output: what failed, never a value that helps a forger. */
			detail: string;
			details?: string[];
			retryAfterSeconds?: number;
	  };
