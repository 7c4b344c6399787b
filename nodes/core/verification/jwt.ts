/** `Authorization: Bearer <JWT>`, signed with the secret (HS*) or a key of the sender's JWKS. */
import { errors, jwtVerify, type JWTPayload, type JWTVerifyOptions, type KeyLike } from 'jose';

import type { JwksProvider, KeySet } from './jwks';
import { deriveKeyCandidates } from './keys';
import { failure, success, type SecretLabel, type VerifyFailureReason, type VerifyResult } from './outcomes';
import { readBearerToken } from './tokens';
import type { HeaderBag, JwtAlgorithm, JwtOptions, Secrets } from './types';

const METHOD = 'jwt';

export const HMAC_ALGORITHMS: readonly JwtAlgorithm[] = ['HS256', 'HS384', 'HS512'];
export const PUBLIC_KEY_ALGORITHMS: readonly JwtAlgorithm[] = [
	'RS256',
	'RS384',
	'RS512',
	'PS256',
	'PS384',
	'PS512',
	'ES256',
	'ES384',
	'ES512',
	'EdDSA',
];

/** Google Cloud Pub/Sub push: an OIDC token from Google's key set and issuer
 * (https://cloud.google.com/pubsub/docs/authenticate-push-subscriptions). The preset adds the audience and the
 * push subscription's service account email, which it requires. */
export const GOOGLE_PUBSUB_JWT: Required<Pick<JwtOptions, 'jwksUrl' | 'issuers' | 'algorithms'>> = {
	jwksUrl: 'https://www.googleapis.com/oauth2/v3/certs',
	issuers: ['accounts.google.com', 'https://accounts.google.com'],
	algorithms: ['RS256'],
};

/** Covers clocks that drift apart (a VM without NTP, a sender's batch signed a little early) without much
 * lengthening a stolen token's life: senders give their tokens minutes to an hour. */
export const DEFAULT_JWT_CLOCK_TOLERANCE_SECONDS = 30;

/** Three base64url parts; the signature may be empty here so that an `alg: none` token is refused by the
 * algorithm check, as the forgery it is, rather than as a malformed header. */
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

export interface JwtInput {
	headers: HeaderBag;
	secrets: Secrets;
	nowMs: number;
}

/** The algorithms a token may use: only ever from the configuration, and only those of the key source, so a
 * token cannot pick HMAC to be checked against a public key's bytes, nor `none`. */
export function allowedAlgorithms(config: JwtOptions): JwtAlgorithm[] {
	const family = config.jwksUrl ? PUBLIC_KEY_ALGORITHMS : HMAC_ALGORITHMS;
	const configured = config.algorithms ?? [];
	return configured.length > 0 ? configured.filter((alg) => family.includes(alg)) : [...family];
}

/** What must change before this configuration can verify anything; empty when it can. */
export function jwtProblems(config: JwtOptions): string[] {
	const problems: string[] = [];
	if (config.jwksUrl !== undefined && !/^https?:\/\/[^/]/i.test(config.jwksUrl)) {
		problems.push('The JWKS URL must be an http or https URL');
	}
	if (allowedAlgorithms(config).length === 0) {
		problems.push(
			config.jwksUrl
				? 'With a JWKS URL the allowed algorithms must include an RS, PS, ES or EdDSA one'
				: 'With a secret the allowed algorithms must include HS256, HS384 or HS512',
		);
	}
	return problems;
}

function verifyOptions(config: JwtOptions, algorithms: JwtAlgorithm[], nowMs: number): JWTVerifyOptions {
	const tolerance = config.clockToleranceSeconds;
	return {
		algorithms,
		issuer: config.issuers?.length ? config.issuers : undefined,
		audience: config.audience || undefined,
		clockTolerance:
			tolerance !== undefined && Number.isFinite(tolerance) && tolerance >= 0
				? tolerance
				: DEFAULT_JWT_CLOCK_TOLERANCE_SECONDS,
		currentDate: new Date(nowMs),
		// A token without an expiry would be good forever to whoever captured one.
		requiredClaims: ['exp'],
	};
}

/** Why jose refused a token, as a verification outcome. */
function reasonOf(error: unknown): VerifyFailureReason {
	if (error instanceof errors.JWTExpired) return 'timestamp_out_of_tolerance';
	if (error instanceof errors.JWTClaimValidationFailed) {
		if (error.claim === 'exp' && error.reason === 'missing') return 'missing_timestamp';
		if (error.claim === 'exp' || error.claim === 'nbf' || error.claim === 'iat') {
			return error.reason === 'check_failed' ? 'timestamp_out_of_tolerance' : 'invalid_timestamp';
		}
		return 'claim_mismatch';
	}
	if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid) return 'malformed_header';
	// A wrong signature, an algorithm the configuration does not allow, a key that does not fit the algorithm.
	return 'signature_mismatch';
}

/** `email` equal to the configured one and confirmed by the issuer: Google sets `email_verified` for the
 * service accounts it signs for; an unverified address proves nothing. */
function emailMatches(config: JwtOptions, payload: JWTPayload): boolean {
	return !config.email || (payload.email === config.email && payload.email_verified === true);
}

function claimsResult(config: JwtOptions, payload: JWTPayload, secret: SecretLabel | 'none'): VerifyResult {
	return emailMatches(config, payload) ? success(METHOD, secret) : failure(METHOD, 'claim_mismatch');
}

type Attempt = { ok: true; payload: JWTPayload } | { ok: false; error: unknown };

async function attempt(token: string, key: KeyLike | Uint8Array | KeySet, options: JWTVerifyOptions): Promise<Attempt> {
	try {
		// Two calls because jose types a key and a key set resolver as separate overloads.
		const verified =
			typeof key === 'function' ? await jwtVerify(token, key, options) : await jwtVerify(token, key, options);
		return { ok: true, payload: verified.payload };
	} catch (error) {
		return { ok: false, error };
	}
}

/** The secret's HMAC algorithms, with the current secret, then the previous one when the signature does not
 * match the current: a token whose signature matches but whose claims fail is refused outright. */
async function verifyWithSecret(
	token: string,
	config: JwtOptions,
	input: JwtInput,
	options: JWTVerifyOptions,
): Promise<VerifyResult> {
	const keys = deriveKeyCandidates('utf8', input.secrets);
	if (!keys.ok) return failure(METHOD, keys.reason);
	let reason: VerifyFailureReason = 'signature_mismatch';
	for (const candidate of keys.candidates) {
		const result = await attempt(token, candidate.key, options);
		if (result.ok) return claimsResult(config, result.payload, candidate.secret);
		reason = reasonOf(result.error);
		if (reason !== 'signature_mismatch') break;
	}
	return failure(METHOD, reason);
}

/** jose leaves a token that names no `kid` to the caller when several keys of the set fit its algorithm:
 * each is tried, and the first that verifies wins. */
async function verifyWithKeySet(token: string, keys: KeySet, options: JWTVerifyOptions): Promise<Attempt> {
	const first = await attempt(token, keys, options);
	if (first.ok || !(first.error instanceof errors.JWKSMultipleMatchingKeys)) return first;
	for await (const key of first.error as unknown as AsyncIterable<KeyLike>) {
		const result = await attempt(token, key, options);
		if (result.ok || !(result.error instanceof errors.JWSSignatureVerificationFailed)) return result;
	}
	return { ok: false, error: new errors.JWSSignatureVerificationFailed() };
}

/** A key of the sender's set; a token naming a key the cached set lacks gets the set fetched again, at most
 * as often as the provider allows, and one more try. */
async function verifyWithJwks(
	token: string,
	config: JwtOptions & { jwksUrl: string },
	provider: JwksProvider,
	options: JWTVerifyOptions,
): Promise<VerifyResult> {
	const cached = await provider.get(config.jwksUrl);
	if (!cached.ok) return failure(METHOD, 'keys_unavailable');
	let result = await verifyWithKeySet(token, cached.keys, options);
	if (!result.ok && result.error instanceof errors.JWKSNoMatchingKey) {
		const refreshed = await provider.refresh(config.jwksUrl);
		if (!refreshed) return failure(METHOD, 'signature_mismatch');
		if (!refreshed.ok) return failure(METHOD, 'keys_unavailable');
		result = await verifyWithKeySet(token, refreshed.keys, options);
	}
	return result.ok ? claimsResult(config, result.payload, 'none') : failure(METHOD, reasonOf(result.error));
}

async function verify(config: JwtOptions, input: JwtInput, keys: JwksProvider | undefined): Promise<VerifyResult> {
	const bearer = readBearerToken(input.headers);
	if (!bearer.ok) return failure(METHOD, bearer.reason);
	if (!COMPACT_JWS.test(bearer.token)) return failure(METHOD, 'malformed_header');
	const algorithms = allowedAlgorithms(config);
	if (algorithms.length === 0) return failure(METHOD, 'missing_key');
	const options = verifyOptions(config, algorithms, input.nowMs);
	if (!config.jwksUrl) return verifyWithSecret(bearer.token, config, input, options);
	if (!keys) return failure(METHOD, 'missing_key');
	return verifyWithJwks(bearer.token, { ...config, jwksUrl: config.jwksUrl }, keys, options);
}

/** Verifies a JWT bearer token. Never rejects: anything unforeseen is refused as malformed. */
export async function verifyJwt(config: JwtOptions, input: JwtInput, keys?: JwksProvider): Promise<VerifyResult> {
	try {
		return await verify(config, input, keys);
	} catch {
		return failure(METHOD, 'malformed_header');
	}
}
