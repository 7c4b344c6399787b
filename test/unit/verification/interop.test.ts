import { sign as octokitSign, verify as octokitVerify } from '@octokit/webhooks-methods';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import Stripe from 'stripe';
import { Webhook as SvixWebhook } from 'svix';

import {
	resolvePreset,
	signRequest,
	signStandardWebhooks,
	verifySignature,
	type VerificationConfig,
} from '../../../nodes/core/verification';
import { input, newStandardSecret } from './support';

// The official libraries read the real clock, so these tests sign and verify at the real current time.
const nowSeconds = () => Math.floor(Date.now() / 1000);
const payload = JSON.stringify({ id: 'evt_1', object: 'event', type: 'invoice.paid', note: 'héllo ✓ 🎉' });
const body = Buffer.from(payload);

describe('standardwebhooks (official JavaScript library)', () => {
	const secret = newStandardSecret();
	const theirs = new StandardWebhook(secret);
	const config = { method: 'standardWebhooks' } as const;

	it('we accept what it signs', () => {
		const timestamp = nowSeconds();
		const signature = theirs.sign('msg_theirs', new Date(timestamp * 1000), payload);
		const headers = {
			'webhook-id': 'msg_theirs',
			'webhook-timestamp': String(timestamp),
			'webhook-signature': signature,
		};
		expect(verifySignature(config, input(body, headers, { current: secret }, Date.now()))).toEqual({
			ok: true,
			method: 'standardWebhooks',
			secret: 'current',
		});
		const tampered = Buffer.from(payload.replace('evt_1', 'evt_2'));
		expect(verifySignature(config, input(tampered, headers, { current: secret }, Date.now()))).toMatchObject({
			reason: 'signature_mismatch',
		});
	});

	it('it accepts what we sign', () => {
		const headers = signStandardWebhooks(secret, { body, id: 'msg_ours', timestampSeconds: nowSeconds() });
		expect(theirs.verify(payload, headers)).toEqual(JSON.parse(payload));
		expect(() => new StandardWebhook(newStandardSecret()).verify(payload, headers)).toThrow('No matching signature');
	});

	it('the same secret, id, time and body give the same header', () => {
		const timestamp = nowSeconds();
		expect(signStandardWebhooks(secret, { body, id: 'msg_x', timestampSeconds: timestamp })['webhook-signature']).toBe(
			theirs.sign('msg_x', new Date(timestamp * 1000), payload),
		);
	});
});

describe('svix (official library)', () => {
	const secret = newStandardSecret();
	const theirs = new SvixWebhook(secret);
	const config = { method: 'standardWebhooks' } as const;

	it("we accept what it signs, under Svix's header names and the standard ones", () => {
		const timestamp = nowSeconds();
		const signature = theirs.sign('msg_svix', new Date(timestamp * 1000), payload);
		const svix = { 'svix-id': 'msg_svix', 'svix-timestamp': String(timestamp), 'svix-signature': signature };
		const standard = {
			'webhook-id': 'msg_svix',
			'webhook-timestamp': String(timestamp),
			'webhook-signature': signature,
		};
		for (const headers of [svix, standard]) {
			expect(verifySignature(config, input(body, headers, { current: secret }, Date.now()))).toMatchObject({
				ok: true,
			});
		}
	});

	it('it accepts what we sign, under either header names', () => {
		const headers = signStandardWebhooks(secret, { body, id: 'msg_ours', timestampSeconds: nowSeconds() });
		expect(theirs.verify(payload, headers)).toEqual(JSON.parse(payload));
		const svix = {
			'svix-id': headers['webhook-id'],
			'svix-timestamp': headers['webhook-timestamp'],
			'svix-signature': headers['webhook-signature'],
		};
		expect(theirs.verify(payload, svix)).toEqual(JSON.parse(payload));
	});

	it('a rotated secret: what it signs with the old secret we accept as the previous one', () => {
		const oldSecret = newStandardSecret();
		const timestamp = nowSeconds();
		const signature = new SvixWebhook(oldSecret).sign('msg_old', new Date(timestamp * 1000), payload);
		const headers = { 'svix-id': 'msg_old', 'svix-timestamp': String(timestamp), 'svix-signature': signature };
		expect(verifySignature(config, input(body, headers, { current: secret, previous: oldSecret }, Date.now()))).toEqual(
			{
				ok: true,
				method: 'standardWebhooks',
				secret: 'previous',
			},
		);
	});
});

describe('@octokit/webhooks-methods (GitHub)', () => {
	const secret = "It's a Secret to Everybody";
	const github = resolvePreset('github');

	it('we accept what it signs', async () => {
		const signature = await octokitSign(secret, payload);
		expect(verifySignature(github, input(body, { 'x-hub-signature-256': signature }, { current: secret }))).toEqual({
			ok: true,
			method: 'hmac',
			secret: 'current',
		});
		expect(
			verifySignature(github, input(body, { 'x-hub-signature-256': signature }, { current: 'other' })),
		).toMatchObject({
			reason: 'signature_mismatch',
		});
	});

	it('it accepts what we sign', async () => {
		const headers = signRequest(github, secret, { body });
		await expect(octokitVerify(secret, payload, headers['X-Hub-Signature-256'])).resolves.toBe(true);
		await expect(octokitVerify('other', payload, headers['X-Hub-Signature-256'])).resolves.toBe(false);
	});

	it('the legacy SHA-1 X-Hub-Signature works as a custom HMAC scheme', async () => {
		const sha1: VerificationConfig = {
			method: 'hmac',
			algorithm: 'sha1',
			encoding: 'hex',
			signatureHeader: 'X-Hub-Signature',
			signaturePrefix: 'sha1=',
		};
		const signature = await octokitSign({ secret, algorithm: 'sha1' }, payload);
		expect(verifySignature(sha1, input(body, { 'x-hub-signature': signature }, { current: secret }))).toMatchObject({
			ok: true,
		});
		await expect(octokitVerify(secret, payload, signRequest(sha1, secret, { body })['X-Hub-Signature'])).resolves.toBe(
			true,
		);
	});
});

describe('stripe (official library, offline)', () => {
	const stripe = new Stripe('sk_test_x');
	const secret = 'whsec_test_secret_for_interop';
	const config = resolvePreset('stripe');

	it('we accept what it signs', () => {
		const timestamp = nowSeconds();
		const header = stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp });
		expect(
			verifySignature(config, input(body, { 'stripe-signature': header }, { current: secret }, Date.now())),
		).toEqual({
			ok: true,
			method: 'stripe',
			secret: 'current',
		});
		expect(
			verifySignature(config, input(body, { 'stripe-signature': header }, { current: 'whsec_other' }, Date.now())),
		).toMatchObject({ reason: 'signature_mismatch' });
	});

	it('it accepts what we sign, and agrees on staleness', () => {
		const timestamp = nowSeconds();
		const header = signRequest(config, secret, { body, timestampSeconds: timestamp })['Stripe-Signature'];
		expect(stripe.webhooks.constructEvent(body, header, secret, 300, undefined, timestamp * 1000)).toEqual(
			JSON.parse(payload),
		);
		expect(() => stripe.webhooks.constructEvent(body, header, 'whsec_other', 300, undefined, timestamp * 1000)).toThrow(
			'No signatures found matching',
		);
		expect(() =>
			stripe.webhooks.constructEvent(body, header, secret, 300, undefined, (timestamp + 301) * 1000),
		).toThrow('Timestamp outside the tolerance zone');
		expect(
			verifySignature(
				config,
				input(body, { 'stripe-signature': header }, { current: secret }, (timestamp + 301) * 1000),
			),
		).toMatchObject({
			reason: 'timestamp_out_of_tolerance',
		});
	});

	it('a header with several v1 signatures and a v0 (as Stripe sends during a secret roll)', () => {
		const timestamp = nowSeconds();
		const ours = signRequest(config, secret, { body, timestampSeconds: timestamp })['Stripe-Signature'];
		const other = signRequest(config, 'whsec_rolled', { body, timestampSeconds: timestamp })['Stripe-Signature'];
		const header = `${other},${ours.split(',')[1]},v0=${'0'.repeat(64)}`;
		expect(stripe.webhooks.constructEvent(body, header, secret, 300, undefined, timestamp * 1000)).toEqual(
			JSON.parse(payload),
		);
		expect(
			verifySignature(config, input(body, { 'Stripe-Signature': header }, { current: secret }, timestamp * 1000)),
		).toMatchObject({
			ok: true,
		});
	});
});
