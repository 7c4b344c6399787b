import type { Buffer } from 'node:buffer';
import type { KeyObject } from 'node:crypto';

export type HmacAlgorithm = 'sha1' | 'sha256' | 'sha512';
export type SignatureEncoding = 'hex' | 'base64';

/** Like IncomingHttpHeaders, but keys may be any case (headers copied into items keep the sender's case). */
export type HeaderBag = Record<string, string | string[] | undefined>;

export interface HmacOptions {
	algorithm: HmacAlgorithm;
	encoding: SignatureEncoding;
	signatureHeader: string;
	signaturePrefix?: string;
	/** Set when the header may carry several signatures (PagerDuty: one per active secret, comma-separated); any one
	 * matching is enough. Each part carries the prefix. */
	signatureSeparator?: string;
	/** Template of the signed bytes, default '{body}'; placeholders {body}, {timestamp} and {id}. */
	signedContent?: string;
	timestampHeader?: string;
	idHeader?: string;
	/** Default 300 when a timestamp is part of the scheme; 0 disables the age check. */
	toleranceSeconds?: number;
}

/** Ed25519 and ECDSA P-256 (SHA-256): like HMAC, a header, an encoding, a prefix and a signed-content
 * template, but checked against public keys. ECDSA signatures may be DER or raw r‖s (64 bytes). */
export interface PublicKeySignatureOptions {
	encoding: SignatureEncoding;
	signatureHeader: string;
	signaturePrefix?: string;
	signedContent?: string;
	timestampHeader?: string;
	toleranceSeconds?: number;
}

export type JwtAlgorithm =
	| 'HS256'
	| 'HS384'
	| 'HS512'
	| 'RS256'
	| 'RS384'
	| 'RS512'
	| 'PS256'
	| 'PS384'
	| 'PS512'
	| 'ES256'
	| 'ES384'
	| 'ES512'
	| 'EdDSA';

/** `Authorization: Bearer <JWT>`, signed with the secret (HS*) or a key of the JWKS at `jwksUrl`. */
export interface JwtOptions {
	/** Set: the keys come from this JWKS; unset: the secret is the HMAC key. */
	jwksUrl?: string;
	/** Allowed algorithms; empty means those of the key source (HS* for a secret, the asymmetric ones for JWKS). */
	algorithms?: JwtAlgorithm[];
	/** Accepted `iss` values; empty means any. */
	issuers?: string[];
	audience?: string;
	/** The `email` claim must equal this, with `email_verified` true. */
	email?: string;
	/** Leeway for exp/nbf/iat, seconds. */
	clockToleranceSeconds?: number;
}

export type VerificationConfig =
	| { method: 'none' }
	| { method: 'bearer' }
	| { method: 'headerToken'; headerName: string }
	| { method: 'basicAuth' }
	| { method: 'queryToken'; queryParameter: string }
	| ({ method: 'hmac' } & HmacOptions)
	| { method: 'standardWebhooks'; toleranceSeconds?: number }
	| { method: 'stripe'; toleranceSeconds?: number }
	| ({ method: 'ed25519' } & PublicKeySignatureOptions)
	| ({ method: 'ecdsa' } & PublicKeySignatureOptions)
	| ({ method: 'jwt' } & JwtOptions)
	| { method: 'twilio' }
	| { method: 'microsoftGraph' };

export type VerificationMethod = VerificationConfig['method'];

/** The schemes that sign the raw body (and so need it, and take a tolerance). */
export type SignedBodyConfig = Extract<VerificationConfig, { method: 'hmac' | 'standardWebhooks' | 'stripe' }>;

export interface Secrets {
	current: string;
	/** Still accepted by verification during a rotation; never used to sign. */
	previous?: string;
}

/** Public keys from the hooklinePublicKeyApi credential, parsed once (see publicKeys.ts). */
export interface PublicKeys {
	current: KeyObject;
	/** Still accepted during a rotation. */
	previous?: KeyObject;
}

export interface BasicCredentials {
	user: string;
	password: string;
}

export interface VerifyInput {
	rawBody: Buffer | undefined;
	headers: HeaderBag;
	secrets: Secrets;
	nowMs?: number;
	/** The query parameters as parsed (queryToken, Twilio's URL, handshakes). */
	query?: Record<string, unknown>;
	/** The public URL the sender called, with its query string (Twilio signs it). */
	url?: string;
	/** The body as parsed: Twilio's form fields, Microsoft Graph's notifications. */
	body?: unknown;
	basicAuth?: BasicCredentials;
	publicKeys?: PublicKeys;
}

export interface SignInput {
	body: Buffer;
	id?: string;
	timestampSeconds?: number;
}

/** What a body-signing scheme sees once the entry point has checked the body and the clock. */
export interface SignedRequest {
	body: Buffer;
	headers: HeaderBag;
	nowMs: number;
}
