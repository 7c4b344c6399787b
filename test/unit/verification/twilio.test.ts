import { createHash } from 'node:crypto';
import { stringify as legacyStringify, parse as legacyParse } from 'node:querystring';

import fc from 'fast-check';
import { getExpectedTwilioSignature, validateRequest, validateRequestWithBody } from 'twilio/lib/webhooks/webhooks';

import { verifySignature, type Secrets, type VerifyInput } from '../../../nodes/core/verification';
import published from '../../fixtures/vectors/twilio.json';
import { flipEncoded } from './support';

const config = { method: 'twilio' } as const;
const [vector] = published.vectors;
const formOf = (params: Record<string, string>) => Buffer.from(new URLSearchParams(params).toString());

const request = (
	url: string | undefined,
	rawBody: Buffer | undefined,
	signature: string | string[] | undefined,
	secrets: Secrets,
): VerifyInput => ({ rawBody, headers: { 'x-twilio-signature': signature }, secrets, url });

const verify = (
	url: string | undefined,
	rawBody: Buffer | undefined,
	signature: string | undefined,
	secrets: Secrets,
) => verifySignature(config, request(url, rawBody, signature, secrets));

const accepted = (secret: 'current' | 'previous' = 'current') => ({ ok: true, method: 'twilio', secret });
const failed = (reason: string) => ({ ok: false, method: 'twilio', reason });

describe('twilio: the published example', () => {
	const body = formOf(vector.params);
	const secrets = { current: vector.secret };

	it('is what Twilio signs, and what its library computes', () => {
		expect(vector.source).toEqual(['https://www.twilio.com/docs/usage/security#validating-requests']);
		expect(getExpectedTwilioSignature(vector.secret, vector.url, vector.params)).toBe(vector.expected_header);
		expect(vector.signed_content).toBe(
			`${vector.url}${Object.entries(vector.params)
				.sort(([a], [b]) => (a < b ? -1 : 1))
				.map(([name, value]) => name + value)
				.join('')}`,
		);
	});

	it('verifies from the raw form body and the URL', () => {
		expect(verify(vector.url, body, vector.expected_header, secrets)).toEqual(accepted());
		expect(verifySignature(config, { ...request(vector.url, body, undefined, secrets), headers: {} })).toEqual(
			failed('missing_header'),
		);
	});

	it('verifies whatever order the parameters arrive in, and ignores the parsed body', () => {
		const reversed = Buffer.from(new URLSearchParams(Object.entries(vector.params).reverse()).toString());
		const input = { ...request(vector.url, reversed, vector.expected_header, secrets), body: { Digits: '9999' } };
		expect(verifySignature(config, input)).toEqual(accepted());
	});

	it('accepts the URL with the default port written out either way', () => {
		expect(verify('https://mycompany.com:443/myapp.php?foo=1&bar=2', body, vector.expected_header, secrets)).toEqual(
			accepted(),
		);
		const withPort = getExpectedTwilioSignature(vector.secret, 'https://mycompany.com:443/myapp.php?foo=1&bar=2', {
			...vector.params,
		});
		expect(verify(vector.url, body, withPort, secrets)).toEqual(accepted());
	});

	it("accepts a signature over the port-less URL on any port, as Twilio's validator does", () => {
		const url = 'https://mycompany.com:8443/myapp.php?foo=1&bar=2';
		expect(validateRequest(vector.secret, vector.expected_header, url, vector.params)).toBe(true);
		expect(verify(url, body, vector.expected_header, secrets)).toEqual(accepted());
	});

	it.each([
		['a changed parameter', formOf({ ...vector.params, Digits: '1235' })],
		['an added parameter', formOf({ ...vector.params, Extra: '' })],
		[
			'a dropped parameter',
			formOf(Object.fromEntries(Object.entries(vector.params).filter(([name]) => name !== 'To'))),
		],
		['no parameters', Buffer.alloc(0)],
		['a JSON body', Buffer.from(JSON.stringify(vector.params))],
	])('refuses %s', (_label, tampered) => {
		expect(verify(vector.url, tampered, vector.expected_header, secrets)).toEqual(failed('signature_mismatch'));
	});

	it.each([
		['another query', 'https://mycompany.com/myapp.php?foo=1&bar=3'],
		['another path', 'https://mycompany.com/myapp.php/?foo=1&bar=2'],
		['another host', 'https://mycompany.org/myapp.php?foo=1&bar=2'],
		['http instead of https', 'http://mycompany.com/myapp.php?foo=1&bar=2'],
		['no query', 'https://mycompany.com/myapp.php'],
	])('refuses %s', (_label, url) => {
		expect(verify(url, body, vector.expected_header, secrets)).toEqual(failed('signature_mismatch'));
	});

	it('refuses another token, a flipped bit and a signature that is not 20 bytes of canonical base64', () => {
		expect(verify(vector.url, body, vector.expected_header, { current: '12346' })).toEqual(
			failed('signature_mismatch'),
		);
		expect(verify(vector.url, body, flipEncoded(vector.expected_header, 'base64'), secrets)).toEqual(
			failed('signature_mismatch'),
		);
		for (const bad of [
			'RSOYDt4T1cUTdK1PDd93/VVr8B8',
			'RSOYDt4T1cUTdK1PDd93_VVr8B8=',
			`${vector.expected_header}AAAA`,
		]) {
			expect(verify(vector.url, body, bad, secrets)).toEqual(failed('malformed_header'));
		}
		expect(verifySignature(config, request(vector.url, body, [vector.expected_header, 'x'], secrets))).toEqual(
			failed('duplicate_header'),
		);
	});

	it('accepts the previous token during a rotation and says so', () => {
		expect(verify(vector.url, body, vector.expected_header, { current: 'new', previous: vector.secret })).toEqual(
			accepted('previous'),
		);
		expect(verify(vector.url, body, vector.expected_header, { current: vector.secret, previous: 'old' })).toEqual(
			accepted(),
		);
	});

	it('fails closed without the URL, the raw body or the token', () => {
		for (const url of [undefined, '', '/myapp.php?foo=1&bar=2', 'not a url', 'ftp://mycompany.com/myapp.php']) {
			expect(verify(url, body, vector.expected_header, secrets)).toEqual(failed('missing_url'));
		}
		expect(verify(vector.url, undefined, vector.expected_header, secrets)).toEqual(failed('missing_raw_body'));
		expect(verify(vector.url, body, vector.expected_header, { current: '' })).toEqual(failed('missing_secret'));
	});
});

describe('twilio: bodies other than forms (bodySHA256)', () => {
	const token = 'auth-token';
	const json = Buffer.from('{"CallSid":"CA1","Status":"completed"}');
	const hash = createHash('sha256').update(json).digest('hex');
	const url = `https://example.com/webhook/abc?bodySHA256=${hash}`;
	const signature = getExpectedTwilioSignature(token, url, {});

	it('signs the URL alone and checks the body against its hash', () => {
		expect(validateRequestWithBody(token, signature, url, json.toString())).toBe(true);
		expect(verify(url, json, signature, { current: token })).toEqual(accepted());
	});

	it('refuses a changed body, a changed hash and an upper-case hash, as Twilio does', () => {
		const changed = Buffer.from('{"CallSid":"CA2","Status":"completed"}');
		expect(verify(url, changed, signature, { current: token })).toEqual(failed('signature_mismatch'));
		const upper = `https://example.com/webhook/abc?bodySHA256=${hash.toUpperCase()}`;
		const upperSignature = getExpectedTwilioSignature(token, upper, {});
		expect(validateRequestWithBody(token, upperSignature, upper, json.toString())).toBe(false);
		expect(verify(upper, json, upperSignature, { current: token })).toEqual(failed('signature_mismatch'));
		const other = url.replace(/.$/, (c) => (c === '0' ? '1' : '0'));
		expect(verify(other, json, signature, { current: token })).toEqual(failed('signature_mismatch'));
	});
});

// ---- agreement with Twilio's own validator --------------------------------------------------------------

const RUNS = 1500;

/** Text for names, values and URL parts: ASCII with the characters URL encodings disagree on, and Unicode
 * (whole code points: a lone surrogate cannot travel in a form body). */
const textArb = fc.oneof(
	fc.string({ maxLength: 8 }),
	fc.string({ unit: fc.constantFrom(...[...'aZ09 +&=?#%/\'"<>[]{}|\\^`~!*();:@$,.-_é€😀']), maxLength: 8 }),
	fc.string({ unit: 'grapheme', maxLength: 6 }),
);
const pairsArb = fc.array(fc.tuple(fc.oneof(textArb, fc.constantFrom('From', 'To', 'Body')), textArb), {
	maxLength: 8,
});

interface Parts {
	scheme: 'http' | 'https';
	host: string;
	port: string;
	path: string;
	query: string;
}

const partsArb: fc.Arbitrary<Parts> = fc.record({
	scheme: fc.constantFrom('http', 'https'),
	host: fc.constantFrom('example.com', 'n8n.msp.example', 'EXAMPLE.com', '127.0.0.1', '[::1]', 'xn--bcher-kva.example'),
	port: fc.constantFrom('', '', ':443', ':80', ':8080', ':5678'),
	path: fc.oneof(
		fc.constantFrom('/webhook/abc', '/', '/webhook-test/5f1c/twilio', '/a b/é', "/it's/%7E/~"),
		textArb.map((text) => `/webhook/${text.replace(/[?#]/g, '')}`),
	),
	query: fc.oneof(
		fc.constant(''),
		pairsArb.map((pairs) => (pairs.length ? `?${new URLSearchParams(pairs).toString()}` : '')),
		fc.constantFrom('?foo=1&bar=2', "?a=b c&d='e'", '?x=%41&y=!*', '?k', '?'),
	),
});

const urlOf = (parts: Parts) => `${parts.scheme}://${parts.host}${parts.port}${parts.path}${parts.query}`;
const defaultPort = (parts: Parts) => (parts.scheme === 'https' ? ':443' : ':80');

/** URLs a sender (or a forger) might have signed instead of the one called. */
function signedUrlArb(parts: Parts): fc.Arbitrary<string> {
	const given = urlOf(parts);
	const legacy = (text: string) => {
		const url = new URL(text);
		if (!url.search) return text;
		const query = legacyStringify(legacyParse(url.search.slice(1)));
		url.search = '';
		return `${url.toString()}?${query}`;
	};
	return fc.constantFrom(
		given,
		given,
		given,
		given,
		new URL(given).toString(),
		urlOf({ ...parts, port: '' }),
		urlOf({ ...parts, port: defaultPort(parts) }),
		urlOf({ ...parts, port: ':9999' }),
		legacy(given),
		legacy(urlOf({ ...parts, port: defaultPort(parts) })),
		urlOf({ ...parts, path: `${parts.path}x` }),
		urlOf({ ...parts, scheme: parts.scheme === 'https' ? 'http' : 'https' }),
		`${given}#fragment`,
	);
}

/** Twilio's validator wants the parameters as Express would parse them: one value, or an array of them. */
function paramsOf(pairs: Array<[string, string]>): Record<string, string | string[]> {
	const params: Record<string, string | string[]> = Object.create(null);
	for (const [name, value] of pairs) {
		const known = params[name];
		params[name] = known === undefined ? value : [...(Array.isArray(known) ? known : [known]), value];
	}
	return params;
}

/** What Twilio's library says for each secret, as our label. */
function theirLabel(secrets: Secrets, valid: (token: string) => boolean): 'current' | 'previous' | undefined {
	if (valid(secrets.current)) return 'current';
	return secrets.previous && valid(secrets.previous) ? 'previous' : undefined;
}

const secretsArb = fc.oneof(
	fc.record({ current: fc.constantFrom('tok-current', '0123456789abcdef0123456789abcdef') }),
	fc.record({ current: fc.constant('tok-current'), previous: fc.constant('tok-previous') }),
);
const signerArb = fc.constantFrom(
	'tok-current',
	'tok-current',
	'tok-current',
	'tok-previous',
	'tok-wrong',
	'0123456789abcdef0123456789abcdef',
);
/** Mostly untouched, so that about half the requests are genuine. */
const flipArb = fc.integer({ min: 0, max: 9 }).map((n) => n === 0);

describe(`twilio: agreement with twilio's validateRequest and validateRequestWithBody (${RUNS} requests each)`, () => {
	it('form bodies: we accept exactly what validateRequest accepts, with the same secret', () => {
		let accepts = 0;
		fc.assert(
			fc.property(
				partsArb.chain((parts) => fc.tuple(fc.constant(parts), signedUrlArb(parts))),
				pairsArb,
				fc.oneof({ weight: 4, arbitrary: fc.constant(undefined) }, pairsArb),
				secretsArb,
				signerArb,
				flipArb,
				([parts, signedUrl], pairs, tamperedPairs, secrets, signer, flip) => {
					const url = urlOf(parts);
					fc.pre(!url.includes('bodySHA256'));
					let signature = getExpectedTwilioSignature(signer, signedUrl, paramsOf(pairs));
					if (flip) signature = flipEncoded(signature, 'base64');
					const received = tamperedPairs ?? pairs;
					const body = Buffer.from(new URLSearchParams(received).toString());
					const params = paramsOf(received);
					const theirs = theirLabel(secrets, (token) => validateRequest(token, signature, url, params));
					const ours = verifySignature(config, request(url, body, signature, secrets));
					expect(ours).toEqual(theirs ? accepted(theirs) : failed('signature_mismatch'));
					if (theirs) accepts++;
				},
			),
			{ numRuns: RUNS },
		);
		expect(accepts).toBeGreaterThan(RUNS / 20);
	});

	it('other bodies: we accept exactly what validateRequestWithBody accepts, with the same secret', () => {
		let accepts = 0;
		fc.assert(
			fc.property(
				partsArb,
				fc.string({ unit: 'grapheme', maxLength: 40 }).map((text) => JSON.stringify({ text })),
				fc.oneof({ weight: 4, arbitrary: fc.constant(undefined) }, fc.string({ maxLength: 10 })),
				fc.constantFrom('hash', 'hash', 'hash', 'hash', 'other', 'upper', 'empty'),
				secretsArb,
				signerArb,
				flipArb,
				(parts, body, tamperedBody, hashKind, secrets, signer, flip) => {
					const hex = createHash('sha256').update(body).digest('hex');
					const hash = {
						hash: hex,
						other: hex.replace(/^./, (c) => (c === 'a' ? 'b' : 'a')),
						upper: hex.toUpperCase(),
						empty: '',
					}[hashKind];
					const query = parts.query ? `${parts.query}&bodySHA256=${hash}` : `?bodySHA256=${hash}`;
					const url = urlOf({ ...parts, query });
					let signature = getExpectedTwilioSignature(signer, url, {});
					if (flip) signature = flipEncoded(signature, 'base64');
					const received = tamperedBody ?? body;
					const theirs = theirLabel(secrets, (token) => validateRequestWithBody(token, signature, url, received));
					const ours = verifySignature(config, request(url, Buffer.from(received), signature, secrets));
					expect(ours).toEqual(theirs ? accepted(theirs) : failed('signature_mismatch'));
					if (theirs) accepts++;
				},
			),
			{ numRuns: RUNS },
		);
		expect(accepts).toBeGreaterThan(RUNS / 20);
	});
});
