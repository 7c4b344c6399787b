import { verifyJwt, type JwksProvider } from '../../nodes/core/verification';
import { jwksProviderFor } from '../../nodes/n8n/verification/jwksFetch';
import { newSigningKey, signToken, startJwksServer, type JwksServer, type SigningKey } from '../support/jwksServer';

const NOW_S = 1_700_000_000;

describe('jwksProviderFor: key sets fetched through the SSRF guard', () => {
	let key: SigningKey;
	let token: string;
	let server: JwksServer;
	const verify = (provider: JwksProvider) =>
		verifyJwt(
			{ jwksUrl: server.url },
			{ headers: { authorization: `Bearer ${token}` }, secrets: { current: '' }, nowMs: NOW_S * 1000 },
			provider,
		);

	beforeAll(async () => {
		key = await newSigningKey('RS256', 'k1');
		token = await signToken(key.privateKey, { alg: 'RS256', kid: key.kid }, { nowS: NOW_S });
	});
	beforeEach(async () => {
		server = await startJwksServer([key.jwk]);
	});
	afterEach(() => server.close());

	it('refuses a key set on 127.0.0.1 before sending anything, unless private networks are allowed', async () => {
		expect(await verify(jwksProviderFor(false))).toEqual({ ok: false, method: 'jwt', reason: 'keys_unavailable' });
		expect(server.requests).toBe(0);
		expect(await verify(jwksProviderFor(true))).toEqual({ ok: true, method: 'jwt', secret: 'none' });
		expect(server.requests).toBe(1);
	});

	it('keeps one cache per setting for the whole process', () => {
		expect(jwksProviderFor(true)).toBe(jwksProviderFor(true));
		expect(jwksProviderFor(false)).not.toBe(jwksProviderFor(true));
	});

	it("applies n8n's SSRF settings as they are at the time of the fetch", async () => {
		process.env.N8N_SSRF_PROTECTION_ENABLED = 'true';
		try {
			expect(await verify(jwksProviderFor(true))).toMatchObject({ ok: false, reason: 'keys_unavailable' });
			expect(server.requests).toBe(0);
		} finally {
			delete process.env.N8N_SSRF_PROTECTION_ENABLED;
		}
	});

	it('refuses a key server that answers an error', async () => {
		server.behaviour = 'error';
		expect(await verify(jwksProviderFor(true))).toMatchObject({ ok: false, reason: 'keys_unavailable' });
		expect(server.requests).toBe(1);
	});

	it('refuses a key set larger than 256 KiB', async () => {
		server.keys = [{ ...key.jwk, x5c: ['x'.repeat(256 * 1024)] }];
		expect(await verify(jwksProviderFor(true))).toMatchObject({ ok: false, reason: 'keys_unavailable' });
	});
});
