import { formatDelay, MAX_SCHEDULED_RETRIES, parseRetrySchedule } from '../../../nodes/core/delivery/retrySchedule';

describe('parseRetrySchedule', () => {
	it("reads OneManage's schedule as published", () => {
		expect(parseRetrySchedule('1m, 5m, 15m, 1h, 1h')).toEqual({
			ok: true,
			delaysMs: [60_000, 300_000, 900_000, 3_600_000, 3_600_000],
		});
	});

	it('takes commas or spaces, any case, decimals and every unit', () => {
		expect(parseRetrySchedule(' 2s,3S  0.5m\t1.5h , 1d ')).toEqual({
			ok: true,
			delaysMs: [2000, 3000, 30_000, 5_400_000, 86_400_000],
		});
	});

	it('treats an empty or missing schedule as none, so the exponential policy applies', () => {
		for (const empty of ['', '  ', ' , ,', undefined, null]) expect(parseRetrySchedule(empty)).toBeUndefined();
	});

	it.each([
		['5', 'has "5", which is not a delay'],
		['5x', 'has "5x", which is not a delay'],
		['1m, soon', 'has "soon", which is not a delay'],
		['-1m', 'has "-1m", which is not a delay'],
		['1e3s', 'has "1e3s", which is not a delay'],
		['1 m', 'has "1", which is not a delay'],
		['0s', 'has "0s", which is no wait'],
		['8d', 'has "8d", longer than the 7 days allowed'],
	])('refuses %j with the entry named', (text, message) => {
		const parsed = parseRetrySchedule(text);
		expect(parsed).toEqual({ ok: false, message: expect.stringContaining(message) });
	});

	it('says how to write a delay', () => {
		expect(parseRetrySchedule('soon')).toEqual({
			ok: false,
			message:
				'has "soon", which is not a delay: write a number and a unit, e.g. 1m, 5m, 15m, 1h, 1h (units s, m, h, d)',
		});
	});

	it('bounds the number of retries and refuses what is not text', () => {
		expect(parseRetrySchedule(Array(MAX_SCHEDULED_RETRIES).fill('1s').join(','))).toMatchObject({ ok: true });
		expect(
			parseRetrySchedule(
				Array(MAX_SCHEDULED_RETRIES + 1)
					.fill('1s')
					.join(','),
			),
		).toEqual({
			ok: false,
			message: `has ${MAX_SCHEDULED_RETRIES + 1} delays; at most ${MAX_SCHEDULED_RETRIES} are allowed`,
		});
		expect(parseRetrySchedule(60)).toMatchObject({ ok: false, message: expect.stringContaining('must be text') });
	});

	it('shortens a pasted novel in its message', () => {
		const parsed = parseRetrySchedule('x'.repeat(500));
		expect(parsed).toMatchObject({ ok: false });
		expect((parsed as { message: string }).message.length).toBeLessThan(160);
	});
});

describe('formatDelay', () => {
	it.each([
		[60_000, '1m'],
		[90_000, '1m 30s'],
		[3_600_000, '1h'],
		[86_400_000 + 60_000, '1d 1m'],
		[1500, '1s 500ms'],
		[0, '0ms'],
	])('%d ms → %s', (ms, text) => expect(formatDelay(ms)).toBe(text));
});
