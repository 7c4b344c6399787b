/** Schemes where the request carries the secret itself: a bearer token, or a header the user names. */
import { safeEqualString } from './constantTime';
import { failure, success, type VerifyResult } from './outcomes';
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

/** `Authorization: Bearer <token>`, the scheme word in any case (RFC 9110 makes it case-insensitive). */
export function verifyBearer(secrets: Secrets, headers: HeaderBag): VerifyResult {
	const header = readRequiredHeader(headers, 'Authorization');
	if (!header.ok) return failure('bearer', header.reason);
	const parts = AUTHORIZATION.exec(header.value);
	if (!parts || parts[1].toLowerCase() !== 'bearer') return failure('bearer', 'malformed_header');
	return matchToken('bearer', parts[2], secrets);
}

/** The named header must hold the secret itself, exactly. */
export function verifyHeaderToken(headerName: string, secrets: Secrets, headers: HeaderBag): VerifyResult {
	const header = readRequiredHeader(headers, headerName);
	return header.ok ? matchToken('headerToken', header.value, secrets) : failure('headerToken', header.reason);
}
