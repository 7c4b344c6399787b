import { ExpressionError } from './expressionError';

/** JSONata lambdas and built-ins are objects marked by these flags; regex literals are real functions. */
function isFunctionValue(value: unknown): boolean {
	if (typeof value === 'function') return true;
	const marked = value as { _jsonata_lambda?: unknown; _jsonata_function?: unknown } | null;
	return typeof marked === 'object' && marked !== null && Boolean(marked._jsonata_lambda || marked._jsonata_function);
}

/** Turns a JSONata result into plain JSON data for an n8n item: sequences become ordinary arrays, keys such
 * as `__proto__` stay inert own properties, and a function value (which drags JSONata's whole environment
 * along and cannot be serialised) or a non-finite number is refused. */
export function toPlainData(value: unknown): unknown {
	if (isFunctionValue(value)) throw new ExpressionError('evaluation', 'The expression returned a function, not data');
	// Arithmetic can yield NaN or ±Infinity (0/0, 1/0), which JSON cannot hold: as JSONata's own functions do,
	// refuse them rather than let them become null in the item, or the idempotency key "NaN" for every body.
	if (typeof value === 'number' && !Number.isFinite(value)) {
		throw new ExpressionError('evaluation', `The expression returned ${value}, which is not a JSON number`);
	}
	if (value === null || typeof value !== 'object') return value;
	// JSONata drops undefined from sequences, but a path over a constructed array can still leave some
	// (`[0, 0].a[" "]`): dropped here too, as for object members, so no item holds a hole.
	if (Array.isArray(value)) return value.filter((item) => item !== undefined).map(toPlainData);
	return Object.fromEntries(
		Object.entries(value)
			.filter(([, member]) => member !== undefined)
			.map(([key, member]) => [key, toPlainData(member)]),
	);
}
