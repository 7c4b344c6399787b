import { Buffer } from 'node:buffer';

import type { SignatureEncoding } from './types';

const HEX = /^(?:[0-9a-fA-F]{2})*$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const BASE64URL = /^(?:[A-Za-z0-9_-]{4})*(?:[A-Za-z0-9_-]{2}(?:==)?|[A-Za-z0-9_-]{3}=?)?$/;

/** Hex digits in either case, even length; anything else is undefined. */
export function decodeHex(text: string): Buffer | undefined {
	return HEX.test(text) ? Buffer.from(text, 'hex') : undefined;
}

/** Standard base64 with its padding, and only the canonical spelling: Buffer.from alone would skip
 * foreign characters and ignore stray bits, accepting many texts for one value. */
export function decodeStandardBase64(text: string): Buffer | undefined {
	if (!BASE64.test(text)) return undefined;
	const bytes = Buffer.from(text, 'base64');
	return bytes.toString('base64') === text ? bytes : undefined;
}

/** The URL-safe alphabet, padded or not, canonical only. */
function decodeBase64Url(text: string): Buffer | undefined {
	if (!BASE64URL.test(text)) return undefined;
	const bytes = Buffer.from(text, 'base64url');
	return bytes.toString('base64url') === text.replace(/=+$/, '') ? bytes : undefined;
}

/** Base64 signatures may use the standard or the URL-safe alphabet (some senders pick base64url), but not
 * a mix; the comparison is over the decoded bytes, so accepting both spellings widens nothing. */
export function decodeBase64Signature(text: string): Buffer | undefined {
	return decodeStandardBase64(text) ?? decodeBase64Url(text);
}

export function decodeSignature(text: string, encoding: SignatureEncoding): Buffer | undefined {
	return encoding === 'hex' ? decodeHex(text) : decodeBase64Signature(text);
}
