import type { Buffer } from 'node:buffer';

export type HmacAlgorithm = 'sha1' | 'sha256' | 'sha512';
export type SignatureEncoding = 'hex' | 'base64';

/** Like IncomingHttpHeaders, but keys may be any case (headers copied into items keep the sender's case). */
export type HeaderBag = Record<string, string | string[] | undefined>;

export interface HmacOptions {
	algorithm: HmacAlgorithm;
	encoding: SignatureEncoding;
	signatureHeader: string;
	signaturePrefix?: string;
	/** Template of the signed bytes, default '{body}'; placeholders {body}, {timestamp} and {id}. */
	signedContent?: string;
	timestampHeader?: string;
	idHeader?: string;
	/** Default 300 when a timestamp is part of the scheme; 0 disables the age check. */
	toleranceSeconds?: number;
}

export type VerificationConfig =
	| { method: 'none' }
	| { method: 'bearer' }
	| { method: 'headerToken'; headerName: string }
	| ({ method: 'hmac' } & HmacOptions)
	| { method: 'standardWebhooks'; toleranceSeconds?: number }
	| { method: 'stripe'; toleranceSeconds?: number };

export type VerificationMethod = VerificationConfig['method'];

/** The schemes that sign the raw body (and so need it, and take a tolerance). */
export type SignedBodyConfig = Extract<VerificationConfig, { method: 'hmac' | 'standardWebhooks' | 'stripe' }>;

export interface Secrets {
	current: string;
	/** Still accepted by verification during a rotation; never used to sign. */
	previous?: string;
}

export interface VerifyInput {
	rawBody: Buffer | undefined;
	headers: HeaderBag;
	secrets: Secrets;
	nowMs?: number;
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
