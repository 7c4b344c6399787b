import jsonata from 'jsonata';

import { ExpressionError } from './expressionError';
import { LruCache } from './lruCache';
import { toPlainData } from './plainData';

export interface ExpressionLimits {
	/** Wall-clock budget of one evaluation. */
	timeoutMs: number;
	/** How deeply evaluation steps may nest; runaway non-tail recursion hits this first. */
	maxDepth: number;
}

export interface CompiledExpression {
	readonly source: string;
	/** Resolves with plain JSON data (undefined when the expression selects nothing); rejects with an
	 * ExpressionError. */
	evaluate(input: unknown): Promise<unknown>;
}

const DEFAULT_LIMITS: ExpressionLimits = { timeoutMs: 1000, maxDepth: 500 };

/** Longest sequence an evaluation may build. JSONata checks it before allocating a range, so `[1..10000000]`
 * is refused instead of allocating ten million numbers. Input arrays are bounded by the body size anyway. */
export const MAX_SEQUENCE_LENGTH = 1_000_000;

const CACHE_CAPACITY = 500;
const cache = new LruCache<string, CompiledExpression>(CACHE_CAPACITY);

/* Limits are JSONata's own guardrails (`timeout`, `stack`), checked on entry to every evaluation step, so no
 * loop or recursion written in JSONata can escape them. Unlike evaluate-entry/exit hooks they keep their
 * clock and depth counter per evaluate() call, so concurrent evaluations of one compiled expression cannot
 * see each other's deadline; and they add no await per step, which would make parallel branches (array
 * constructors, group-by) count towards the depth all at once. Being compile options, the limits are part
 * of the cache key: each source compiles once per pair of limits. */

function resolveLimits(limits: Partial<ExpressionLimits>): ExpressionLimits {
	const resolved = {
		timeoutMs: limits.timeoutMs ?? DEFAULT_LIMITS.timeoutMs,
		maxDepth: limits.maxDepth ?? DEFAULT_LIMITS.maxDepth,
	};
	// JSONata reads 0 as "no limit": refuse it rather than silently run unguarded.
	for (const [name, value] of Object.entries(resolved)) {
		if (!Number.isInteger(value) || value < 1)
			throw new RangeError(`${name} must be an integer of at least 1, got ${value}`);
	}
	return resolved;
}

interface JsonataFailure {
	code?: string;
	message?: string;
	position?: number;
}

function asFailure(error: unknown): JsonataFailure {
	return typeof error === 'object' && error !== null ? (error as JsonataFailure) : { message: String(error) };
}

function syntaxError(error: unknown): ExpressionError {
	const { code, message, position } = asFailure(error);
	const where = position === undefined ? '' : ` at position ${position}`;
	return new ExpressionError('syntax', `Syntax error${where}: ${message ?? 'invalid expression'}`, { code, position });
}

function evaluationError(error: unknown, limits: ExpressionLimits, elapsedMs: number): ExpressionError {
	if (error instanceof ExpressionError) return error;
	const { code, message, position } = asFailure(error);
	// Past the deadline, whatever surfaced ($eval re-wraps the timeout as D3121) is the time limit at work.
	if (code === 'D1012' || elapsedMs > limits.timeoutMs) {
		return new ExpressionError('timeout', `The expression ran longer than ${limits.timeoutMs} ms and was stopped`, {
			code,
			position,
		});
	}
	if (code === 'D1011') {
		return new ExpressionError(
			'depth',
			`The expression nested deeper than ${limits.maxDepth} levels and was stopped (runaway recursion?)`,
			{ code, position },
		);
	}
	if (code === 'D2014' || code === 'D2015') {
		return new ExpressionError('evaluation', `A sequence may hold at most ${MAX_SEQUENCE_LENGTH} items`, {
			code,
			position,
		});
	}
	const where = position === undefined ? '' : ` (at position ${position})`;
	return new ExpressionError('evaluation', `${message ?? 'Evaluation failed'}${where}`, { code, position });
}

/** Compiles (or takes from the cache) a JSONata expression; a syntax error throws an ExpressionError of kind
 * 'syntax' with its position. */
export function compileExpression(source: string, limits: Partial<ExpressionLimits> = {}): CompiledExpression {
	const resolved = resolveLimits(limits);
	const key = `${resolved.timeoutMs}:${resolved.maxDepth}:${source}`;
	const cached = cache.get(key);
	if (cached) return cached;

	let expression: jsonata.Expression;
	try {
		expression = jsonata(source, {
			timeout: resolved.timeoutMs,
			stack: resolved.maxDepth,
			sequence: MAX_SEQUENCE_LENGTH,
		});
	} catch (error) {
		throw syntaxError(error);
	}
	const compiled: CompiledExpression = {
		source,
		async evaluate(input) {
			const startedAt = Date.now();
			let result: unknown;
			try {
				// JSONata 2.2 writes into its input in places (an empty array gains an `undefined` member under an
				// object constructor; an object called as a function gains `token` and `position`): it gets a copy,
				// so the body a trigger passes on is the one it received. A copy costs about 2 µs for a 300-byte
				// body, 0.5 ms for 45 kB.
				result = toPlainData(await expression.evaluate(structuredClone(input)));
			} catch (error) {
				throw evaluationError(error, resolved, Date.now() - startedAt);
			}
			// JSONata checks its clock on entering a step, so a single long built-in call ($zip, $match,
			// $base64encode over a large value) can end past the deadline: that overrun is a timeout too.
			const elapsedMs = Date.now() - startedAt;
			if (elapsedMs > resolved.timeoutMs) throw evaluationError({ code: 'D1012' }, resolved, elapsedMs);
			return result;
		},
	};
	cache.set(key, compiled);
	return compiled;
}

/** Evaluates `source` over `input` within the limits (defaults: 1000 ms, depth 500). */
export async function evaluateExpression(
	source: string,
	input: unknown,
	limits: Partial<ExpressionLimits> = {},
): Promise<unknown> {
	return compileExpression(source, limits).evaluate(input);
}
