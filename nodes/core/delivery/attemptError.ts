/** Reads the `code` that node's network errors (and our own timeouts) carry. */
export function errorCode(error: unknown): string | undefined {
	const code = (error as { code?: unknown } | null)?.code;
	return typeof code === 'string' ? code : undefined;
}

const MIN_REDACTED_LENGTH = 4;

/** One line for an attempt log. Some node errors quote what they rejected (an invalid header value, a URL
 * with credentials), so every secret-bearing string the request carried is blanked out before the line is
 * recorded in execution data. */
export function describeError(error: unknown, secrets: readonly string[]): string {
	const code = errorCode(error);
	const message = error instanceof Error ? error.message : String(error);
	let text = code && !message.includes(code) ? `${code}: ${message}` : message;
	for (const secret of secrets) {
		if (secret.length >= MIN_REDACTED_LENGTH) text = text.split(secret).join('[redacted]');
	}
	return text || code || 'Unknown error';
}
