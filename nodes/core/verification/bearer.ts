import { readRequiredHeader } from './headers';
import { failure } from './results';
import { matchToken } from './token';
import type { HeaderBag, Secrets, VerifyResult } from './types';

const METHOD = 'bearer';

/** A scheme word and one token separated by a single space; anything looser is refused as malformed. */
const AUTHORIZATION = /^(\S+) (\S+)$/;

/** `Authorization: Bearer <token>`, the scheme word in any case (RFC 9110 makes it case-insensitive). */
export function verifyBearer(secrets: Secrets, headers: HeaderBag): VerifyResult {
	const header = readRequiredHeader(headers, 'Authorization');
	if (!header.ok) return failure(METHOD, header.reason);
	const parts = AUTHORIZATION.exec(header.value);
	if (!parts || parts[1].toLowerCase() !== 'bearer') return failure(METHOD, 'malformed_header');
	return matchToken(METHOD, parts[2], secrets);
}
