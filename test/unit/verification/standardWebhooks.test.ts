import { createHmac } from 'node:crypto';

import {
	parseSignatureList,
	signStandardWebhooks,
	verifySignature,
	type HeaderBag,
	type Secrets,
} from '../../../nodes/core/verification';
import { input, newStandardSecret, NOW_MS, NOW_S } from './support';

const SECRET = newStandardSecret();
const OTHER = newStandardSecret();
const body = Buffer.from('{"type":"invoice.paid"}');
const config = { method: 'standardWebhooks' } as const;
const verify = (headers: HeaderBag, secrets: Secrets = { current: SECRET }) =>
	verifySignature(config, input(body, headers, secrets));
const failed = (reason: string) => ({ ok: false, method: 'standardWebhooks', reason });
const passed = (secret = 'current') => ({ ok: true, method: 'standardWebhooks', secret });

const signed = (secret = SECRET) => signStandardWebhooks(secret, { body, id: 'msg_1', timestampSeconds: NOW_S });
const signatureOf = (secret: string) => signed(secret)['webhook-signature'];

describe('signStandardWebhooks', () => {
	it('returns the three headers, signing "id.timestamp.body" with the decoded key', () => {
		const key = Buffer.from(SECRET.slice('whsec_'.length), 'base64');
		expect(signed()).toEqual({
			'webhook-id': 'msg_1',
			'webhook-timestamp': String(NOW_S),
			'webhook-signature': `v1,${createHmac('sha256', key).update(`msg_1.${NOW_S}.${body}`).digest('base64')}`,
		});
	});

	it('makes an id and takes the current time when none are given', () => {
		jest.spyOn(Date, 'now').mockReturnValue(NOW_MS);
		try {
			const headers = signStandardWebhooks(SECRET, { body });
			expect(headers['webhook-id']).toMatch(/^msg_[0-9a-f]{32}$/);
			expect(headers['webhook-timestamp']).toBe(String(NOW_S));
			expect(signStandardWebhooks(SECRET, { body })['webhook-id']).not.toBe(headers['webhook-id']);
		} finally {
			jest.restoreAllMocks();
		}
	});
});

describe('Standard Webhooks signature lists', () => {
	it('accepts when any v1 entry matches, wherever it stands', () => {
		const good = signatureOf(SECRET);
		const bad = signatureOf(OTHER);
		expect(verify({ ...signed(), 'webhook-signature': `${bad} ${good}` })).toEqual(passed());
		expect(verify({ ...signed(), 'webhook-signature': `${good} ${bad}` })).toEqual(passed());
	});

	it('ignores other version tags, such as v1a (asymmetric) entries', () => {
		const good = signatureOf(SECRET);
		const base64 = good.slice(3);
		expect(verify({ ...signed(), 'webhook-signature': `v1a,${base64} ${good}` })).toEqual(passed());
		expect(verify({ ...signed(), 'webhook-signature': `v1a,${base64}` })).toEqual(failed('malformed_header'));
		expect(verify({ ...signed(), 'webhook-signature': `v2,${base64}` })).toEqual(failed('malformed_header'));
		expect(verify({ ...signed(), 'webhook-signature': `V1,${base64}` })).toEqual(failed('malformed_header'));
	});

	it('skips malformed v1 entries but refuses a list with no usable one', () => {
		const good = signatureOf(SECRET);
		expect(verify({ ...signed(), 'webhook-signature': `v1,!!! v1,QUJD ${good}` })).toEqual(passed());
		expect(verify({ ...signed(), 'webhook-signature': 'v1,!!! v1,QUJD' })).toEqual(failed('malformed_header'));
		expect(verify({ ...signed(), 'webhook-signature': '   ' })).toEqual(failed('malformed_header'));
		expect(verify({ ...signed(), 'webhook-signature': good.slice(3) })).toEqual(failed('malformed_header'));
	});

	it('tolerates extra spaces between entries', () => {
		const good = signatureOf(SECRET);
		expect(verify({ ...signed(), 'webhook-signature': `  v1a,xyz   ${good}  ` })).toEqual(passed());
	});

	it('finds the previous secret in a list too', () => {
		const list = `${signatureOf(newStandardSecret())} ${signatureOf(OTHER)}`;
		expect(verify({ ...signed(), 'webhook-signature': list }, { current: SECRET, previous: OTHER })).toEqual(
			passed('previous'),
		);
	});

	it('parseSignatureList keeps the decoded v1 MACs only', () => {
		const good = signatureOf(SECRET);
		expect(parseSignatureList(`v1a,abc ${good} v1,short= nocomma`).map((mac) => mac.toString('base64'))).toEqual([
			good.slice(3),
		]);
	});
});

describe('Standard Webhooks headers', () => {
	it('needs the id, the timestamp and the signature', () => {
		const { 'webhook-id': _id, ...noId } = signed();
		const { 'webhook-timestamp': _ts, ...noTimestamp } = signed();
		const { 'webhook-signature': _sig, ...noSignature } = signed();
		expect(verify(noId)).toEqual(failed('missing_header'));
		expect(verify(noTimestamp)).toEqual(failed('missing_timestamp'));
		expect(verify(noSignature)).toEqual(failed('missing_header'));
	});

	it('refuses any of them twice', () => {
		expect(verify({ ...signed(), 'webhook-id': ['msg_1', 'msg_2'] })).toEqual(failed('duplicate_header'));
		expect(verify({ ...signed(), 'Webhook-Timestamp': String(NOW_S) })).toEqual(failed('duplicate_header'));
	});

	it('signs the id: another id is a mismatch', () => {
		expect(verify({ ...signed(), 'webhook-id': 'msg_2' })).toEqual(failed('signature_mismatch'));
	});

	it("accepts Svix's svix-* header names", () => {
		const headers = signed();
		const svix = {
			'svix-id': headers['webhook-id'],
			'svix-timestamp': headers['webhook-timestamp'],
			'svix-signature': headers['webhook-signature'],
		};
		expect(verify(svix)).toEqual(passed());
		expect(verify({ ...svix, 'svix-id': 'msg_2' })).toEqual(failed('signature_mismatch'));
	});

	it('prefers webhook-* over svix-* when both are present', () => {
		const headers = signed();
		expect(verify({ ...headers, 'svix-signature': signatureOf(OTHER) })).toEqual(passed());
		expect(
			verify({ ...headers, 'webhook-signature': signatureOf(OTHER), 'svix-signature': headers['webhook-signature'] }),
		).toEqual(failed('signature_mismatch'));
	});

	it('refuses a secret that is not base64', () => {
		expect(verify(signed(), { current: 'whsec_%%%' })).toEqual(failed('invalid_secret'));
	});
});
