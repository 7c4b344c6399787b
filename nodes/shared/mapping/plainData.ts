import { ExpressionError } from './expressionError';

/** JSONata lambdas and built-ins are objects marked by these flags; regex literals are real functions. */
function isFunctionValue(value: unknown): boolean {
	if (typeof value === 'function') return true;
	const marked = value as { _jsonata_lambda?: unknown; _jsonata_function?: unknown } | null;
	return typeof marked === 'object' && marked !== null && Boolean(marked._jsonata_lambda || marked._jsonata_function);
}

/** Turns a JSONata result into plain JSON data for an n8n item: sequences become ordinary arrays, keys such
 * as `__proto__` stay inert own properties, and a function value is refused because it drags JSONata's
 * whole environment along and cannot be serialised. */
export function toPlainData(value: unknown): unknown {
	if (isFunctionValue(value)) throw new ExpressionError('evaluation', 'The expression returned a function, not data');
	if (value === null || typeof value !== 'object') return value;
	if (Array.isArray(value)) return value.map(toPlainData);
	return Object.fromEntries(
		Object.entries(value)
			.filter(([, member]) => member !== undefined)
			.map(([key, member]) => [key, toPlainData(member)]),
	);
}
