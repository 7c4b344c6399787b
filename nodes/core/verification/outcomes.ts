/** What verification answers: which secret matched, or why the request was refused and what that means. */

export type SecretLabel = 'current' | 'previous';

export type VerifyFailureReason =
	| 'missing_raw_body'
	| 'missing_secret'
	| 'invalid_secret'
	| 'missing_header'
	| 'duplicate_header'
	| 'malformed_header'
	| 'missing_parameter'
	| 'duplicate_parameter'
	| 'missing_url'
	| 'malformed_body'
	| 'missing_timestamp'
	| 'invalid_timestamp'
	| 'timestamp_out_of_tolerance'
	| 'signature_mismatch'
	| 'claim_mismatch'
	| 'missing_key'
	| 'keys_unavailable'
	| 'unsupported_method';

export type VerifyResult =
	| { ok: true; method: string; secret: SecretLabel | 'none' }
	| { ok: false; method: string; reason: VerifyFailureReason };

export const failure = (method: string, reason: VerifyFailureReason): VerifyResult => ({ ok: false, method, reason });

export const success = (method: string, secret: SecretLabel | 'none'): VerifyResult => ({ ok: true, method, secret });

/** What each failure means, for people reading an execution. They describe the request's form only and
 * never contain an expected value. */
export const FAILURE_MESSAGES: Readonly<Record<VerifyFailureReason, string>> = Object.freeze({
	missing_raw_body:
		'The raw request body is not available, so the signature cannot be checked (turn on Raw Body in the Webhook node)',
	missing_secret: 'No secret is configured',
	invalid_secret:
		'The secret cannot be used by this scheme (Standard Webhooks secrets are base64, optionally after whsec_)',
	missing_header: 'A required header is missing',
	duplicate_header: 'A header that must appear once appears several times',
	malformed_header: 'A signature or authorization header is not in the expected format',
	missing_parameter: 'A required query parameter is missing',
	duplicate_parameter: 'A query parameter that must appear once appears several times',
	missing_url:
		'The public URL the sender called is not known or not an http(s) URL, so the signature over it cannot be checked',
	malformed_body:
		'The body is not in the form the scheme expects (Microsoft Graph: a non-empty value array of notifications, each with its clientState)',
	missing_timestamp: 'The timestamp is missing',
	invalid_timestamp: 'The timestamp is not a whole number of seconds',
	timestamp_out_of_tolerance:
		'The timestamp is too far from the current time (a replay, a long delay or a wrong clock)',
	signature_mismatch: 'The signature or token does not match the secret',
	claim_mismatch: 'The token is valid but its issuer, audience or email is not the one configured',
	missing_key: 'No usable public key or key set is configured',
	keys_unavailable: 'The key set (JWKS) could not be fetched; the sender should retry',
	unsupported_method: 'This verification method is not available here',
});
