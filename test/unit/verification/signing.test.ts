import { resolvePreset, signRequest, verifySignature, type VerificationConfig } from '../../../nodes/core/verification';
import { input, newStandardSecret, NOW_MS, NOW_S } from './support';

const body = Buffer.from('{"event":"ping"}');

describe('signRequest', () => {
	it('adds no headers for "none"', () => {
		expect(signRequest({ method: 'none' }, 'secret', { body })).toEqual({});
	});

	it('writes the header each scheme defines', () => {
		expect(Object.keys(signRequest({ method: 'bearer' }, 's', { body }))).toEqual(['Authorization']);
		expect(Object.keys(signRequest({ method: 'headerToken', headerName: 'X-Key' }, 's', { body }))).toEqual(['X-Key']);
		expect(Object.keys(signRequest(resolvePreset('github'), 's', { body }))).toEqual(['X-Hub-Signature-256']);
		expect(Object.keys(signRequest(resolvePreset('slack'), 's', { body })).sort()).toEqual([
			'X-Slack-Request-Timestamp',
			'X-Slack-Signature',
		]);
		expect(Object.keys(signRequest({ method: 'stripe' }, 's', { body }))).toEqual(['Stripe-Signature']);
		expect(Object.keys(signRequest({ method: 'standardWebhooks' }, newStandardSecret(), { body })).sort()).toEqual([
			'webhook-id',
			'webhook-signature',
			'webhook-timestamp',
		]);
	});

	it.each<VerificationConfig>([
		{ method: 'bearer' },
		{ method: 'headerToken', headerName: 'X-Key' },
		resolvePreset('shopify'),
		{ method: 'stripe' },
		{ method: 'standardWebhooks' },
	])('refuses to sign $method without a secret', (config) => {
		expect(() => signRequest(config, '', { body })).toThrow();
		expect(() => signRequest(config, { current: '', previous: newStandardSecret() }, { body })).toThrow();
	});

	it.each<VerificationConfig>([resolvePreset('slack'), { method: 'stripe' }, { method: 'standardWebhooks' }])(
		'signs $method with the current time unless told otherwise',
		(config) => {
			const secret = newStandardSecret();
			jest.spyOn(Date, 'now').mockReturnValue(NOW_MS);
			try {
				const headers = signRequest(config, secret, { body });
				expect(Object.values(headers).join(' ')).toContain(String(NOW_S));
				expect(verifySignature(config, input(body, headers, { current: secret }))).toMatchObject({ ok: true });
			} finally {
				jest.restoreAllMocks();
			}
		},
	);

	it('refuses a signing timestamp that is not whole non-negative seconds', () => {
		for (const timestampSeconds of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
			expect(() => signRequest({ method: 'stripe' }, 's', { body, timestampSeconds })).toThrow(RangeError);
		}
	});

	it('is deterministic for the same input', () => {
		const config = { method: 'standardWebhooks' } as const;
		const secret = newStandardSecret();
		const once = signRequest(config, secret, { body, id: 'msg_1', timestampSeconds: NOW_S });
		expect(signRequest(config, secret, { body, id: 'msg_1', timestampSeconds: NOW_S })).toEqual(once);
	});
});
