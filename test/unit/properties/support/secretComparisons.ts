import * as ts from 'typescript';

/** A comparison in source code that may be made on secret material without the constant-time helper. */
export interface Finding {
	file: string;
	line: number;
	text: string;
	why: string;
}

/** Words that name secret material or what is compared with it. `key` counts only inside a compound name
 * (signingKey, hmacKey) or as a property (`candidate.key`): a bare `key` is, in this code base, a header
 * or map key. */
const SECRET_WORDS = new Set([
	'signature',
	'signatures',
	'sig',
	'sigs',
	'secret',
	'secrets',
	'digest',
	'digests',
	'token',
	'tokens',
	'mac',
	'macs',
	'hmac',
	'expected',
	'provided',
	'password',
	'credential',
	'credentials',
	'authorization',
	'bearer',
]);

const words = (name: string): string[] =>
	name
		.replace(/([a-z0-9])([A-Z])/g, '$1 $2')
		.replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
		.split(/[^A-Za-z0-9]+/)
		.filter(Boolean)
		.map((word) => word.toLowerCase());

function nameIsSecret(name: string, asProperty: boolean): boolean {
	const parts = words(name);
	if (parts.some((word) => SECRET_WORDS.has(word))) return true;
	const hasKey = parts.some((word) => word === 'key' || word === 'keys');
	return hasKey && (parts.length > 1 || asProperty);
}

/** Whether an expression mentions secret material: any identifier or property name in it, call arguments
 * included (`computeHmac(key, body) === header` compares a MAC). */
export function mentionsSecret(node: ts.Node): boolean {
	let found = false;
	const visit = (child: ts.Node): void => {
		if (found) return;
		if (ts.isIdentifier(child)) {
			const parent = child.parent;
			const asProperty = parent !== undefined && ts.isPropertyAccessExpression(parent) && parent.name === child;
			if (nameIsSecret(child.text, asProperty)) found = true;
			return;
		}
		if (ts.isStringLiteralLike(child) || ts.isNumericLiteral(child)) return;
		ts.forEachChild(child, visit);
	};
	visit(node);
	return found;
}

const unwrap = (node: ts.Expression): ts.Expression => {
	let current = node;
	while (ts.isParenthesizedExpression(current) || ts.isNonNullExpression(current) || ts.isAsExpression(current))
		current = current.expression;
	return current;
};

/** Operands that make a comparison harmless whatever the other side is: a literal or constant (a form check,
 * not a comparison of secrets), a `typeof`, or a length (lengths of MACs are public). */
function harmless(node: ts.Expression): boolean {
	const expr = unwrap(node);
	if (ts.isStringLiteralLike(expr) || ts.isNumericLiteral(expr) || ts.isBigIntLiteral(expr)) return true;
	if (
		expr.kind === ts.SyntaxKind.TrueKeyword ||
		expr.kind === ts.SyntaxKind.FalseKeyword ||
		expr.kind === ts.SyntaxKind.NullKeyword
	)
		return true;
	if (ts.isIdentifier(expr) && (expr.text === 'undefined' || /^[A-Z][A-Z0-9_]*$/.test(expr.text))) return true;
	if (ts.isTypeOfExpression(expr)) return true;
	if (ts.isPrefixUnaryExpression(expr) && ts.isNumericLiteral(expr.operand)) return true;
	if ((ts.isPropertyAccessExpression(expr) || ts.isPropertyAccessChain(expr)) && expr.name.text === 'length')
		return true;
	if (
		ts.isElementAccessExpression(expr) &&
		ts.isIdentifier(unwrap(expr.expression)) &&
		/^[A-Z][A-Z0-9_]*$/.test((unwrap(expr.expression) as ts.Identifier).text)
	)
		return true;
	return false;
}

const EQUALITY = new Set([
	ts.SyntaxKind.EqualsEqualsEqualsToken,
	ts.SyntaxKind.ExclamationEqualsEqualsToken,
	ts.SyntaxKind.EqualsEqualsToken,
	ts.SyntaxKind.ExclamationEqualsToken,
]);

/** Methods that compare or search and stop at the first difference. */
const SEARCHES = new Set([
	'includes',
	'indexOf',
	'lastIndexOf',
	'startsWith',
	'endsWith',
	'localeCompare',
	'has',
	'search',
	'match',
]);

export function findSecretComparisons(source: string, file: string): { findings: Finding[]; comparisons: number } {
	const sf = ts.createSourceFile(file, source, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
	const findings: Finding[] = [];
	let comparisons = 0;
	const report = (node: ts.Node, why: string) => {
		const { line } = sf.getLineAndCharacterOfPosition(node.getStart(sf));
		findings.push({ file, line: line + 1, text: node.getText(sf).slice(0, 120), why });
	};
	const visit = (node: ts.Node): void => {
		if (ts.isBinaryExpression(node) && EQUALITY.has(node.operatorToken.kind)) {
			comparisons++;
			if ((mentionsSecret(node.left) || mentionsSecret(node.right)) && !harmless(node.left) && !harmless(node.right)) {
				report(node, `${node.operatorToken.getText(sf)} on secret material`);
			}
		} else if (ts.isSwitchStatement(node)) {
			comparisons++;
			if (mentionsSecret(node.expression)) report(node.expression, 'switch (===) on secret material');
		} else if (ts.isCallExpression(node)) {
			const callee = unwrap(node.expression);
			const method = ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
			if (method === 'equals' || method === 'compare') {
				comparisons++;
				report(node, `.${method}() is not constant-time`);
			} else if (method && SEARCHES.has(method) && ts.isPropertyAccessExpression(callee)) {
				comparisons++;
				const argument = node.arguments[0];
				const secretArgument = argument !== undefined && mentionsSecret(argument) && !harmless(argument);
				const secretReceiver = mentionsSecret(callee.expression) && argument !== undefined && !harmless(argument);
				if (secretArgument || secretReceiver) report(node, `.${method}() on secret material`);
			} else if (ts.isPropertyAccessExpression(callee) && callee.getText(sf) === 'Object.is') {
				comparisons++;
				if (node.arguments.some((argument) => mentionsSecret(argument))) report(node, 'Object.is on secret material');
			}
		}
		ts.forEachChild(node, visit);
	};
	visit(sf);
	return { findings, comparisons };
}
