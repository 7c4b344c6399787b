import { createHmac } from 'node:crypto';

import { parseStripeHeader, signStripe, verifySignature, type HeaderBag } from '../../../nodes/core/verification';
import { input, NOW_S } from './support';

const SECRET = 'whsec_test_stripe';
const body = Buffer.from('{"id":"evt_1","object":"event"}');
const mac = (secret: string, timestamp = NOW_S) =>
	createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
const verify = (header: string | string[]) =>
	verifySignature({ method: 'stripe' }, input(body, { 'Stripe-Signature': header } as HeaderBag, { current: SECRET }));
const failed = (reason: string) => ({ ok: false, method: 'stripe', reason });
const passed = { ok: true, method: 'stripe', secret: 'current' };

describe('signStripe', () => {
	it('writes t and one v1 signature over "t.body"', () => {
		expect(signStripe(SECRET, { body, timestampSeconds: NOW_S })).toEqual({
			'Stripe-Signature': `t=${NOW_S},v1=${mac(SECRET)}`,
		});
	});
});

describe('Stripe-Signature', () => {
	it('accepts any matching v1 among several, in any order, and ignores v0', () => {
		expect(verify(`t=${NOW_S},v1=${mac('other')},v1=${mac(SECRET)}`)).toEqual(passed);
		expect(verify(`v1=${mac(SECRET)},t=${NOW_S}`)).toEqual(passed);
		expect(verify(`t=${NOW_S},v1=${mac(SECRET)},v0=${mac('legacy')}`)).toEqual(passed);
	});

	it('does not take a v0 signature for a v1 one', () => {
		expect(verify(`t=${NOW_S},v0=${mac(SECRET)}`)).toEqual(failed('malformed_header'));
	});

	it('skips malformed v1 values but needs one usable v1', () => {
		expect(verify(`t=${NOW_S},v1=zz,v1=${mac(SECRET)}`)).toEqual(passed);
		expect(verify(`t=${NOW_S},v1=zz`)).toEqual(failed('malformed_header'));
		expect(verify(`t=${NOW_S},v1=`)).toEqual(failed('malformed_header'));
	});

	it('refuses an ambiguous header', () => {
		expect(verify(`t=${NOW_S},t=${NOW_S},v1=${mac(SECRET)}`)).toEqual(failed('malformed_header'));
		expect(verify(`t=${NOW_S},v1,v1=${mac(SECRET)}`)).toEqual(failed('malformed_header'));
		expect(verify(`t=${NOW_S},,v1=${mac(SECRET)}`)).toEqual(failed('malformed_header'));
		expect(verify(`t=${NOW_S},=x,v1=${mac(SECRET)}`)).toEqual(failed('malformed_header'));
		expect(verify(`t=${NOW_S}, v1=${mac(SECRET)}`)).toEqual(failed('malformed_header'));
	});

	it('needs a valid t', () => {
		expect(verify(`v1=${mac(SECRET)}`)).toEqual(failed('missing_timestamp'));
		expect(verify(`t=,v1=${mac(SECRET)}`)).toEqual(failed('invalid_timestamp'));
		expect(verify(`t=-${NOW_S},v1=${mac(SECRET)}`)).toEqual(failed('invalid_timestamp'));
	});

	it('signs t: another t is a mismatch', () => {
		expect(verify(`t=${NOW_S + 1},v1=${mac(SECRET)}`)).toEqual(failed('signature_mismatch'));
	});

	it('refuses the header twice', () => {
		const header = `t=${NOW_S},v1=${mac(SECRET)}`;
		expect(verify([header, header])).toEqual(failed('duplicate_header'));
	});

	it('parseStripeHeader returns the timestamp and the decoded v1 MACs', () => {
		const parsed = parseStripeHeader(`t=${NOW_S},v1=${mac(SECRET)},v0=abc`);
		expect(parsed.ok && parsed.timestamp).toEqual({ ok: true, text: String(NOW_S), seconds: NOW_S });
		expect(parsed.ok && parsed.signatures.map((signature) => signature.toString('hex'))).toEqual([mac(SECRET)]);
	});
});
