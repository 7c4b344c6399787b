/** Schemes where the request carries the secret itself: a bearer token, a header the user names, HTTP Basic
 * credentials, or a query parameter. */
import { Buffer } from 'node:buffer';

import { safeEqualString } from './constantTime';
import { failure, success, type VerifyFailureReason, type VerifyResult } from './outcomes';
import type { BasicCredentials, HeaderBag, Secrets } from './types';
import { decodeStandardBase64, readRequiredHeader } from './wire';

/** A scheme word and one token separated by a single space; anything looser is refused as malformed. */
const AUTHORIZATION = /^(\S+) (\S+)$/;

/** Compares a presented token with both secrets, always both, through fixed-size digests so neither which
 * secret matched nor the secret's length shows in the timing. */
function matchToken(method: string, token: string, secrets: Secrets): VerifyResult {
	const current = safeEqualString(token, secrets.current);
	const previous = secrets.previous ? safeEqualString(token, secrets.previous) : false;
	if (current) return success(method, 'current');
	return previous ? success(method, 'previous') : failure(method, 'signature_mismatch');
}

export type BearerToken = { ok: true; token: string } | { ok: false; reason: VerifyFailureReason };

/** The token of the one `Authorization: Bearer <token>` header, the scheme word in any case (RFC 9110 makes it
 * case-insensitive). Shared by the bearer and JWT schemes so both refuse the same malformed headers. */
export function readBearerToken(headers: HeaderBag): BearerToken {
	const header = readRequiredHeader(headers, 'Authorization');
	if (!header.ok) return header;
	const parts = AUTHORIZATION.exec(header.value);
	if (!parts || parts[1].toLowerCase() !== 'bearer') return { ok: false, reason: 'malformed_header' };
	return { ok: true, token: parts[2] };
}

export function verifyBearer(secrets: Secrets, headers: HeaderBag): VerifyResult {
	const bearer = readBearerToken(headers);
	return bearer.ok ? matchToken('bearer', bearer.token, secrets) : failure('bearer', bearer.reason);
}

/** The named header must hold the secret itself, exactly. */
export function verifyHeaderToken(headerName: string, secrets: Secrets, headers: HeaderBag): VerifyResult {
	const header = readRequiredHeader(headers, headerName);
	return header.ok ? matchToken('headerToken', header.value, secrets) : failure('headerToken', header.reason);
}

/** The user and password of `Basic <base64(user:password)>`, or undefined when the value is not exactly that:
 * canonical base64 of valid UTF-8 (RFC 7617) holding a colon. The user ends at the first colon, since RFC 7617
 * forbids one in it, so the password may contain more. */
function parseBasic(token: string): BasicCredentials | undefined {
	const bytes = decodeStandardBase64(token);
	if (!bytes) return undefined;
	const text = bytes.toString('utf8');
	// Invalid UTF-8 would decode to replacement characters that could then equal a configured password.
	if (!Buffer.from(text, 'utf8').equals(bytes)) return undefined;
	const colon = text.indexOf(':');
	return colon < 0 ? undefined : { user: text.slice(0, colon), password: text.slice(colon + 1) };
}

/** `Authorization: Basic <base64(user:password)>`, the scheme word in any case, against one fixed pair of
 * credentials (n8n's Basic Auth credential has no previous password, so there is no rotation). User and
 * password are both always compared, so timing does not tell which of them was wrong. */
export function verifyBasicAuth(expected: BasicCredentials | undefined, headers: HeaderBag): VerifyResult {
	if (!expected?.user || !expected.password) return failure('basicAuth', 'missing_secret');
	const header = readRequiredHeader(headers, 'Authorization');
	if (!header.ok) return failure('basicAuth', header.reason);
	const parts = AUTHORIZATION.exec(header.value);
	const presented = parts && parts[1].toLowerCase() === 'basic' ? parseBasic(parts[2]) : undefined;
	if (!presented) return failure('basicAuth', 'malformed_header');
	const user = safeEqualString(presented.user, expected.user);
	const password = safeEqualString(presented.password, expected.password);
	return user && password ? success('basicAuth', 'current') : failure('basicAuth', 'signature_mismatch');
}

/** The named query parameter must hold the secret itself, exactly, once. A repeated parameter is refused
 * rather than one copy picked, as for headers: a forger could otherwise choose which copy is read. Anything
 * but a plain non-empty string (a bracketed `token[x]=` a query parser turned into an object) is missing. */
export function verifyQueryToken(
	queryParameter: string,
	secrets: Secrets,
	query: Record<string, unknown> | undefined,
): VerifyResult {
	const value = query && Object.hasOwn(query, queryParameter) ? query[queryParameter] : undefined;
	if (Array.isArray(value) && value.length > 1) return failure('queryToken', 'duplicate_parameter');
	if (typeof value !== 'string' || value === '') return failure('queryToken', 'missing_parameter');
	return matchToken('queryToken', value, secrets);
}

/** A copy of the query without the token's parameter, so that the item never carries the secret. */
export function withoutQueryParameter(
	query: Record<string, unknown> | undefined,
	name: string,
): Record<string, unknown> {
	const copy = { ...query };
	delete copy[name];
	return copy;
}
