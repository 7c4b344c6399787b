import { evaluateFilter, type FilterInput } from '../../../nodes/core/triggers';

const input: FilterInput = {
	body: { event: 'ticket.created', priority: 2, items: [{ active: false }, { active: false }], tags: [] },
	headers: { 'x-event': 'push' },
	query: { tenant: 'acme' },
};

describe('evaluateFilter', () => {
	it('passes when the expression is true over body, headers and query', async () => {
		await expect(evaluateFilter('body.event = "ticket.created"', input)).resolves.toEqual({ pass: true });
		await expect(evaluateFilter('headers."x-event" = "push"', input)).resolves.toEqual({ pass: true });
		await expect(evaluateFilter('query.tenant', input)).resolves.toEqual({ pass: true });
		await expect(evaluateFilter('body.priority > 1 and query.tenant = "acme"', input)).resolves.toEqual({
			pass: true,
		});
	});

	it('stops when the expression is false', async () => {
		await expect(evaluateFilter('body.event = "ticket.closed"', input)).resolves.toEqual({ pass: false });
	});

	it("follows JSONata's truth: nothing, null, 0, '', empty arrays and objects, all-false arrays are false", async () => {
		for (const expression of [
			'body.missing',
			'null',
			'false',
			'0',
			'""',
			'[]',
			'body.tags',
			'{}',
			'body.items.active',
			'[[], 0, ""]',
		]) {
			await expect(evaluateFilter(expression, input)).resolves.toEqual({ pass: false });
		}
	});

	it('reads any other value as true', async () => {
		for (const expression of ['true', '1', '-1', '"no"', '[0, 1]', '{"a": 0}', 'body.items', '$exists(body.tags)']) {
			await expect(evaluateFilter(expression, input)).resolves.toEqual({ pass: true });
		}
	});

	it('reports a syntax error, a failure or a function as an error, never a pass', async () => {
		await expect(evaluateFilter('body.event = ', input)).resolves.toEqual({
			error: expect.stringMatching(/^Syntax error/),
		});
		await expect(evaluateFilter('$error("nope")', input)).resolves.toEqual({ error: 'nope (at position 7)' });
		await expect(evaluateFilter('body.event + 1', input)).resolves.toEqual({ error: expect.any(String) });
		await expect(evaluateFilter('function($x) { $x }', input)).resolves.toEqual({
			error: 'The expression returned a function, not data',
		});
	});

	it('is stopped by the time limit', async () => {
		const outcome = await evaluateFilter('($f := function($n) { $n = 0 ? 0 : $f($n - 1) }; $f(1e9) or true)', input);
		expect(outcome).toEqual({ error: 'The expression ran longer than 1000 ms and was stopped' });
	});
});
