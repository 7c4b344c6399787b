import {
	backoffDelayMs,
	isRetryable,
	parseRetryAfter,
	resolveRetryPolicy,
	retryDelayMs,
} from '../../../nodes/core/delivery/retryPolicy';

describe('resolveRetryPolicy', () => {
	it('fills the defaults; maxRetryAfterMs follows maxDelayMs', () => {
		expect(resolveRetryPolicy()).toEqual({
			maxAttempts: 5,
			baseDelayMs: 1000,
			maxDelayMs: 60_000,
			maxRetryAfterMs: 60_000,
		});
		expect(resolveRetryPolicy({ maxDelayMs: 5000 }).maxRetryAfterMs).toBe(5000);
		expect(resolveRetryPolicy({ maxDelayMs: 5000, maxRetryAfterMs: 120_000 }).maxRetryAfterMs).toBe(120_000);
	});

	it.each([0, -1, 1.5, Number.NaN])('rejects maxAttempts %p', (maxAttempts) => {
		expect(() => resolveRetryPolicy({ maxAttempts })).toThrow(RangeError);
	});

	it('rejects negative or infinite delays', () => {
		expect(() => resolveRetryPolicy({ baseDelayMs: -1 })).toThrow(RangeError);
		expect(() => resolveRetryPolicy({ maxDelayMs: Number.POSITIVE_INFINITY })).toThrow(RangeError);
	});
});

describe('isRetryable', () => {
	it.each([
		[200, false],
		[201, false],
		[204, false],
		[299, false],
		[301, false],
		[302, false],
		[304, false],
		[307, false],
		[400, false],
		[401, false],
		[403, false],
		[404, false],
		[409, false],
		[410, false],
		[413, false],
		[422, false],
		[408, true],
		[429, true],
		[500, true],
		[502, true],
		[503, true],
		[504, true],
		[599, true],
		[600, false],
	])('status %i → %p', (status, expected) => {
		expect(isRetryable({ status })).toBe(expected);
	});

	it.each(['ETIMEDOUT', 'ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_SOCKET'])(
		'network error %s is retried',
		(errorCode) => {
			expect(isRetryable({ errorCode })).toBe(true);
		},
	);

	it('retries an error without a code', () => {
		expect(isRetryable({})).toBe(true);
	});

	it.each([
		'ERR_INVALID_URL',
		'ERR_INVALID_PROTOCOL',
		'ERR_BLOCKED_ADDRESS',
		'CERT_HAS_EXPIRED',
		'DEPTH_ZERO_SELF_SIGNED_CERT',
		'ERR_TLS_CERT_ALTNAME_INVALID',
	])('permanent error %s is not retried', (errorCode) => {
		expect(isRetryable({ errorCode })).toBe(false);
	});

	it('a status wins over an error code', () => {
		expect(isRetryable({ status: 400, errorCode: 'ECONNRESET' })).toBe(false);
	});
});

describe('backoffDelayMs', () => {
	const policy = resolveRetryPolicy({ baseDelayMs: 1000, maxDelayMs: 10_000 });

	it('doubles per attempt and caps at maxDelayMs (upper bound with random → 1)', () => {
		const top = () => 0.999999999;
		expect([1, 2, 3, 4, 5, 6, 50, 5000].map((attempt) => backoffDelayMs(attempt, policy, top))).toEqual([
			1000, 2000, 4000, 8000, 10_000, 10_000, 10_000, 10_000,
		]);
	});

	it('keeps at least half the delay (lower bound with random → 0)', () => {
		expect([1, 2, 3, 4, 5].map((attempt) => backoffDelayMs(attempt, policy, () => 0))).toEqual([
			500, 1000, 2000, 4000, 5000,
		]);
	});

	it('stays within [d/2, d] for any random value', () => {
		for (let attempt = 1; attempt <= 8; attempt++) {
			const d = Math.min(10_000, 1000 * 2 ** (attempt - 1));
			for (let i = 0; i < 50; i++) {
				const delay = backoffDelayMs(attempt, policy);
				expect(delay).toBeGreaterThanOrEqual(d / 2);
				expect(delay).toBeLessThanOrEqual(d);
			}
		}
	});

	it('is an integer number of milliseconds', () => {
		expect(Number.isInteger(backoffDelayMs(3, policy, () => 0.123))).toBe(true);
	});
});

describe('parseRetryAfter', () => {
	const now = Date.parse('2025-01-01T00:00:00Z');

	it.each([
		['2', 2000],
		[' 120 ', 120_000],
		['0', 0],
		['-5', 0],
		['1.5', 1500],
	])('delta-seconds %p → %i ms', (value, expected) => {
		expect(parseRetryAfter(value, now)).toBe(expected);
	});

	it('reads HTTP-dates in all three RFC 9110 forms', () => {
		expect(parseRetryAfter('Wed, 01 Jan 2025 00:00:30 GMT', now)).toBe(30_000);
		expect(parseRetryAfter('Wednesday, 01-Jan-25 00:01:00 GMT', now)).toBe(60_000);
		expect(parseRetryAfter('Wed Jan  1 00:00:10 2025', now)).toBe(10_000);
	});

	it('a date in the past is 0', () => {
		expect(parseRetryAfter('Tue, 31 Dec 2024 23:00:00 GMT', now)).toBe(0);
	});

	it('takes the first of repeated headers', () => {
		expect(parseRetryAfter(['3', '10'], now)).toBe(3000);
	});

	it.each([
		undefined,
		'',
		'   ',
		'soon',
		'1 2',
		'12abc',
		'0x10',
		'1e3',
		'Mon, garbage',
		'2025-01-01',
		'NaN',
		'Infinity',
	])('garbage %p → undefined', (value) => {
		expect(parseRetryAfter(value, now)).toBeUndefined();
	});
});

describe('retryDelayMs', () => {
	const policy = resolveRetryPolicy({ baseDelayMs: 1000, maxDelayMs: 8000 });
	const now = 0;
	const low = () => 0;

	it('uses the backoff when there is no Retry-After', () => {
		expect(retryDelayMs(1, policy, { status: 503 }, now, low)).toBe(500);
		expect(retryDelayMs(1, policy, { status: null }, now, low)).toBe(500);
	});

	it('honours Retry-After on 429 and 503 when it is longer than the backoff', () => {
		expect(retryDelayMs(1, policy, { status: 429, retryAfter: '2' }, now, low)).toBe(2000);
		expect(retryDelayMs(1, policy, { status: 503, retryAfter: '3' }, now, low)).toBe(3000);
	});

	it('never waits less than the backoff', () => {
		expect(retryDelayMs(4, policy, { status: 429, retryAfter: '1' }, now, low)).toBe(4000);
	});

	it('caps Retry-After at maxRetryAfterMs', () => {
		expect(retryDelayMs(1, policy, { status: 429, retryAfter: '86400' }, now, low)).toBe(8000);
		const patient = resolveRetryPolicy({ baseDelayMs: 1000, maxDelayMs: 8000, maxRetryAfterMs: 30_000 });
		expect(retryDelayMs(1, patient, { status: 429, retryAfter: '86400' }, now, low)).toBe(30_000);
	});

	it('ignores Retry-After on other statuses', () => {
		expect(retryDelayMs(1, policy, { status: 500, retryAfter: '5' }, now, low)).toBe(500);
		expect(retryDelayMs(1, policy, { status: 408, retryAfter: '5' }, now, low)).toBe(500);
	});
});

describe('a retry schedule', () => {
	const schedule = resolveRetryPolicy({ maxAttempts: 3, scheduleMs: [60_000, 300_000, 900_000, 3_600_000, 3_600_000] });

	it('sets the attempts to the delays plus one, whatever maxAttempts says, and bounds Retry-After by its longest delay', () => {
		expect(schedule).toMatchObject({ maxAttempts: 6, maxDelayMs: 3_600_000, maxRetryAfterMs: 3_600_000 });
	});

	it('waits exactly the scheduled delays, without jitter', () => {
		const waits = [1, 2, 3, 4, 5].map((attempt) => retryDelayMs(attempt, schedule, { status: 500 }, 0, () => 0.999));
		expect(waits).toEqual([60_000, 300_000, 900_000, 3_600_000, 3_600_000]);
	});

	it('lets a 429 or 503 Retry-After lengthen a wait, never shorten it, and never past the longest delay', () => {
		expect(retryDelayMs(1, schedule, { status: 503, retryAfter: '120' }, 0)).toBe(120_000);
		expect(retryDelayMs(2, schedule, { status: 429, retryAfter: '10' }, 0)).toBe(300_000);
		expect(retryDelayMs(1, schedule, { status: 503, retryAfter: '86400' }, 0)).toBe(3_600_000);
		expect(retryDelayMs(1, schedule, { status: 500, retryAfter: '120' }, 0)).toBe(60_000);
	});

	it('refuses an empty schedule or a delay that is not a finite number ≥ 0', () => {
		expect(() => resolveRetryPolicy({ scheduleMs: [] })).toThrow(RangeError);
		expect(() => resolveRetryPolicy({ scheduleMs: [1000, Number.NaN] })).toThrow(RangeError);
		expect(() => resolveRetryPolicy({ scheduleMs: [-5] })).toThrow(RangeError);
	});
});
