import { randomUUID } from 'node:crypto';

/** The timestamp to sign with: the caller's (so tests and retries can pin it) or now, in Unix seconds. */
export function signingTimestamp(timestampSeconds: number | undefined): string {
	const seconds = timestampSeconds ?? Math.floor(Date.now() / 1000);
	if (!Number.isSafeInteger(seconds) || seconds < 0) {
		throw new RangeError(`The signing timestamp must be whole seconds ≥ 0, got ${seconds}`);
	}
	return String(seconds);
}

/** A fresh message id in the style Standard Webhooks senders use, for callers that bring none. */
export function newMessageId(): string {
	return `msg_${randomUUID().replaceAll('-', '')}`;
}

/** Signing with no secret would send a request no receiver can verify; that is a caller's mistake. */
export function requireSecret(secret: string): string {
	if (!secret) throw new Error('A secret is needed to sign');
	return secret;
}
