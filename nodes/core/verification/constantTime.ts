import { createHash, timingSafeEqual } from 'node:crypto';
import type { Buffer } from 'node:buffer';

/** Constant-time equality of two byte strings. Unequal lengths still run a full comparison (of `a` with
 * itself) so the time taken depends on `a`'s length only, never on where the contents differ. */
export function safeEqual(a: Buffer, b: Buffer): boolean {
	if (a.length !== b.length) {
		timingSafeEqual(a, a);
		return false;
	}
	return timingSafeEqual(a, b);
}

const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();

/** Constant-time equality of two strings of any length: comparing fixed-size digests keeps the length of a
 * secret token from leaking through timing as well. */
export function safeEqualString(a: string, b: string): boolean {
	return timingSafeEqual(digest(a), digest(b));
}
