/** Schemes where the request carries the secret itself: a bearer token, or a header the user names. */
import { safeEqualString } from './constantTime';
import { failure, success, type VerifyFailureReason, type VerifyResult } from './outcomes';
import type { HeaderBag, Secrets } from './types';
import { readRequiredHeader } from './wire';

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
