/** Ed25519 and ECDSA P-256 verification, and agreement with the senders' own libraries:
 * Discord (discord-interactions): https://discord.com/developers/docs/interactions/overview#setting-up-an-endpoint-validating-security-request-headers
 * SendGrid (@sendgrid/eventwebhook): https://www.twilio.com/docs/sendgrid/for-developers/tracking-events/getting-started-event-webhook-security-features */
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';

import { EventWebhook, EventWebhookHeader } from '@sendgrid/eventwebhook';
import { verifyKey } from 'discord-interactions';

import {
	parsePublicKey,
	publicKeySchemeProblems,
	verificationProblems,
	verifyEcdsa,
	verifyEd25519,
	verifySignature,
	type HeaderBag,
	type PublicKeys,
	type PublicKeySignatureOptions,
	type VerificationConfig,
	type VerifyInput,
} from '../../../nodes/core/verification';
import { DISCORD, SENDGRID } from './publicKeySenders';
import { NOW_MS, NOW_S, withHeader } from './support';

const ed = generateKeyPairSync('ed25519');
const edOther = generateKeyPairSync('ed25519');
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const ecOther = generateKeyPairSync('ec', { namedCurve: 'P-256' });

const body = Buffer.from('{"type":1,"id":"evt_1","text":"héllo"}');
const TS = String(NOW_S);
const signedContent = (timestamp = TS, bytes = body) => Buffer.concat([Buffer.from(timestamp), bytes]);

const signEd = (key: KeyObject, content = signedContent()) => sign(null, content, key);
const signEc = (key: KeyObject, dsaEncoding: 'der' | 'ieee-p1363' = 'der', content = signedContent()) =>
	sign('sha256', content, { key, dsaEncoding });

const discordHeaders = (signature: Buffer, timestamp = TS): Record<string, string> => ({
	'X-Signature-Ed25519': signature.toString('hex'),
	'X-Signature-Timestamp': timestamp,
});
const sendgridHeaders = (signature: Buffer, timestamp = TS): Record<string, string> => ({
	'X-Twilio-Email-Event-Webhook-Signature': signature.toString('base64'),
	'X-Twilio-Email-Event-Webhook-Timestamp': timestamp,
});

const request = (headers: HeaderBag, bytes = body, nowMs = NOW_MS) => ({ body: bytes, headers, nowMs });
const keys = (current: KeyObject, previous?: KeyObject): PublicKeys => ({ current, previous });
const failed = (method: string, reason: string) => ({ ok: false, method, reason });
const passed = (method: string, secret = 'current') => ({ ok: true, method, secret });

describe('verifyEd25519 (Discord)', () => {
	const edKeys = keys(ed.publicKey);
	const verify = (headers: HeaderBag, bytes = body, nowMs = NOW_MS, withKeys = edKeys) =>
		verifyEd25519(DISCORD, withKeys, request(headers, bytes, nowMs));

	it('accepts a genuine request, whatever the case of the hex', () => {
		const headers = discordHeaders(signEd(ed.privateKey));
		expect(verify(headers)).toEqual(passed('ed25519'));
		expect(verify(withHeader(headers, 'X-Signature-Ed25519', headers['X-Signature-Ed25519'].toUpperCase()))).toEqual(
			passed('ed25519'),
		);
	});

	it('refuses a tampered body, another timestamp, and another key', () => {
		const headers = discordHeaders(signEd(ed.privateKey));
		expect(verify(headers, Buffer.from(`${body} `))).toEqual(failed('ed25519', 'signature_mismatch'));
		expect(verify(withHeader(headers, 'X-Signature-Timestamp', String(NOW_S + 1)))).toEqual(
			failed('ed25519', 'signature_mismatch'),
		);
		expect(verify(discordHeaders(signEd(edOther.privateKey)))).toEqual(failed('ed25519', 'signature_mismatch'));
		expect(verify(headers, body, NOW_MS, keys(edOther.publicKey))).toEqual(failed('ed25519', 'signature_mismatch'));
	});

	it('refuses a genuine but stale request as out of tolerance, and honours the tolerance', () => {
		const headers = discordHeaders(signEd(ed.privateKey));
		expect(verify(headers, body, NOW_MS + 301_000)).toEqual(failed('ed25519', 'timestamp_out_of_tolerance'));
		expect(verify(headers, body, NOW_MS - 301_000)).toEqual(failed('ed25519', 'timestamp_out_of_tolerance'));
		expect(verifyEd25519({ ...DISCORD, toleranceSeconds: 0 }, edKeys, request(headers, body, 0))).toEqual(
			passed('ed25519'),
		);
	});

	it('refuses missing, duplicated and malformed headers', () => {
		const headers = discordHeaders(signEd(ed.privateKey));
		const signature = headers['X-Signature-Ed25519'];
		expect(verify(withHeader(headers, 'X-Signature-Ed25519', undefined))).toEqual(failed('ed25519', 'missing_header'));
		expect(verify(withHeader(headers, 'X-Signature-Timestamp', undefined))).toEqual(
			failed('ed25519', 'missing_timestamp'),
		);
		expect(verify(withHeader(headers, 'X-Signature-Timestamp', `${TS}.0`))).toEqual(
			failed('ed25519', 'invalid_timestamp'),
		);
		expect(verify(withHeader(headers, 'X-Signature-Ed25519', [signature, signature]))).toEqual(
			failed('ed25519', 'duplicate_header'),
		);
		for (const malformed of [signature.slice(2), `${signature}00`, `${signature.slice(1)}g`, `0x${signature}`]) {
			expect(verify(withHeader(headers, 'X-Signature-Ed25519', malformed))).toEqual(
				failed('ed25519', 'malformed_header'),
			);
		}
	});

	it('accepts a request signed with the previous key during a rotation, labelled so', () => {
		const rotation = keys(edOther.publicKey, ed.publicKey);
		expect(verify(discordHeaders(signEd(ed.privateKey)), body, NOW_MS, rotation)).toEqual(
			passed('ed25519', 'previous'),
		);
		expect(verify(discordHeaders(signEd(edOther.privateKey)), body, NOW_MS, rotation)).toEqual(passed('ed25519'));
	});

	it('refuses keys of another kind: a current one as no usable key, a previous one is left out', () => {
		const headers = discordHeaders(signEd(ed.privateKey));
		expect(verify(headers, body, NOW_MS, keys(ec.publicKey))).toEqual(failed('ed25519', 'missing_key'));
		expect(verify(headers, body, NOW_MS, keys(ed.privateKey))).toEqual(failed('ed25519', 'missing_key'));
		expect(verify(headers, body, NOW_MS, keys(ed.publicKey, ec.publicKey))).toEqual(passed('ed25519'));
	});

	it('signs the body alone by default, with a prefix and base64 when configured', () => {
		const options: PublicKeySignatureOptions = { encoding: 'base64', signatureHeader: 'X-Sig', signaturePrefix: 'ed=' };
		const signature = `ed=${signEd(ed.privateKey, body).toString('base64')}`;
		expect(verifyEd25519(options, edKeys, request({ 'x-sig': signature }))).toEqual(passed('ed25519'));
		expect(verifyEd25519(options, edKeys, request({ 'x-sig': signature.slice(3) }))).toEqual(
			failed('ed25519', 'malformed_header'),
		);
	});
});

describe('verifyEcdsa (SendGrid)', () => {
	const ecKeys = keys(ec.publicKey);
	const verify = (headers: HeaderBag, bytes = body, nowMs = NOW_MS, withKeys = ecKeys) =>
		verifyEcdsa(SENDGRID, withKeys, request(headers, bytes, nowMs));

	it('accepts DER and raw r‖s signatures', () => {
		expect(verify(sendgridHeaders(signEc(ec.privateKey, 'der')))).toEqual(passed('ecdsa'));
		expect(verify(sendgridHeaders(signEc(ec.privateKey, 'ieee-p1363')))).toEqual(passed('ecdsa'));
	});

	it('accepts a raw r‖s signature that is also DER-shaped (0x30, then the length of the rest)', () => {
		// About one raw signature in 65,536 starts like this; found once by signing in a loop, kept as a fixture.
		const key = parsePublicKey(
			'MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEq8O8hZd/QNqoOx56ZYDOW4Ug9I+aqYnwInC6vCDjn4I55F8qo2WqKUDooBb3DgSUiX5e7XieraJkxlHtDoPg5w==',
			'ecdsa',
		);
		const signature = 'MD6lRemT3Na275HTXQzPQ7q/GSnTH31vfsZAJ9zljhIMNl9xAHmXqoWn9WQUuNo+c+lB5+ZFpm015jz94Efq2w==';
		expect(Buffer.from(signature, 'base64').subarray(0, 2)).toEqual(Buffer.from([0x30, 62]));
		const options: PublicKeySignatureOptions = { encoding: 'base64', signatureHeader: 'X-Sig' };
		expect(
			key.ok && verifyEcdsa(options, keys(key.key), request({ 'X-Sig': signature }, Buffer.from('{"n":72763}'))),
		).toEqual(passed('ecdsa'));
	});

	it('refuses a tampered body, another timestamp, and another key', () => {
		const headers = sendgridHeaders(signEc(ec.privateKey));
		expect(verify(headers, Buffer.from(`${body}\n`))).toEqual(failed('ecdsa', 'signature_mismatch'));
		expect(verify(withHeader(headers, SENDGRID.timestampHeader!, String(NOW_S - 1)))).toEqual(
			failed('ecdsa', 'signature_mismatch'),
		);
		expect(verify(sendgridHeaders(signEc(ecOther.privateKey)))).toEqual(failed('ecdsa', 'signature_mismatch'));
		expect(verify(sendgridHeaders(signEc(ecOther.privateKey, 'ieee-p1363')))).toEqual(
			failed('ecdsa', 'signature_mismatch'),
		);
	});

	it('refuses a genuine but stale request as out of tolerance', () => {
		expect(verify(sendgridHeaders(signEc(ec.privateKey)), body, NOW_MS + 3_600_000)).toEqual(
			failed('ecdsa', 'timestamp_out_of_tolerance'),
		);
	});

	it('refuses missing and malformed headers', () => {
		const headers = sendgridHeaders(signEc(ec.privateKey));
		const der = signEc(ec.privateKey);
		expect(verify(withHeader(headers, SENDGRID.signatureHeader, undefined))).toEqual(failed('ecdsa', 'missing_header'));
		expect(verify(withHeader(headers, SENDGRID.timestampHeader!, undefined))).toEqual(
			failed('ecdsa', 'missing_timestamp'),
		);
		const malformed = [
			Buffer.concat([der, Buffer.from([0])]), // DER with trailing garbage, not 64 bytes
			der.subarray(0, der.length - 1),
			Buffer.alloc(65, 1),
			Buffer.alloc(0),
		];
		for (const bytes of malformed) {
			const result = verify(withHeader(headers, SENDGRID.signatureHeader, bytes.toString('base64')));
			expect(result).toEqual(
				bytes.length === 0 ? failed('ecdsa', 'missing_header') : failed('ecdsa', 'malformed_header'),
			);
		}
		expect(verify(withHeader(headers, SENDGRID.signatureHeader, 'not base64!'))).toEqual(
			failed('ecdsa', 'malformed_header'),
		);
	});

	it('refuses a DER-shaped signature that is not valid DER, without throwing', () => {
		const headers = sendgridHeaders(Buffer.from([0x30, 6, 2, 1, 0, 2, 1, 0]));
		expect(verify(headers)).toEqual(failed('ecdsa', 'signature_mismatch'));
	});

	it('accepts a request signed with the previous key during a rotation, labelled so', () => {
		const rotation = keys(ecOther.publicKey, ec.publicKey);
		expect(verify(sendgridHeaders(signEc(ec.privateKey, 'ieee-p1363')), body, NOW_MS, rotation)).toEqual(
			passed('ecdsa', 'previous'),
		);
		expect(verify(sendgridHeaders(signEc(ecOther.privateKey)), body, NOW_MS, rotation)).toEqual(passed('ecdsa'));
	});

	it('refuses a key of another curve or type as no usable key', () => {
		const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' });
		const headers = sendgridHeaders(signEc(p384.privateKey));
		expect(verify(headers, body, NOW_MS, keys(p384.publicKey))).toEqual(failed('ecdsa', 'missing_key'));
		expect(verify(headers, body, NOW_MS, keys(ed.publicKey))).toEqual(failed('ecdsa', 'missing_key'));
	});
});

describe('verifySignature with public keys', () => {
	const input = (overrides: Partial<VerifyInput>): VerifyInput => ({
		rawBody: body,
		headers: discordHeaders(signEd(ed.privateKey)),
		secrets: { current: '' },
		nowMs: NOW_MS,
		publicKeys: keys(ed.publicKey),
		...overrides,
	});

	it('verifies without a secret', () => {
		expect(verifySignature(DISCORD, input({}))).toEqual(passed('ed25519'));
		expect(
			verifySignature(
				SENDGRID,
				input({ headers: sendgridHeaders(signEc(ec.privateKey)), publicKeys: keys(ec.publicKey) }),
			),
		).toEqual(passed('ecdsa'));
	});

	it('fails closed without keys or without the raw body', () => {
		expect(verifySignature(DISCORD, input({ publicKeys: undefined }))).toEqual(failed('ed25519', 'missing_key'));
		expect(verifySignature(SENDGRID, input({ publicKeys: undefined }))).toEqual(failed('ecdsa', 'missing_key'));
		expect(verifySignature(DISCORD, input({ rawBody: undefined }))).toEqual(failed('ed25519', 'missing_raw_body'));
		expect(verifySignature(DISCORD, input({ rawBody: body.toString() as unknown as Buffer }))).toEqual(
			failed('ed25519', 'missing_raw_body'),
		);
		expect(verifySignature(SENDGRID, input({}))).toEqual(failed('ecdsa', 'missing_key'));
	});

	it('refuses a template needing an id header these schemes cannot have, without throwing', () => {
		const config: VerificationConfig = { ...DISCORD, signedContent: '{id}{timestamp}{body}' };
		expect(verifySignature(config, input({}))).toEqual(failed('ed25519', 'missing_header'));
	});
});

describe('publicKeySchemeProblems', () => {
	it('has none for the senders', () => {
		expect(verificationProblems(DISCORD)).toEqual([]);
		expect(verificationProblems(SENDGRID)).toEqual([]);
		expect(publicKeySchemeProblems({ encoding: 'hex', signatureHeader: 'X-Sig' })).toEqual([]);
	});

	it('says what to change in the template and timestamp header', () => {
		expect(verificationProblems({ ...DISCORD, timestampHeader: undefined })).toEqual([
			'Signed Content uses {timestamp}: set Timestamp Header to the header the sender puts it in',
		]);
		expect(verificationProblems({ ...SENDGRID, signedContent: '{body}' })).toEqual([
			expect.stringContaining('is not part of Signed Content, so it gives no replay protection'),
		]);
		expect(verificationProblems({ ...SENDGRID, signedContent: '{TIMESTAMP}{id}{body}' })).toEqual([
			'Signed Content uses {TIMESTAMP}: write {timestamp}',
			expect.stringContaining('is not part of Signed Content'),
			'Signed Content uses {id}, but Ed25519 and ECDSA verification reads no ID header: remove {id}',
		]);
	});
});

describe("the senders' own libraries agree", () => {
	const bodies = [
		'{"type":1}',
		'{"type":2,"data":{"name":"ping","options":[{"value":"ünïcödé ✓"}]}}',
		'[{"email":"a@example.com","event":"delivered","timestamp":1700000000}]',
		'',
	];

	it.each(bodies)('discord-interactions verifyKey and we agree on %j, genuine and tampered', async (text) => {
		const hex = Buffer.from(ed.publicKey.export({ format: 'jwk' }).x as string, 'base64url').toString('hex');
		const parsed = parsePublicKey(hex, 'ed25519');
		if (!parsed.ok) throw new Error(parsed.problem);
		const ours = keys(parsed.key);
		const signature = signEd(ed.privateKey, signedContent(TS, Buffer.from(text))).toString('hex');
		const cases: Array<[bodyText: string, signatureHex: string, timestamp: string, genuine: boolean]> = [
			[text, signature, TS, true],
			[`${text} `, signature, TS, false],
			[text, signature, String(NOW_S + 1), false],
			[text, `${signature.slice(0, -2)}${signature.endsWith('00') ? '01' : '00'}`, TS, false],
		];
		for (const [bodyText, signatureHex, timestamp, genuine] of cases) {
			const theirs = await verifyKey(bodyText, signatureHex, timestamp, hex);
			const result = verifySignature(DISCORD, {
				rawBody: Buffer.from(bodyText),
				headers: { 'x-signature-ed25519': signatureHex, 'x-signature-timestamp': timestamp },
				secrets: { current: '' },
				nowMs: NOW_MS,
				publicKeys: ours,
			});
			expect(theirs).toBe(genuine);
			expect(result.ok).toBe(genuine);
		}
	});

	it.each(bodies)('@sendgrid/eventwebhook verifySignature and we agree on %j, genuine and tampered', (text) => {
		const base64Key = ec.publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
		const parsed = parsePublicKey(base64Key, 'ecdsa');
		if (!parsed.ok) throw new Error(parsed.problem);
		const ours = keys(parsed.key);
		const library = new EventWebhook();
		const theirKey = library.convertPublicKeyToECDSA(base64Key);
		const signature = signEc(ec.privateKey, 'der', signedContent(TS, Buffer.from(text))).toString('base64');
		const otherSignature = signEc(ecOther.privateKey, 'der', signedContent(TS, Buffer.from(text))).toString('base64');
		const cases: Array<[bodyText: string, signatureBase64: string, timestamp: string, genuine: boolean]> = [
			[text, signature, TS, true],
			[`${text}\n`, signature, TS, false],
			[text, signature, String(NOW_S - 1), false],
			[text, otherSignature, TS, false],
		];
		for (const [bodyText, signatureBase64, timestamp, genuine] of cases) {
			const theirs = library.verifySignature(theirKey, bodyText, signatureBase64, timestamp);
			const result = verifySignature(SENDGRID, {
				rawBody: Buffer.from(bodyText),
				headers: {
					[EventWebhookHeader.SIGNATURE()]: signatureBase64,
					[EventWebhookHeader.TIMESTAMP()]: timestamp,
				},
				secrets: { current: '' },
				nowMs: NOW_MS,
				publicKeys: ours,
			});
			expect(theirs).toBe(genuine);
			expect(result.ok).toBe(genuine);
		}
	});

	it("uses SendGrid's own header names", () => {
		expect(EventWebhookHeader.SIGNATURE()).toBe(SENDGRID.signatureHeader);
		expect(EventWebhookHeader.TIMESTAMP()).toBe(SENDGRID.timestampHeader);
	});
});
