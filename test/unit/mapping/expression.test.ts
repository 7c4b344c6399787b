jest.mock('jsonata', () => {
	const actual = jest.requireActual('jsonata');
	return jest.fn((...args: unknown[]) => actual(...args));
});

import jsonata from 'jsonata';

import { compileExpression, evaluateExpression, MAX_SEQUENCE_LENGTH } from '../../../nodes/core/mapping/expression';
import { ExpressionError } from '../../../nodes/core/mapping/expressionError';

const compiler = jsonata as unknown as jest.Mock;

async function failure(run: Promise<unknown>): Promise<ExpressionError> {
	try {
		await run;
	} catch (error) {
		expect(error).toBeInstanceOf(ExpressionError);
		return error as ExpressionError;
	}
	throw new Error('expected the evaluation to fail');
}

const INFINITE_TAIL_CALL = '($f := function($x){ $f($x) }; $f(1))';
const INFINITE_COUNTER = '($loop := function($n){ $n < 0 ? 0 : $loop($n + 1) }; $loop(0))';
const DEEP_RECURSION = '($f := function($n){ $n = 0 ? 0 : 1 + $f($n - 1) }; $f(100000))';

describe('evaluateExpression', () => {
	it('maps a body as AlgaPSA-style field mappings do', async () => {
		const body = { device: { id: 'dev-42', hostname: 'srv01', tags: ['a', 'b'] }, extra: true };
		expect(await evaluateExpression('{ "external_id": device.id, "name": device.hostname }', body)).toEqual({
			external_id: 'dev-42',
			name: 'srv01',
		});
	});

	it('returns undefined when the expression selects nothing', async () => {
		expect(await evaluateExpression('device.missing', { device: {} })).toBeUndefined();
	});

	it('returns plain JSON data: sequences become ordinary arrays', async () => {
		const result = await evaluateExpression('items.id', { items: [{ id: 1 }, { id: 2 }] });
		expect(result).toEqual([1, 2]);
		expect(Object.keys(result as object)).toEqual(['0', '1']);
		expect(JSON.parse(JSON.stringify({ result }))).toEqual({ result: [1, 2] });
	});

	it('keeps a __proto__ key produced by the expression as inert data', async () => {
		const result = (await evaluateExpression('{ "__proto__": { "polluted": true }, "ok": 1 }', {})) as Record<
			string,
			unknown
		>;
		expect(Object.getPrototypeOf(result)).toBe(Object.prototype);
		expect(Object.keys(result)).toEqual(['__proto__', 'ok']);
		expect(result.polluted).toBeUndefined();
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
	});

	it.each(['function($x){ $x }', '$string', '{ "f": function($x){ $x } }', '/regex/'])(
		'refuses a function result: %s',
		async (source) => {
			const error = await failure(evaluateExpression(source, {}));
			expect(error.kind).toBe('evaluation');
			expect(error.message).toBe('The expression returned a function, not data');
		},
	);

	it.each<[string, string, unknown]>([
		// JSONata pushes `undefined` into an empty input array under an object constructor.
		['an empty array under an object constructor', '($v := {"k": [{}, "x"^(>b)]}; a)', []],
		// JSONata writes `token` and `position` onto an object it is asked to call, before failing.
		['an object called as a function', 'device(1)', { device: { id: 'dev-42' } }],
	])('leaves the input untouched where JSONata would write into it: %s', async (_case, source, input) => {
		const before = JSON.stringify(input);
		await evaluateExpression(source, input).catch(() => undefined);
		expect(JSON.stringify(input)).toBe(before);
	});

	it('reports a syntax error with its position', async () => {
		const source = '{ "a": device.id ';
		expect(() => compileExpression(source)).toThrow(ExpressionError);
		const error = await failure(evaluateExpression(source, {}));
		expect(error).toMatchObject({ kind: 'syntax', code: 'S0203', position: 17 });
		expect(error.message).toBe('Syntax error at position 17: Expected "}" before end of expression');
	});

	it('reports an evaluation error with JSONata’s reason', async () => {
		const error = await failure(evaluateExpression('$number(device.id)', { device: { id: 'abc' } }));
		expect(error).toMatchObject({ kind: 'evaluation', code: 'D3030' });
		expect(error.message).toBe('Unable to cast value to a number: "abc" (at position 8)');
		expect((await failure(evaluateExpression('$error("no device")', {}))).message).toContain('no device');
	});

	describe('cache', () => {
		beforeEach(() => compiler.mockClear());

		it('compiles a source once and reuses it', async () => {
			const source = '{ "cached": device.id }';
			for (let i = 0; i < 5; i++)
				expect(await evaluateExpression(source, { device: { id: i } })).toEqual({ cached: i });
			expect(compileExpression(source)).toBe(compileExpression(source));
			expect(compiler).toHaveBeenCalledTimes(1);
		});

		it('compiles again for other limits, since they are compile options', async () => {
			const source = '"limits " & $string(1)';
			await evaluateExpression(source, {});
			await evaluateExpression(source, {}, { timeoutMs: 1000, maxDepth: 500 });
			expect(compiler).toHaveBeenCalledTimes(1);
			await evaluateExpression(source, {}, { timeoutMs: 50 });
			expect(compiler).toHaveBeenCalledTimes(2);
		});

		it('does not cache syntax errors as expressions', () => {
			expect(() => compileExpression('(((')).toThrow(ExpressionError);
			expect(() => compileExpression('(((')).toThrow(ExpressionError);
			expect(compiler).toHaveBeenCalledTimes(2);
		});

		it('forgets the least recently used source past 500 entries', () => {
			const first = compileExpression('"evict me"');
			for (let i = 0; i < 500; i++) compileExpression(`"filler ${i}"`);
			compiler.mockClear();
			expect(compileExpression('"evict me"')).not.toBe(first);
			expect(compiler).toHaveBeenCalledTimes(1);
		});
	});

	describe('limits', () => {
		it.each([
			['an infinite tail call', INFINITE_TAIL_CALL],
			['an unbounded counter', INFINITE_COUNTER],
		])('stops %s at the time limit and the process stays responsive', async (_name, source) => {
			let timerFired = false;
			setTimeout(() => (timerFired = true), 0);
			const started = Date.now();
			const error = await failure(evaluateExpression(source, {}, { timeoutMs: 200 }));
			const elapsed = Date.now() - started;
			expect(error.kind).toBe('timeout');
			expect(error.message).toBe('The expression ran longer than 200 ms and was stopped');
			expect(elapsed).toBeGreaterThanOrEqual(200);
			expect(elapsed).toBeLessThan(1000);
			await new Promise((resolve) => setTimeout(resolve, 0));
			expect(timerFired).toBe(true);
		});

		it('stops runaway non-tail recursion at the depth limit', async () => {
			const started = Date.now();
			const error = await failure(evaluateExpression(DEEP_RECURSION, {}));
			expect(error.kind).toBe('depth');
			expect(error.message).toContain('deeper than 500 levels');
			expect(Date.now() - started).toBeLessThan(1000);
		});

		it('lets honest recursion and wide expressions through', async () => {
			expect(await evaluateExpression('($f := function($n){ $n = 0 ? 0 : 1 + $f($n - 1) }; $f(50))', {})).toBe(50);
			const wide = `$count([${Array.from({ length: 2000 }, (_, i) => i).join(',')}])`;
			expect(await evaluateExpression(wide, {})).toBe(2000);
			expect(
				await evaluateExpression('$sum(items.($ * 2))', { items: Array.from({ length: 10_000 }, (_, i) => i) }),
			).toBe(99_990_000);
		});

		it('catches a timeout raised inside $eval', async () => {
			const error = await failure(evaluateExpression(`$eval('${INFINITE_TAIL_CALL}')`, {}, { timeoutMs: 100 }));
			expect(error.kind).toBe('timeout');
		});

		it('refuses huge ranges before allocating them', async () => {
			for (const source of ['[1..10000000]', '$count([1..10000000])', '[1..100000000000]']) {
				const started = Date.now();
				const error = await failure(evaluateExpression(source, {}));
				expect(error.kind).toBe('evaluation');
				expect(error.message).toBe(`A sequence may hold at most ${MAX_SEQUENCE_LENGTH} items`);
				expect(Date.now() - started).toBeLessThan(200);
			}
			expect(await evaluateExpression('$count([1..1000])', {})).toBe(1000);
		});

		it('keeps deadlines apart when evaluations run concurrently with different limits', async () => {
			const started = Date.now();
			const settled = (run: Promise<unknown>) =>
				failure(run).then((error) => ({ kind: error.kind, at: Date.now() - started }));
			const [short, long] = await Promise.all([
				settled(evaluateExpression(INFINITE_COUNTER, {}, { timeoutMs: 100 })),
				settled(evaluateExpression(INFINITE_COUNTER, {}, { timeoutMs: 400 })),
			]);
			expect(short.kind).toBe('timeout');
			expect(long.kind).toBe('timeout');
			expect(short.at).toBeLessThan(long.at);
			expect(long.at).toBeGreaterThanOrEqual(400);
			expect(long.at).toBeLessThan(1500);
		});

		it('keeps deadlines apart for one compiled expression evaluated concurrently', async () => {
			const expression = compileExpression('($loop := function($n){ $n < 0 ? 0 : $loop($n + 1) }; $loop(start))', {
				timeoutMs: 150,
			});
			const [looping, quick] = await Promise.allSettled([
				expression.evaluate({ start: 0 }),
				expression.evaluate({ start: -1 }),
			]);
			expect(looping.status).toBe('rejected');
			expect((looping as PromiseRejectedResult).reason).toMatchObject({ kind: 'timeout' });
			expect(quick).toEqual({ status: 'fulfilled', value: 0 });
			// A fresh evaluation starts a fresh clock: the earlier timeout does not linger.
			expect(await expression.evaluate({ start: -5 })).toBe(0);
		});

		it.each([{ timeoutMs: 0 }, { maxDepth: 0 }, { timeoutMs: -1 }, { timeoutMs: 1.5 }])(
			'refuses limits that would disable a guard: %p',
			(limits) => {
				expect(() => compileExpression('1', limits)).toThrow(RangeError);
			},
		);
	});
});
