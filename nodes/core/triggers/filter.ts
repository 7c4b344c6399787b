/** The `filter` setting: whether a verified delivery starts an execution at all. */
import { evaluateExpression, ExpressionError } from '../mapping';

export interface FilterInput {
	body: unknown;
	headers: Record<string, unknown>;
	query: Record<string, unknown>;
}

export type FilterOutcome = { pass: boolean } | { error: string };

/**
 * JSONata's own truth of a value ($boolean, and what its predicates `[…]` and conditions `? :` use), so a
 * filter means what the same expression means inside JSONata: nothing selected, null, false, 0, '', an empty
 * array or object, and an array none of whose members is true are false. JavaScript's truthiness would pass
 * `[]`, which JSONata returns when a path matches nothing, and `[false, false]`, which `body.items.active`
 * gives when no item is active.
 */
function isTrue(value: unknown): boolean {
	if (Array.isArray(value)) return value.some(isTrue);
	if (value !== null && typeof value === 'object') return Object.keys(value).length > 0;
	return Boolean(value);
}

/** Evaluates the filter within the mapping's limits (time, depth, sequence length); a syntax error, a
 * failure or a timeout is an error to report, never a pass. */
export async function evaluateFilter(expression: string, input: FilterInput): Promise<FilterOutcome> {
	try {
		return { pass: isTrue(await evaluateExpression(expression, input)) };
	} catch (error) {
		return { error: error instanceof ExpressionError ? error.message : String(error) };
	}
}
