import { z } from 'zod';

import { formatIssues } from '../../../nodes/core/schemas/zodErrors';

describe('formatIssues', () => {
	const schema = z.object({
		title: z.string(),
		severity: z.enum(['low', 'medium', 'high', 'critical']),
		fields: z.array(z.object({ Name: z.string() })),
	});

	it('writes one line per issue with a readable path', () => {
		const result = schema.safeParse({ severity: 'urgent', fields: [{ Name: 'ok' }, { Name: 3 }] });
		expect(result.success).toBe(false);
		expect(formatIssues((result as z.SafeParseError<unknown>).error)).toEqual([
			'title: Required',
			"severity: Invalid enum value. Expected 'low' | 'medium' | 'high' | 'critical', received 'urgent'",
			'fields[1].Name: Expected string, received number',
		]);
	});

	it('names the root with the given label', () => {
		const result = schema.safeParse([]);
		expect(formatIssues((result as z.SafeParseError<unknown>).error)).toEqual([
			'body: Expected object, received array',
		]);
		expect(formatIssues((result as z.SafeParseError<unknown>).error, 'payload')).toEqual([
			'payload: Expected object, received array',
		]);
	});

	it('starts with an index when the root is an array', () => {
		const result = z.array(z.number()).safeParse([1, 'x']);
		expect(formatIssues((result as z.SafeParseError<unknown>).error)).toEqual([
			'[1]: Expected number, received string',
		]);
	});
});
