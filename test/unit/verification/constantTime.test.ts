import * as crypto from 'node:crypto';

import { safeEqual, safeEqualString } from '../../../nodes/core/verification/constantTime';

jest.mock('node:crypto', () => {
	const actual = jest.requireActual<typeof crypto>('node:crypto');
	return { ...actual, timingSafeEqual: jest.fn(actual.timingSafeEqual) };
});

const timingSafeEqual = crypto.timingSafeEqual as jest.MockedFunction<typeof crypto.timingSafeEqual>;

beforeEach(() => timingSafeEqual.mockClear());

describe('safeEqual', () => {
	it('is true for equal bytes and false for any difference', () => {
		expect(safeEqual(Buffer.from('abc'), Buffer.from('abc'))).toBe(true);
		expect(safeEqual(Buffer.from('abc'), Buffer.from('abd'))).toBe(false);
		expect(safeEqual(Buffer.alloc(0), Buffer.alloc(0))).toBe(true);
	});

	it('compares in constant time even when the lengths differ, and says false', () => {
		const a = Buffer.from('abc');
		expect(safeEqual(a, Buffer.from('abcd'))).toBe(false);
		expect(safeEqual(a, Buffer.alloc(0))).toBe(false);
		expect(timingSafeEqual).toHaveBeenCalledTimes(2);
		expect(timingSafeEqual).toHaveBeenNthCalledWith(1, a, a);
	});
});

describe('safeEqualString', () => {
	it('compares fixed-size digests, so strings of any length are compared in constant time', () => {
		expect(safeEqualString('token', 'token')).toBe(true);
		expect(safeEqualString('token', 'token ')).toBe(false);
		expect(safeEqualString('token', '')).toBe(false);
		expect(safeEqualString('', '')).toBe(true);
		expect(safeEqualString('é', 'e\u0301')).toBe(false);
		for (const [a, b] of timingSafeEqual.mock.calls) {
			expect([a.byteLength, b.byteLength]).toEqual([32, 32]);
		}
		expect(timingSafeEqual).toHaveBeenCalledTimes(5);
	});
});
