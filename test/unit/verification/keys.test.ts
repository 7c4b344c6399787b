import { createHmac } from 'node:crypto';

import {
	deriveKey,
	deriveKeyCandidates,
	signingKey,
	signRequest,
	verifySignature,
} from '../../../nodes/core/verification';
import { input, NOW_S } from './support';

const WHSEC = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const decoded = Buffer.from('MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'base64');

describe('deriveKey', () => {
	it('strips whsec_ and base64-decodes for Standard Webhooks', () => {
		expect(deriveKey('standardWebhooks', WHSEC)?.equals(decoded)).toBe(true);
		expect(deriveKey('standardWebhooks', WHSEC)).toHaveLength(24);
		expect(deriveKey('standardWebhooks', 'MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw')?.equals(decoded)).toBe(true);
	});

	it('uses the whole string, whsec_ included, as UTF-8 for Stripe and plain HMAC', () => {
		expect(deriveKey('utf8', WHSEC)?.toString('utf8')).toBe(WHSEC);
		expect(deriveKey('utf8', 'clé ✓')?.equals(Buffer.from('clé ✓', 'utf8'))).toBe(true);
	});

	it('so the same whsec_ text is two different keys', () => {
		expect(deriveKey('utf8', WHSEC)?.equals(deriveKey('standardWebhooks', WHSEC) as Buffer)).toBe(false);
	});

	it.each([
		['not base64 at all', 'whsec_not base64!'],
		['base64 without its padding', 'whsec_QUI'],
		['only the prefix', 'whsec_'],
		['the URL-safe alphabet', 'whsec_-_-_'],
		['a short text that is valid UTF-8 but not base64', 'whsec_abc'],
		['empty', ''],
	])('refuses a Standard Webhooks secret that is %s', (_label, secret) => {
		expect(deriveKey('standardWebhooks', secret)).toBeUndefined();
	});

	it('strips whsec_ only once, as the prefix', () => {
		expect(deriveKey('standardWebhooks', 'whsec_whsec_QUJD')).toBeUndefined();
		expect(deriveKey('standardWebhooks', 'QUJDwhsec_')).toBeUndefined();
	});
});

describe('deriveKeyCandidates', () => {
	it('lists the current key first, then the previous', () => {
		const keys = deriveKeyCandidates('utf8', { current: 'a', previous: 'b' });
		expect(keys).toEqual({
			ok: true,
			candidates: [
				{ secret: 'current', key: Buffer.from('a') },
				{ secret: 'previous', key: Buffer.from('b') },
			],
		});
	});

	it('fails on an empty or unusable current secret', () => {
		expect(deriveKeyCandidates('utf8', { current: '' })).toEqual({ ok: false, reason: 'missing_secret' });
		expect(deriveKeyCandidates('standardWebhooks', { current: 'whsec_abc' })).toEqual({
			ok: false,
			reason: 'invalid_secret',
		});
	});

	it('leaves out an unusable previous secret instead of locking out the current one', () => {
		const keys = deriveKeyCandidates('standardWebhooks', { current: WHSEC, previous: 'whsec_abc' });
		expect(keys.ok && keys.candidates.map((candidate) => candidate.secret)).toEqual(['current']);
		expect(deriveKeyCandidates('utf8', { current: 'a', previous: '' })).toEqual({
			ok: true,
			candidates: [{ secret: 'current', key: Buffer.from('a') }],
		});
	});
});

describe('signingKey', () => {
	it('throws rather than signing with an unusable secret', () => {
		expect(() => signingKey('utf8', '')).toThrow('A secret is needed to sign');
		expect(() => signingKey('standardWebhooks', 'whsec_abc')).toThrow('not a Standard Webhooks secret');
	});
});

describe('whsec_ secrets in Standard Webhooks and in Stripe', () => {
	const body = Buffer.from('{"id":"evt_1"}');
	const now = NOW_S * 1000;

	it('Standard Webhooks signs with the decoded bytes', () => {
		const headers = signRequest({ method: 'standardWebhooks' }, WHSEC, { body, id: 'msg_1', timestampSeconds: NOW_S });
		const expected = createHmac('sha256', decoded).update(`msg_1.${NOW_S}.${body}`).digest('base64');
		expect(headers['webhook-signature']).toBe(`v1,${expected}`);
	});

	it('Stripe signs with the whole string', () => {
		const headers = signRequest({ method: 'stripe' }, WHSEC, { body, timestampSeconds: NOW_S });
		const expected = createHmac('sha256', WHSEC).update(`${NOW_S}.${body}`).digest('hex');
		expect(headers['Stripe-Signature']).toBe(`t=${NOW_S},v1=${expected}`);
	});

	it('a Stripe signature made with the decoded key is refused, and the reverse too', () => {
		const stripeWithDecoded = `t=${NOW_S},v1=${createHmac('sha256', decoded).update(`${NOW_S}.${body}`).digest('hex')}`;
		expect(
			verifySignature(
				{ method: 'stripe' },
				input(body, { 'stripe-signature': stripeWithDecoded }, { current: WHSEC }, now),
			),
		).toEqual({ ok: false, method: 'stripe', reason: 'signature_mismatch' });

		const standardWithText = createHmac('sha256', WHSEC).update(`msg_1.${NOW_S}.${body}`).digest('base64');
		const headers = {
			'webhook-id': 'msg_1',
			'webhook-timestamp': String(NOW_S),
			'webhook-signature': `v1,${standardWithText}`,
		};
		expect(verifySignature({ method: 'standardWebhooks' }, input(body, headers, { current: WHSEC }, now))).toEqual({
			ok: false,
			method: 'standardWebhooks',
			reason: 'signature_mismatch',
		});
	});

	it('whsec_abc is a good Stripe key but an invalid Standard Webhooks secret', () => {
		const stripeHeaders = signRequest({ method: 'stripe' }, 'whsec_abc', { body, timestampSeconds: NOW_S });
		expect(verifySignature({ method: 'stripe' }, input(body, stripeHeaders, { current: 'whsec_abc' }, now))).toEqual({
			ok: true,
			method: 'stripe',
			secret: 'current',
		});
		expect(verifySignature({ method: 'standardWebhooks' }, input(body, {}, { current: 'whsec_abc' }, now))).toEqual({
			ok: false,
			method: 'standardWebhooks',
			reason: 'invalid_secret',
		});
		expect(() => signRequest({ method: 'standardWebhooks' }, 'whsec_abc', { body })).toThrow(
			'not a Standard Webhooks secret',
		);
	});
});
