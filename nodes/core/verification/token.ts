import { safeEqualString } from './constantTime';
import { readRequiredHeader } from './headers';
import { failure, success } from './results';
import type { HeaderBag, Secrets, VerifyResult } from './types';

/** Compares a presented token with both secrets, always both, through fixed-size digests so neither which
 * secret matched nor the secret's length shows in the timing. */
export function matchToken(method: string, token: string, secrets: Secrets): VerifyResult {
	const current = safeEqualString(token, secrets.current);
	const previous = secrets.previous ? safeEqualString(token, secrets.previous) : false;
	if (current) return success(method, 'current');
	return previous ? success(method, 'previous') : failure(method, 'signature_mismatch');
}

/** The named header must hold the secret itself, exactly. */
export function verifyHeaderToken(headerName: string, secrets: Secrets, headers: HeaderBag): VerifyResult {
	const header = readRequiredHeader(headers, headerName);
	return header.ok ? matchToken('headerToken', header.value, secrets) : failure('headerToken', header.reason);
}
