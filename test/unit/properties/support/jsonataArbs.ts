import fc from 'fast-check';

/** Random JSONata expressions, from a grammar of the language's paths, operators, literals, built-ins and
 * lambdas, sometimes garbled into syntax errors. Numbers stay small so that no expression can build a string
 * of hundreds of millions of characters: JSONata's string built-ins turn such strings into arrays of code
 * points, which crashes V8 outright (see hostileExpressions). Loops cannot be written without recursion,
 * which this grammar leaves to the hostile set. */

const NAMES = [
	'a',
	'b',
	'c',
	'id',
	'name',
	'device',
	'items',
	'tags',
	'x',
	'n',
	'__proto__',
	'constructor',
	'length',
	'toString',
];

const name = fc.constantFrom(...NAMES).map((n) => (/^[A-Za-z_]\w*$/.test(n) && n !== '__proto__' ? n : `\`${n}\``));

const literal = fc.oneof(
	fc.integer({ min: -100, max: 100 }).map(String),
	fc.double({ min: -1000, max: 1000, noNaN: true, noDefaultInfinity: true }).map((n) => String(n)),
	fc.string({ maxLength: 8 }).map((text) => JSON.stringify(text)),
	fc.string({ unit: 'grapheme', maxLength: 4 }).map((text) => JSON.stringify(text)),
	fc.constantFrom(
		'true',
		'false',
		'null',
		'$',
		'$$',
		'*',
		'**',
		'%',
		'$v',
		'$undefined',
		'[]',
		'{}',
		'""',
		'/a+/',
		'/^x/i',
		'/[0-9]+/',
	),
	// Arithmetic that leaves JSON's numbers.
	fc.constantFrom('(0 / 0)', '(1 / 0)', '(-1 / 0)', '(1e308 * 10)', '(0 % 0)'),
);

const FUNCTIONS = [
	'$string',
	'$number',
	'$length',
	'$substring',
	'$substringBefore',
	'$substringAfter',
	'$uppercase',
	'$lowercase',
	'$trim',
	'$contains',
	'$split',
	'$join',
	'$replace',
	'$count',
	'$sum',
	'$max',
	'$min',
	'$average',
	'$keys',
	'$lookup',
	'$exists',
	'$type',
	'$boolean',
	'$not',
	'$sort',
	'$reverse',
	'$distinct',
	'$merge',
	'$append',
	'$base64encode',
	'$base64decode',
	'$abs',
	'$floor',
	'$ceil',
	'$round',
	'$power',
	'$sqrt',
	'$formatNumber',
	'$formatBase',
	'$formatInteger',
	'$parseInteger',
	'$toMillis',
	'$fromMillis',
	'$now',
	'$millis',
	'$random',
	'$shuffle',
	'$zip',
	'$spread',
	'$each',
	'$sift',
	'$error',
	'$assert',
	'$eval',
	'$encodeUrl',
	'$decodeUrl',
	'$encodeUrlComponent',
	'$single',
	'$match',
	'$filter',
	'$map',
	'$reduce',
	'$string',
	'$keys',
];

const OPERATORS = ['+', '-', '*', '/', '%', '&', '=', '!=', '<', '<=', '>', '>=', 'and', 'or', 'in', '~>', '??', '?:'];

export const expressionArb: fc.Arbitrary<string> = fc.letrec<{ expr: string }>((tie) => ({
	expr: fc.oneof(
		{ depthSize: 'small', maxDepth: 4 },
		literal,
		name,
		fc.tuple(tie('expr'), name).map(([e, n]) => `${e}.${n}`),
		fc.tuple(tie('expr'), tie('expr')).map(([e, f]) => `${e}[${f}]`),
		fc.tuple(tie('expr'), fc.constantFrom(...OPERATORS), tie('expr')).map(([a, op, b]) => `(${a} ${op} ${b})`),
		fc
			.tuple(fc.constantFrom(...FUNCTIONS), fc.array(tie('expr'), { maxLength: 3 }))
			.map(([f, args]) => `${f}(${args.join(', ')})`),
		fc
			.array(fc.tuple(fc.string({ maxLength: 5 }), tie('expr')), { maxLength: 3 })
			.map((pairs) => `{${pairs.map(([k, v]) => `${JSON.stringify(k)}: ${v}`).join(', ')}}`),
		fc.array(tie('expr'), { maxLength: 3 }).map((items) => `[${items.join(', ')}]`),
		fc.tuple(tie('expr'), tie('expr'), tie('expr')).map(([c, a, b]) => `(${c} ? ${a} : ${b})`),
		fc.tuple(tie('expr'), tie('expr')).map(([a, b]) => `($v := ${a}; ${b})`),
		fc
			.tuple(fc.constantFrom('$map', '$filter', '$sort', '$each', '$sift', '$reduce'), tie('expr'), tie('expr'))
			.map(([f, over, body]) => `${f}(${over}, function($v, $w){ ${body} })`),
		fc.tuple(fc.integer({ min: -5, max: 100 }), fc.integer({ min: -5, max: 300 })).map(([lo, hi]) => `[${lo}..${hi}]`),
		fc.tuple(tie('expr'), fc.constantFrom('^(a)', '^(>b)', '{name: a}', '#$i', '@$e')).map(([e, op]) => `${e}${op}`),
	),
})).expr;

/** Expressions a user might type, valid or not: grammar output, garbled grammar output, or plain text. */
export const anyExpressionArb: fc.Arbitrary<string> = fc.oneof(
	{ weight: 6, arbitrary: expressionArb },
	{
		weight: 2,
		arbitrary: fc
			.tuple(
				expressionArb,
				fc.nat(),
				fc.constantFrom('(', ')', '[', ']', '{', '}', '.', ',', ';', ':', '$', '"', "'", '`', '?', '/', '|', ''),
			)
			.map(([e, at, c]) => {
				const i = e.length ? at % e.length : 0;
				return `${e.slice(0, i)}${c}${e.slice(i + (c === '' ? 1 : 0))}`;
			}),
	},
	{ weight: 1, arbitrary: fc.string({ maxLength: 30 }) },
);

/** Bodies as n8n parses them from JSON. */
export const jsonBodyArb = fc.oneof(
	fc.record(
		{
			id: fc.oneof(fc.string({ maxLength: 10 }), fc.integer()),
			name: fc.string({ maxLength: 10 }),
			device: fc.record(
				{ id: fc.string({ maxLength: 6 }), hostname: fc.string({ maxLength: 10 }) },
				{ requiredKeys: [] },
			),
			items: fc.array(fc.record({ id: fc.integer({ min: 0, max: 9 }), x: fc.jsonValue({ maxDepth: 1 }) }), {
				maxLength: 4,
			}),
			tags: fc.array(fc.string({ maxLength: 4 }), { maxLength: 4 }),
			n: fc.oneof(fc.integer({ min: -50, max: 50 }), fc.double({ noNaN: true, noDefaultInfinity: true })),
		},
		{ requiredKeys: [] },
	),
	fc.jsonValue({ maxDepth: 3 }),
	fc.constant(JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"x": 1}}, "a": [1, 2, 3]}')),
);

/** Expressions that loop, recurse or allocate without end, each a template over a random size. They must stop
 * with a clear ExpressionError within the time limit (or, for a single long built-in call, just past it).
 *
 * Not here, because no limit inside JSONata can stop them: a catastrophic regex (`$match(s, /(a+)+$/)` runs
 * one native call for exponential time), and a string of more than ~134 million characters given to a
 * code-point built-in (`$length($pad("", 2e8))` aborts the whole process: V8 "invalid size error"). */
export const hostileExpressionArb: fc.Arbitrary<{ name: string; source: string }> = fc.oneof(
	fc.constant({ name: 'tail loop', source: '($f := function($x){ $f($x) }; $f(1))' }),
	fc.integer({ min: 0, max: 1000 }).map((start) => ({
		name: 'counter loop',
		source: `($loop := function($n){ $n < 0 ? 0 : $loop($n + 1) }; $loop(${start}))`,
	})),
	fc
		.integer({ min: 10_000, max: 10_000_000 })
		.map((n) => ({ name: 'deep recursion', source: `($f := function($n){ $n = 0 ? 0 : 1 + $f($n - 1) }; $f(${n}))` })),
	fc.integer({ min: 2, max: 5 }).map((k) => ({
		name: 'mutual recursion',
		source: `($a := function($n){ $b($n + ${k}) }; $b := function($n){ $a($n - 1) }; $a(0))`,
	})),
	fc
		.integer({ min: 200_000, max: 1_000_000 })
		.map((n) => ({ name: 'reduce over a big range', source: `$reduce([1..${n}], function($acc, $v){ $acc + $v })` })),
	fc.integer({ min: 100_000, max: 1_000_000 }).map((n) => ({
		name: 'nested map',
		source: `$map([1..${n}], function($v){ $map([1..${n}], function($w){ $v * $w }) })`,
	})),
	fc.integer({ min: 1_000_001, max: 1e15 }).map((n) => ({ name: 'huge range', source: `[1..${n}]` })),
	fc
		.integer({ min: 30, max: 60 })
		.map((n) => ({ name: 'string doubling', source: `$reduce([1..${n}], function($s, $v){ $s & $s }, "ab")` })),
	fc.integer({ min: 2 ** 32, max: 2 ** 40 }).map((n) => ({ name: 'huge pad', source: `$pad("x", ${n})` })),
	fc
		.integer({ min: 200_000, max: 1_000_000 })
		.map((n) => ({ name: 'sort with a lambda', source: `$sort([1..${n}], function($a, $b){ $a < $b })` })),
	fc
		.integer({ min: 300_000, max: 600_000 })
		.map((n) => ({ name: 'one long built-in ($zip)', source: `$count($zip([1..${n}], [1..${n}]))` })),
	fc
		.integer({ min: 200_000, max: 400_000 })
		.map((n) => ({ name: 'one long built-in ($string)', source: `$length($string([1..${n}]))` })),
	fc
		.integer({ min: 5_000, max: 50_000 })
		.map((n) => ({ name: 'deeply nested source', source: `${'('.repeat(n)}1${')'.repeat(n)}` })),
	fc.constant({ name: 'loop inside $eval', source: `$eval('($f := function($x){ $f($x) }; $f(1))')` }),
	fc.integer({ min: 1, max: 3 }).map((k) => ({
		name: 'loop in a key expression',
		source: `{ "k": ($f := function($x){ $f($x + ${k}) }; $f(1)) }`,
	})),
);
