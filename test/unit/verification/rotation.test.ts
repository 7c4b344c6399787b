import * as crypto from 'node:crypto';

import { resolvePreset, signRequest, verifySignature, type VerificationConfig } from '../../../nodes/core/verification';
import { input, newStandardSecret, NOW_S } from './support';

// Counting the MACs and comparisons shows that verification does the same work whichever secret matches.
jest.mock('node:crypto', () => {
	const actual = jest.requireActual<typeof crypto>('node:crypto');
	return { ...actual, createHmac: jest.fn(actual.createHmac), timingSafeEqual: jest.fn(actual.timingSafeEqual) };
});

const createHmac = crypto.createHmac as jest.MockedFunction<typeof crypto.createHmac>;
const timingSafeEqual = crypto.timingSafeEqual as jest.MockedFunction<typeof crypto.timingSafeEqual>;

const body = Buffer.from('{"n":1}');

describe.each<[string, VerificationConfig, () => string]>([
	['hmac', resolvePreset('github'), () => `secret-${crypto.randomUUID()}`],
	['stripe', { method: 'stripe' }, () => `whsec_${crypto.randomUUID()}`],
	['standardWebhooks', { method: 'standardWebhooks' }, newStandardSecret],
])('%s rotation', (method, config, newSecret) => {
	const current = newSecret();
	const previous = newSecret();
	const headersFor = (secret: string) => signRequest(config, secret, { body, id: 'msg_1', timestampSeconds: NOW_S });

	const work = (secret: string) => {
		const headers = headersFor(secret);
		createHmac.mockClear();
		timingSafeEqual.mockClear();
		const result = verifySignature(config, input(body, headers, { current, previous }));
		return { result, macs: createHmac.mock.calls.length, comparisons: timingSafeEqual.mock.calls.length };
	};

	it('computes and compares both secrets whichever matches, or none', () => {
		const byCurrent = work(current);
		const byPrevious = work(previous);
		const byNeither = work(newSecret());
		expect(byCurrent.result).toEqual({ ok: true, method, secret: 'current' });
		expect(byPrevious.result).toEqual({ ok: true, method, secret: 'previous' });
		expect(byNeither.result).toEqual({ ok: false, method, reason: 'signature_mismatch' });
		expect(byCurrent.macs).toBe(2);
		expect([byPrevious.macs, byNeither.macs]).toEqual([2, 2]);
		expect(byCurrent.comparisons).toBe(2);
		expect([byPrevious.comparisons, byNeither.comparisons]).toEqual([2, 2]);
	});

	it('reports the current secret when both are the same', () => {
		const headers = headersFor(current);
		expect(verifySignature(config, input(body, headers, { current, previous: current }))).toEqual({
			ok: true,
			method,
			secret: 'current',
		});
	});
});

describe('token rotation', () => {
	it('compares the token with both secrets whichever matches', () => {
		for (const [token, secret] of [
			['new', 'current'],
			['old', 'previous'],
		]) {
			timingSafeEqual.mockClear();
			const result = verifySignature(
				{ method: 'bearer' },
				input(undefined, { authorization: `Bearer ${token}` }, { current: 'new', previous: 'old' }),
			);
			expect(result).toEqual({ ok: true, method: 'bearer', secret });
			expect(timingSafeEqual).toHaveBeenCalledTimes(2);
		}
	});
});
