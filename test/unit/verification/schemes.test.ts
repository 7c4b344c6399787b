import { randomBytes } from 'node:crypto';

import {
	signRequest,
	verifySignature,
	type HeaderBag,
	type Secrets,
	type VerifyFailureReason,
} from '../../../nodes/core/verification';
import {
	flipEncoded,
	getHeader,
	headerKey,
	input,
	NOW_MS,
	NOW_S,
	renameHeaders,
	schemeCases,
	withHeader,
} from './support';

const body = Buffer.from('{"event":"ticket.created", "id": 42, "note": "héllo ✓"}');

describe.each(schemeCases().map((scheme) => [scheme.name, scheme] as const))('%s', (_name, scheme) => {
	const secrets: Secrets = { current: scheme.secret };
	const sign = (payload = body, secret: string | Secrets = scheme.secret, timestampSeconds = NOW_S) =>
		signRequest(scheme.config, secret, { body: payload, id: 'msg_42', timestampSeconds });
	const verify = (headers: HeaderBag, payload: Buffer | undefined = body, using: Secrets = secrets, nowMs = NOW_MS) =>
		verifySignature(scheme.config, input(payload, headers, using, nowMs));
	const accepted = (secret: 'current' | 'previous' = 'current') => ({ ok: true, method: scheme.method, secret });
	const rejected = (reason: VerifyFailureReason) => ({ ok: false, method: scheme.method, reason });

	const signatureOf = (headers: Record<string, string>) =>
		scheme.readSignature(getHeader(headers, scheme.signatureHeader));
	const withSignature = (headers: Record<string, string>, signature: string) =>
		withHeader(
			headers,
			scheme.signatureHeader,
			scheme.writeSignature(getHeader(headers, scheme.signatureHeader), signature),
		);
	const withSignatureHeader = (headers: Record<string, string>, value: string | string[] | undefined) =>
		withHeader(headers, scheme.signatureHeader, value);

	it('accepts a genuine request', () => {
		expect(verify(sign())).toEqual(accepted());
	});

	it('rejects a request signed with another secret', () => {
		expect(verify(sign(body, scheme.otherSecret))).toEqual(rejected('signature_mismatch'));
	});

	it('accepts the previous secret during a rotation and reports which secret matched', () => {
		const headers = sign();
		expect(verify(headers, body, { current: scheme.otherSecret, previous: scheme.secret })).toEqual(
			accepted('previous'),
		);
		expect(verify(headers, body, { current: scheme.secret, previous: scheme.otherSecret })).toEqual(
			accepted('current'),
		);
		expect(verify(sign(body, scheme.otherSecret), body, { current: scheme.secret, previous: scheme.secret })).toEqual(
			rejected('signature_mismatch'),
		);
	});

	it('never signs with the previous secret', () => {
		const headers = sign(body, { current: scheme.secret, previous: scheme.otherSecret });
		expect(verify(headers, body, { current: scheme.secret })).toEqual(accepted());
		expect(verify(headers, body, { current: scheme.otherSecret })).toEqual(rejected('signature_mismatch'));
	});

	it('rejects a missing signature header', () => {
		expect(verify(withSignatureHeader(sign(), undefined))).toEqual(rejected('missing_header'));
		expect(verify(withSignatureHeader(sign(), ''))).toEqual(rejected('missing_header'));
		expect(verify(withSignatureHeader(sign(), []))).toEqual(rejected('missing_header'));
	});

	it('rejects a duplicated signature header, as an array or under two spellings', () => {
		const headers = sign();
		const value = getHeader(headers, scheme.signatureHeader);
		expect(verify(withSignatureHeader(headers, [value, value]))).toEqual(rejected('duplicate_header'));
		const twice = { ...withSignatureHeader(headers, undefined) };
		twice[scheme.signatureHeader.toLowerCase()] = value;
		twice[scheme.signatureHeader.toUpperCase()] = value;
		expect(verify(twice)).toEqual(rejected('duplicate_header'));
	});

	it('accepts a one-element array as the header value', () => {
		const headers = sign();
		expect(verify(withSignatureHeader(headers, [getHeader(headers, scheme.signatureHeader)]))).toEqual(accepted());
	});

	it('finds the headers whatever the case of their names', () => {
		const headers = sign();
		expect(verify(renameHeaders(headers, (name) => name.toUpperCase()))).toEqual(accepted());
		expect(verify(renameHeaders(headers, (name) => name.toLowerCase()))).toEqual(accepted());
	});

	it('rejects a wrong prefix', () => {
		const headers = sign();
		expect(
			verify(withSignatureHeader(headers, scheme.wrongPrefix(getHeader(headers, scheme.signatureHeader)))),
		).toEqual(rejected('malformed_header'));
	});

	it('rejects a truncated signature', () => {
		const headers = sign();
		expect(verify(withSignature(headers, signatureOf(headers).slice(0, -2)))).toEqual(rejected('malformed_header'));
		expect(verify(withSignature(headers, signatureOf(headers).slice(0, -1)))).toEqual(rejected('malformed_header'));
		// An empty value is no header at all; after a prefix it is a malformed one.
		const empty = scheme.writeSignature(getHeader(headers, scheme.signatureHeader), '');
		expect(verify(withSignature(headers, ''))).toEqual(rejected(empty ? 'malformed_header' : 'missing_header'));
	});

	it('rejects a signature with one bit flipped', () => {
		const headers = sign();
		expect(verify(withSignature(headers, flipEncoded(signatureOf(headers), scheme.encoding)))).toEqual(
			rejected('signature_mismatch'),
		);
	});

	it('rejects non-base64 garbage', () => {
		expect(verify(withSignature(sign(), '!!not*base64%%'))).toEqual(rejected('malformed_header'));
		expect(verify(withSignature(sign(), `${signatureOf(sign())}*`))).toEqual(rejected('malformed_header'));
		expect(verify(withSignature(sign(), `*${signatureOf(sign())}`))).toEqual(rejected('malformed_header'));
	});

	if (scheme.encoding === 'hex') {
		it('accepts upper-case hex', () => {
			const headers = sign();
			expect(verify(withSignature(headers, signatureOf(headers).toUpperCase()))).toEqual(accepted());
		});

		it('rejects base64 where hex is expected', () => {
			const headers = sign();
			const asBase64 = Buffer.from(signatureOf(headers), 'hex').toString('base64');
			expect(verify(withSignature(headers, asBase64))).toEqual(rejected('malformed_header'));
		});
	} else {
		it('rejects hex where base64 is expected', () => {
			const headers = sign();
			const asHex = Buffer.from(signatureOf(headers), 'base64').toString('hex');
			expect(verify(withSignature(headers, asHex))).toEqual(rejected('malformed_header'));
		});

		it('accepts the URL-safe spelling of the same bytes only where base64url is allowed', () => {
			const headers = sign();
			// Unpadded, so it always differs from the padded standard spelling of a 32 or 64 byte MAC.
			const urlSafe = Buffer.from(signatureOf(headers), 'base64').toString('base64url');
			// Standard Webhooks specifies the standard alphabet; generic HMAC accepts both spellings.
			const expected = scheme.method === 'standardWebhooks' ? rejected('malformed_header') : accepted();
			expect(verify(withSignature(headers, urlSafe))).toEqual(expected);
		});
	}

	it.each([
		['an empty body', Buffer.alloc(0)],
		['a 1 MB body', randomBytes(1024 * 1024)],
		['a unicode body', Buffer.from('{"text":"héllo ✓ 🎉 日本語 \\u00e9"}')],
		['invalid UTF-8 bytes', Buffer.from([0x7b, 0xff, 0xfe, 0xc3, 0x28, 0x80, 0x7d])],
	])('accepts %s, byte for byte', (_label, payload) => {
		const headers = sign(payload);
		expect(verify(headers, payload)).toEqual(accepted());
		if (payload.length > 0) {
			const tampered = Buffer.from(payload);
			tampered[tampered.length - 1] ^= 1;
			expect(verify(headers, tampered)).toEqual(rejected('signature_mismatch'));
		}
	});

	it('rejects a JSON body that was parsed and re-serialised', () => {
		const headers = sign();
		const reserialised = Buffer.from(JSON.stringify(JSON.parse(body.toString('utf8'))));
		expect(reserialised.equals(body)).toBe(false);
		expect(verify(headers, reserialised)).toEqual(rejected('signature_mismatch'));
		const unicodeDecoded = Buffer.from(body.toString('latin1'), 'utf8');
		expect(verify(headers, unicodeDecoded)).toEqual(rejected('signature_mismatch'));
	});

	it('fails closed without the raw body', () => {
		expect(verifySignature(scheme.config, input(undefined, sign(), secrets))).toEqual(rejected('missing_raw_body'));
	});

	it('refuses to verify with an empty secret', () => {
		expect(verify(sign(), body, { current: '' })).toEqual(rejected('missing_secret'));
		expect(verify(sign(), body, { current: '', previous: scheme.secret })).toEqual(rejected('missing_secret'));
	});

	const timestamp = scheme.timestamp;
	if (timestamp) {
		const withTimestamp = (text: string | undefined) => timestamp.set(sign(), text);

		it('accepts timestamps up to the tolerance in either direction', () => {
			expect(verify(sign(body, scheme.secret, NOW_S - 300))).toEqual(accepted());
			expect(verify(sign(body, scheme.secret, NOW_S + 300))).toEqual(accepted());
		});

		it('rejects a stale timestamp', () => {
			expect(verify(sign(body, scheme.secret, NOW_S - 301))).toEqual(rejected('timestamp_out_of_tolerance'));
			expect(verify(sign(body, scheme.secret, 0))).toEqual(rejected('timestamp_out_of_tolerance'));
		});

		it('rejects a timestamp in the future beyond the tolerance', () => {
			expect(verify(sign(body, scheme.secret, NOW_S + 301))).toEqual(rejected('timestamp_out_of_tolerance'));
			expect(verify(sign(body, scheme.secret, 999_999_999_999))).toEqual(rejected('timestamp_out_of_tolerance'));
		});

		it('checks the signature before the age, so a forged stale request reads as a mismatch', () => {
			expect(verify(sign(body, scheme.otherSecret, NOW_S - 3600))).toEqual(rejected('signature_mismatch'));
		});

		it.each([
			['non-numeric', 'yesterday'],
			['negative', `-${NOW_S}`],
			['fractional', `${NOW_S}.5`],
			['exponent', '1.7e9'],
			['padded with a space', ` ${NOW_S}`],
			['hexadecimal', '0x6553f100'],
			['huge', '9'.repeat(13)],
			['absurdly long', '1'.repeat(400)],
		])('rejects a %s timestamp', (_label, text) => {
			expect(verify(withTimestamp(text))).toEqual(rejected('invalid_timestamp'));
		});

		it('rejects a missing timestamp', () => {
			expect(verify(withTimestamp(undefined))).toEqual(rejected('missing_timestamp'));
		});

		it('honours a configured tolerance, and 0 turns the age check off', () => {
			const stale = sign(body, scheme.secret, NOW_S - 3600);
			const config = (toleranceSeconds: number) => ({ ...scheme.config, toleranceSeconds }) as typeof scheme.config;
			expect(verifySignature(config(7200), input(body, stale, secrets))).toEqual(accepted());
			expect(verifySignature(config(0), input(body, stale, secrets))).toEqual(accepted());
			expect(verifySignature(config(60), input(body, stale, secrets))).toEqual(rejected('timestamp_out_of_tolerance'));
			expect(verifySignature(config(Number.NaN), input(body, stale, secrets))).toEqual(
				rejected('timestamp_out_of_tolerance'),
			);
		});

		it('fails closed on a clock that is not a number', () => {
			expect(verify(sign(), body, secrets, Number.NaN)).toEqual(rejected('timestamp_out_of_tolerance'));
		});
	}

	it('signs only the headers the scheme defines', () => {
		const headers = sign();
		expect(headerKey(headers, scheme.signatureHeader)).toBeDefined();
		expect(Object.values(headers).join(' ')).not.toContain(scheme.secret);
	});
});
