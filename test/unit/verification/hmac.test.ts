import { createHmac } from 'node:crypto';

import {
	deriveKeyCandidates,
	signHmac,
	verifyHmac,
	verifySignature,
	type HmacOptions,
	type KeyCandidate,
	type VerificationConfig,
} from '../../../nodes/core/verification';
import { input, NOW_MS, NOW_S } from './support';

const SECRET = 'hmac secret';
const body = Buffer.from('{"a":1}');
const candidates = (deriveKeyCandidates('utf8', { current: SECRET }) as { candidates: KeyCandidate[] }).candidates;
const request = (headers: Record<string, string | string[]>) => ({ body, headers, nowMs: NOW_MS });
const failed = (reason: string) => ({ ok: false, method: 'hmac', reason });
const passed = { ok: true, method: 'hmac', secret: 'current' };

const plain: HmacOptions = { algorithm: 'sha256', encoding: 'hex', signatureHeader: 'X-Sig' };
const timed: HmacOptions = {
	algorithm: 'sha256',
	encoding: 'base64',
	signatureHeader: 'X-Sig',
	signaturePrefix: 't=',
	signedContent: 'v0:{timestamp}:{body}',
	timestampHeader: 'X-Ts',
};

describe('signHmac', () => {
	it('returns the signature header only, for a body-only scheme', () => {
		expect(signHmac(plain, SECRET, { body })).toEqual({
			'X-Sig': createHmac('sha256', SECRET).update(body).digest('hex'),
		});
	});

	it.each(['sha1', 'sha256', 'sha512'] as const)('signs with %s in hex and base64', (algorithm) => {
		const mac = createHmac(algorithm, SECRET).update(body);
		const digest = mac.digest();
		expect(signHmac({ ...plain, algorithm }, SECRET, { body })['X-Sig']).toBe(digest.toString('hex'));
		expect(signHmac({ ...plain, algorithm, encoding: 'base64' }, SECRET, { body })['X-Sig']).toBe(
			digest.toString('base64'),
		);
	});

	it('adds the timestamp header when the template uses {timestamp}', () => {
		const expected = createHmac('sha256', SECRET).update(`v0:${NOW_S}:${body}`).digest('base64');
		expect(signHmac(timed, SECRET, { body, timestampSeconds: NOW_S })).toEqual({
			'X-Ts': String(NOW_S),
			'X-Sig': `t=${expected}`,
		});
	});

	it('adds the id header when the template uses {id}, and makes an id when none is given', () => {
		const options = { ...plain, signedContent: '{id}.{body}', idHeader: 'X-Id' };
		expect(signHmac(options, SECRET, { body, id: 'evt_1' })).toEqual({
			'X-Id': 'evt_1',
			'X-Sig': createHmac('sha256', SECRET).update(`evt_1.${body}`).digest('hex'),
		});
		expect(signHmac(options, SECRET, { body })['X-Id']).toMatch(/^msg_[0-9a-f]{32}$/);
	});

	it('signs with the current time by default', () => {
		jest.spyOn(Date, 'now').mockReturnValue(NOW_MS);
		try {
			expect(signHmac(timed, SECRET, { body })['X-Ts']).toBe(String(NOW_S));
		} finally {
			jest.restoreAllMocks();
		}
	});

	it('throws on a configuration or input it cannot sign', () => {
		expect(() => signHmac({ ...plain, signedContent: '{timestamp}.{body}' }, SECRET, { body })).toThrow(
			'timestamp header',
		);
		expect(() => signHmac({ ...plain, signedContent: '{id}.{body}' }, SECRET, { body })).toThrow('id header');
		expect(() => signHmac(plain, '', { body })).toThrow('secret');
		expect(() => signHmac(timed, SECRET, { body, timestampSeconds: -1 })).toThrow(RangeError);
		expect(() => signHmac(timed, SECRET, { body, timestampSeconds: 1.5 })).toThrow(RangeError);
	});
});

describe('verifyHmac', () => {
	const sign = (options: HmacOptions) => signHmac(options, SECRET, { body, id: 'evt_1', timestampSeconds: NOW_S });

	it('accepts what signHmac produced', () => {
		expect(verifyHmac(plain, candidates, request(sign(plain)))).toEqual(passed);
		expect(verifyHmac(timed, candidates, request(sign(timed)))).toEqual(passed);
	});

	it('matches the prefix exactly, case included', () => {
		const headers = sign(timed);
		expect(
			verifyHmac(timed, candidates, request({ ...headers, 'X-Sig': headers['X-Sig'].replace('t=', 'T=') })),
		).toEqual(failed('malformed_header'));
		expect(verifyHmac(timed, candidates, request({ ...headers, 'X-Sig': ` ${headers['X-Sig']}` }))).toEqual(
			failed('malformed_header'),
		);
	});

	it('refuses a signature of another algorithm by its length', () => {
		const sha1 = sign({ ...plain, algorithm: 'sha1' });
		const sha512 = sign({ ...plain, algorithm: 'sha512' });
		expect(verifyHmac(plain, candidates, request(sha1))).toEqual(failed('malformed_header'));
		expect(verifyHmac(plain, candidates, request(sha512))).toEqual(failed('malformed_header'));
	});

	it('refuses an algorithm it does not know without throwing', () => {
		const md5 = { ...plain, algorithm: 'md5' } as unknown as HmacOptions;
		expect(
			verifyHmac(md5, candidates, request({ 'X-Sig': createHmac('md5', SECRET).update(body).digest('hex') })),
		).toEqual(failed('malformed_header'));
	});

	it('needs the timestamp header the template signs', () => {
		const headers = sign(timed);
		expect(verifyHmac(timed, candidates, request({ 'X-Sig': headers['X-Sig'] }))).toEqual(failed('missing_timestamp'));
		expect(verifyHmac(timed, candidates, request({ ...headers, 'x-ts': String(NOW_S) }))).toEqual(
			failed('duplicate_header'),
		);
		const noHeaderConfigured = { ...timed, timestampHeader: undefined };
		expect(verifyHmac(noHeaderConfigured, candidates, request(headers))).toEqual(failed('missing_timestamp'));
	});

	it('checks the age of a configured timestamp header even when the template does not sign it', () => {
		const options = { ...plain, timestampHeader: 'X-Ts' };
		const stale = signHmac(options, SECRET, { body, timestampSeconds: NOW_S - 301 });
		expect(stale['X-Ts']).toBe(String(NOW_S - 301));
		expect(verifyHmac(options, candidates, request(stale))).toEqual(failed('timestamp_out_of_tolerance'));
		expect(verifyHmac(options, candidates, request(sign(options)))).toEqual(passed);
	});

	it('needs the id header the template signs', () => {
		const options = { ...plain, signedContent: '{id}.{body}', idHeader: 'X-Id' };
		const headers = sign(options);
		expect(verifyHmac(options, candidates, request({ 'X-Sig': headers['X-Sig'] }))).toEqual(failed('missing_header'));
		expect(verifyHmac(options, candidates, request({ ...headers, 'X-Id': ['evt_1', 'evt_2'] }))).toEqual(
			failed('duplicate_header'),
		);
		expect(verifyHmac(options, candidates, request({ ...headers, 'X-Id': 'evt_2' }))).toEqual(
			failed('signature_mismatch'),
		);
		expect(verifyHmac({ ...options, idHeader: undefined }, candidates, request(headers))).toEqual(
			failed('missing_header'),
		);
	});

	it('treats an empty template as the body, as the UI default does', () => {
		const headers = sign(plain);
		expect(verifyHmac({ ...plain, signedContent: '' }, candidates, request(headers))).toEqual(passed);
	});

	it('treats an empty prefix as none', () => {
		expect(verifyHmac({ ...plain, signaturePrefix: '' }, candidates, request(sign(plain)))).toEqual(passed);
	});

	it('works through verifySignature with the config the node builds', () => {
		const config: VerificationConfig = {
			method: 'hmac',
			algorithm: 'sha512',
			encoding: 'base64',
			signatureHeader: 'X-Sig',
			signaturePrefix: 'v1=',
			signedContent: '{timestamp}.{body}',
			timestampHeader: 'X-Ts',
			idHeader: undefined,
			toleranceSeconds: 300,
		};
		const mac = createHmac('sha512', SECRET).update(`${NOW_S}.${body}`).digest('base64');
		expect(
			verifySignature(config, input(body, { 'x-sig': `v1=${mac}`, 'x-ts': String(NOW_S) }, { current: SECRET })),
		).toEqual(passed);
	});
});
