import { ExpressionError, evaluateExpression } from '../mapping';
import { getSingleHeader } from '../verification';
import type { HeaderBag } from '../verification';
import type { IdempotencySource } from './types';

const MAX_KEY_LENGTH = 512;

export type KeyResult = { ok: true; key: string | null } | { ok: false; details: string[] };

/** The delivery's idempotency key, or a reason it has none. A configured source that yields no key is an
 * error: silently accepting would let duplicates through. */
export async function readIdempotencyKey(
	source: IdempotencySource,
	headers: HeaderBag,
	body: unknown,
): Promise<KeyResult> {
	if (source.mode === 'none') return { ok: true, key: null };
	let value: unknown;
	if (source.mode === 'header') {
		const header = getSingleHeader(headers, source.header);
		if (!('value' in header)) {
			const problem = 'duplicate' in header ? 'was sent more than once' : 'is missing';
			return { ok: false, details: [`Idempotency header ${source.header} ${problem}`] };
		}
		value = header.value;
	} else {
		try {
			value = await evaluateExpression(source.expression, body);
		} catch (error) {
			const message = error instanceof ExpressionError ? error.message : 'could not be evaluated';
			return { ok: false, details: [`Idempotency expression: ${message}`] };
		}
	}
	if ((typeof value !== 'string' && typeof value !== 'number') || String(value).trim() === '') {
		return { ok: false, details: ['The idempotency key is empty or not a string or number'] };
	}
	const key = String(value);
	if (key.length > MAX_KEY_LENGTH) {
		return { ok: false, details: [`The idempotency key is longer than ${MAX_KEY_LENGTH} characters`] };
	}
	return { ok: true, key };
}
