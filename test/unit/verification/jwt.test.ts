import { exportSPKI } from 'jose';

import {
	createJwksCache,
	GOOGLE_PUBSUB_JWT,
	jwtProblems,
	verifyJwt,
	verifyRequest,
	type HeaderBag,
	type JwksProvider,
	type JwtOptions,
	type Secrets,
} from '../../../nodes/core/verification';
import {
	getJson,
	newSigningKey,
	signToken,
	startJwksServer,
	unsignedToken,
	type JwksServer,
	type SigningKey,
} from '../../support/jwksServer';
import { NOW_MS, NOW_S } from './support';

const SECRET = 'jwt-secret-9c1f';
const PREVIOUS = 'jwt-secret-old';
const secrets: Secrets = { current: SECRET, previous: PREVIOUS };
const bytes = (text: string) => new TextEncoder().encode(text);
const bearer = (token: string): HeaderBag => ({ authorization: `Bearer ${token}` });
const failed = (reason: string) => ({ ok: false, method: 'jwt', reason });
const accepted = (secret: string) => ({ ok: true, method: 'jwt', secret });

describe('jwt with a secret (HS256/384/512)', () => {
	const verify = (token: string, config: JwtOptions = {}, nowMs = NOW_MS) =>
		verifyJwt(config, { headers: bearer(token), secrets, nowMs });
	const hs = (key: string, claims = {}, alg = 'HS256', expiresIn = 3600) =>
		signToken(bytes(key), { alg }, { nowS: NOW_S, claims, expiresIn });

	it('accepts a token signed with the secret, in each HMAC algorithm', async () => {
		for (const alg of ['HS256', 'HS384', 'HS512']) {
			expect(await verify(await hs(SECRET, {}, alg))).toEqual(accepted('current'));
		}
	});

	it('accepts the previous secret during a rotation and says so', async () => {
		expect(await verify(await hs(PREVIOUS))).toEqual(accepted('previous'));
	});

	it('refuses another secret', async () => {
		expect(await verify(await hs('another secret'))).toEqual(failed('signature_mismatch'));
	});

	it('refuses an algorithm the configuration leaves out', async () => {
		expect(await verify(await hs(SECRET, {}, 'HS512'), { algorithms: ['HS256'] })).toEqual(
			failed('signature_mismatch'),
		);
	});

	it('refuses an unsigned (alg: none) token', async () => {
		const token = unsignedToken({ exp: NOW_S + 60 });
		expect(await verify(token)).toEqual(failed('signature_mismatch'));
		expect(await verify(token, { algorithms: ['HS256'] })).toEqual(failed('signature_mismatch'));
	});

	it('refuses an expired token and one not yet valid, within a leeway of 30 s by default', async () => {
		const expired = await hs(SECRET, {}, 'HS256', -31);
		expect(await verify(expired)).toEqual(failed('timestamp_out_of_tolerance'));
		expect(await verify(await hs(SECRET, {}, 'HS256', -29))).toEqual(accepted('current'));
		expect(await verify(await hs(SECRET, { nbf: NOW_S + 31 }))).toEqual(failed('timestamp_out_of_tolerance'));
		expect(await verify(await hs(SECRET, { nbf: NOW_S + 29 }))).toEqual(accepted('current'));
	});

	it('honours the configured leeway, 0 included', async () => {
		const expired = await hs(SECRET, {}, 'HS256', -100);
		expect(await verify(expired, { clockToleranceSeconds: 120 })).toEqual(accepted('current'));
		expect(await verify(expired, { clockToleranceSeconds: 60 })).toEqual(failed('timestamp_out_of_tolerance'));
		const justExpired = await hs(SECRET, {}, 'HS256', -1);
		expect(await verify(justExpired, { clockToleranceSeconds: 0 })).toEqual(failed('timestamp_out_of_tolerance'));
	});

	it('takes the current time from the input, not the clock', async () => {
		const token = await hs(SECRET);
		expect(await verify(token, {}, NOW_MS + 3_700_000)).toEqual(failed('timestamp_out_of_tolerance'));
	});

	it('needs an expiry, so that no captured token is good forever', async () => {
		const token = await signToken(bytes(SECRET), { alg: 'HS256' }, { nowS: NOW_S, claims: { exp: undefined } });
		expect(await verify(token)).toEqual(failed('missing_timestamp'));
	});

	it('checks the issuer against any of the configured ones', async () => {
		const config = { issuers: ['https://a.example', 'b.example'] };
		expect(await verify(await hs(SECRET, { iss: 'b.example' }), config)).toEqual(accepted('current'));
		expect(await verify(await hs(SECRET, { iss: 'c.example' }), config)).toEqual(failed('claim_mismatch'));
		expect(await verify(await hs(SECRET), config)).toEqual(failed('claim_mismatch'));
	});

	it('checks the audience, a string or one of a list in the token', async () => {
		const config = { audience: 'https://hooks.example/p' };
		expect(await verify(await hs(SECRET, { aud: 'https://hooks.example/p' }), config)).toEqual(accepted('current'));
		expect(await verify(await hs(SECRET, { aud: ['x', 'https://hooks.example/p'] }), config)).toEqual(
			accepted('current'),
		);
		expect(await verify(await hs(SECRET, { aud: 'https://hooks.example/q' }), config)).toEqual(
			failed('claim_mismatch'),
		);
	});

	it('checks the email and that the issuer verified it', async () => {
		const config = { email: 'push@project.iam.gserviceaccount.com' };
		const claims = (email: string, verified: unknown) => ({ email, email_verified: verified });
		expect(await verify(await hs(SECRET, claims(config.email, true)), config)).toEqual(accepted('current'));
		expect(await verify(await hs(SECRET, claims('other@example.com', true)), config)).toEqual(failed('claim_mismatch'));
		for (const verified of [false, 'true', undefined]) {
			expect(await verify(await hs(SECRET, claims(config.email, verified)), config)).toEqual(failed('claim_mismatch'));
		}
	});

	it('refuses a token whose signature matches the previous secret but whose claims fail, without a success', async () => {
		expect(await verify(await hs(PREVIOUS, { iss: 'x' }), { issuers: ['y'] })).toEqual(failed('claim_mismatch'));
	});

	it.each([
		['no Authorization header', {}, 'missing_header'],
		['two Authorization headers', { authorization: ['Bearer a.b.c', 'Bearer a.b.c'] }, 'duplicate_header'],
		['another scheme', { authorization: 'Basic a.b.c' }, 'malformed_header'],
		['no token', { authorization: 'Bearer' }, 'malformed_header'],
		['two spaces', { authorization: 'Bearer  a.b.c' }, 'malformed_header'],
		['two parts', { authorization: 'Bearer a.b' }, 'malformed_header'],
		['four parts', { authorization: 'Bearer a.b.c.d' }, 'malformed_header'],
		['a character outside base64url', { authorization: 'Bearer a+.b.c' }, 'malformed_header'],
		['a header that is not JSON', { authorization: 'Bearer YQ.YQ.YQ' }, 'malformed_header'],
	])('refuses %s', async (_label, headers: HeaderBag, reason) => {
		expect(await verifyJwt({}, { headers, secrets, nowMs: NOW_MS })).toEqual(failed(reason));
	});

	it('reads the scheme word in any case', async () => {
		const token = await hs(SECRET);
		expect(await verifyJwt({}, { headers: { Authorization: `BEARER ${token}` }, secrets, nowMs: NOW_MS })).toEqual(
			accepted('current'),
		);
	});

	it('needs a secret, and says which secret is missing without naming it', async () => {
		const token = await hs(SECRET);
		expect(await verifyJwt({}, { headers: bearer(token), secrets: { current: '' }, nowMs: NOW_MS })).toEqual(
			failed('missing_secret'),
		);
	});
});

describe('jwt with a key set (JWKS)', () => {
	let server: JwksServer;
	let rsa: SigningKey;
	let ec: SigningKey;
	let ed: SigningKey;
	let clock: number;
	let provider: JwksProvider;
	const config = (extra: JwtOptions = {}): JwtOptions => ({ jwksUrl: server.url, ...extra });
	const verify = (token: string, options: JwtOptions = config()) =>
		verifyJwt(options, { headers: bearer(token), secrets: { current: '' }, nowMs: NOW_MS }, provider);
	const sign = (key: SigningKey, claims = {}) =>
		signToken(key.privateKey, { alg: key.alg, kid: key.kid }, { nowS: NOW_S, claims });

	beforeAll(async () => {
		[rsa, ec, ed] = await Promise.all([
			newSigningKey('RS256', 'rsa-1'),
			newSigningKey('ES256', 'ec-1'),
			newSigningKey('EdDSA', 'ed-1'),
		]);
	});

	beforeEach(async () => {
		server = await startJwksServer([rsa.jwk, ec.jwk, ed.jwk]);
		clock = 1_000_000;
		provider = createJwksCache(getJson, { now: () => clock, timeoutMs: 1000 });
	});

	afterEach(() => server.close());

	it('accepts RS256, ES256 and EdDSA tokens signed by a key of the set, with no secret at all', async () => {
		for (const key of [rsa, ec, ed]) expect(await verify(await sign(key))).toEqual(accepted('none'));
		expect(server.requests).toBe(1);
	});

	it('checks issuer, audience and email as with a secret', async () => {
		const options = config({ issuers: ['https://accounts.google.com'], audience: 'aud-1', email: 'sa@x.example' });
		const good = { iss: 'https://accounts.google.com', aud: 'aud-1', email: 'sa@x.example', email_verified: true };
		expect(await verify(await sign(rsa, good), options)).toEqual(accepted('none'));
		for (const wrong of [{ iss: 'accounts.google.com' }, { aud: 'aud-2' }, { email_verified: false }]) {
			expect(await verify(await sign(rsa, { ...good, ...wrong }), options)).toEqual(failed('claim_mismatch'));
		}
	});

	it('refuses a token signed by a key outside the set that names a key of the set', async () => {
		const stranger = await newSigningKey('RS256', rsa.kid);
		expect(await verify(await sign(stranger))).toEqual(failed('signature_mismatch'));
	});

	it('refuses an HS256 token signed with the bytes of a public key of the set (key confusion)', async () => {
		const pem = await exportSPKI(rsa.publicKey);
		for (const secret of [pem, JSON.stringify(rsa.jwk), String(rsa.jwk.n)]) {
			const token = await signToken(bytes(secret), { alg: 'HS256', kid: rsa.kid }, { nowS: NOW_S });
			expect(await verify(token)).toEqual(failed('signature_mismatch'));
			// Even when someone lists HS256 among the algorithms of a JWKS configuration.
			expect(await verify(token, config({ algorithms: ['HS256', 'RS256'] }))).toEqual(failed('signature_mismatch'));
		}
	});

	it('refuses an unsigned (alg: none) token', async () => {
		expect(await verify(unsignedToken({ exp: NOW_S + 60 }))).toEqual(failed('signature_mismatch'));
	});

	it('refuses an algorithm the configuration leaves out', async () => {
		expect(await verify(await sign(ec), config({ algorithms: ['RS256'] }))).toEqual(failed('signature_mismatch'));
	});

	it('refuses an expired token', async () => {
		const token = await signToken(rsa.privateKey, { alg: 'RS256', kid: rsa.kid }, { nowS: NOW_S, expiresIn: -60 });
		expect(await verify(token)).toEqual(failed('timestamp_out_of_tolerance'));
	});

	it('tries each key of the type when the token names none', async () => {
		const other = await newSigningKey('RS256', 'rsa-2');
		server.keys = [other.jwk, rsa.jwk];
		const token = await signToken(rsa.privateKey, { alg: 'RS256' }, { nowS: NOW_S });
		expect(await verify(token)).toEqual(accepted('none'));
		const stranger = await newSigningKey('RS256', 'x');
		expect(await verify(await signToken(stranger.privateKey, { alg: 'RS256' }, { nowS: NOW_S }))).toEqual(
			failed('signature_mismatch'),
		);
	});

	it('fetches the set again for an unknown kid, once, and then accepts the token', async () => {
		expect(await verify(await sign(rsa))).toEqual(accepted('none'));
		expect(server.requests).toBe(1);
		const rotated = await newSigningKey('RS256', 'rsa-2');
		server.keys = [rsa.jwk, rotated.jwk];
		clock += 30_000;
		expect(await verify(await sign(rotated))).toEqual(accepted('none'));
		expect(server.requests).toBe(2);
		expect(await verify(await sign(rotated))).toEqual(accepted('none'));
		expect(server.requests).toBe(2);
	});

	it('fetches at most once per 30 s however many unknown kids arrive', async () => {
		expect(await verify(await sign(rsa))).toEqual(accepted('none'));
		clock += 30_000;
		const unknown = await Promise.all(['u-1', 'u-2'].map((kid) => newSigningKey('RS256', kid)));
		expect(await verify(await sign(unknown[0]))).toEqual(failed('signature_mismatch'));
		expect(server.requests).toBe(2);
		clock += 29_000;
		expect(await verify(await sign(unknown[1]))).toEqual(failed('signature_mismatch'));
		expect(server.requests).toBe(2);
		clock += 1_000;
		expect(await verify(await sign(unknown[1]))).toEqual(failed('signature_mismatch'));
		expect(server.requests).toBe(3);
	});

	it.each([
		['answers 500', 'error'],
		['answers with invalid JSON', 'invalidJson'],
	] as const)('reports the keys unavailable when the key server %s', async (_label, behaviour) => {
		server.behaviour = behaviour;
		expect(await verify(await sign(rsa))).toEqual(failed('keys_unavailable'));
	});

	it('reports the keys unavailable when nothing listens', async () => {
		await server.close();
		expect(await verify(await sign(rsa))).toEqual(failed('keys_unavailable'));
	});

	it('reports the keys unavailable within the timeout when the key server never answers', async () => {
		server.behaviour = 'hang';
		provider = createJwksCache(getJson, { timeoutMs: 200 });
		const started = Date.now();
		expect(await verify(await sign(rsa))).toEqual(failed('keys_unavailable'));
		expect(Date.now() - started).toBeLessThan(1000);
	});

	it('verifies nothing with a JWKS URL but no key provider, or with no algorithm of the key type', async () => {
		const token = await sign(rsa);
		expect(await verifyJwt(config(), { headers: bearer(token), secrets: { current: '' }, nowMs: NOW_MS })).toEqual(
			failed('missing_key'),
		);
		expect(await verify(token, config({ algorithms: ['HS256'] }))).toEqual(failed('missing_key'));
	});
});

describe('verifyRequest', () => {
	it('verifies a JWT asynchronously and every other scheme as verifySignature does', async () => {
		const token = await signToken(bytes(SECRET), { alg: 'HS256' }, { nowS: NOW_S });
		const input = { rawBody: undefined, headers: bearer(token), secrets, nowMs: NOW_MS };
		expect(await verifyRequest({ method: 'jwt' }, input)).toEqual(accepted('current'));
		expect(await verifyRequest({ method: 'bearer' }, { ...input, headers: bearer(SECRET) })).toEqual({
			ok: true,
			method: 'bearer',
			secret: 'current',
		});
		expect(await verifyRequest({ method: 'none' }, input)).toEqual({ ok: true, method: 'none', secret: 'none' });
	});
});

describe('configuration', () => {
	it("Google Pub/Sub's key set, issuers and algorithm", () => {
		expect(GOOGLE_PUBSUB_JWT).toEqual({
			jwksUrl: 'https://www.googleapis.com/oauth2/v3/certs',
			issuers: ['accounts.google.com', 'https://accounts.google.com'],
			algorithms: ['RS256'],
		});
		expect(jwtProblems(GOOGLE_PUBSUB_JWT)).toEqual([]);
	});

	it('names a configuration that can verify nothing', () => {
		expect(jwtProblems({})).toEqual([]);
		expect(jwtProblems({ jwksUrl: 'ftp://x' })).toHaveLength(1);
		expect(jwtProblems({ jwksUrl: 'https://x/certs', algorithms: ['HS256'] })).toHaveLength(1);
		expect(jwtProblems({ algorithms: ['RS256'] })).toHaveLength(1);
	});
});
