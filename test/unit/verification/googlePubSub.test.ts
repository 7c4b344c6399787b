/* Google Pub/Sub push authentication, as https://cloud.google.com/pubsub/docs/authenticate-push-subscriptions
 * describes it: an OIDC token signed by Google (RS256, keys at www.googleapis.com/oauth2/v3/certs), issuer
 * accounts.google.com or https://accounts.google.com, the subscription's audience, and the email of its service
 * account with email_verified. Google's key set is stood in for by a provider that serves a local key under
 * Google's URL; the preset's own configuration is what is tested. */
import {
	createJwksCache,
	GOOGLE_PUBSUB_JWT,
	presetProblems,
	resolvePreset,
	verifyRequest,
	type JwtOptions,
	type VerificationConfig,
} from '../../../nodes/core/verification';
import { newSigningKey, signToken, type SigningKey } from '../../support/jwksServer';
import { NOW_MS, NOW_S } from './support';

const AUDIENCE = 'https://n8n.example.com/webhook/pubsub';
const ACCOUNT = 'push-invoker@project.iam.gserviceaccount.com';

describe('the Google Pub/Sub Push preset', () => {
	let google: SigningKey;
	const fetched: string[] = [];
	const keys = createJwksCache(async (url) => {
		fetched.push(url);
		return { keys: [google.jwk] };
	});
	const preset = (): VerificationConfig => ({
		...(resolvePreset('googlePubSub') as JwtOptions & { method: 'jwt' }),
		audience: AUDIENCE,
		email: ACCOUNT,
	});
	const verify = (token: string, config = preset()) =>
		verifyRequest(
			config,
			{ rawBody: undefined, headers: { authorization: `Bearer ${token}` }, secrets: { current: '' }, nowMs: NOW_MS },
			{ jwks: keys },
		);
	const token = (claims: Record<string, unknown>, key: SigningKey = google) =>
		signToken(key.privateKey, { alg: 'RS256', kid: key.kid }, { nowS: NOW_S, claims });
	const genuine = { iss: 'https://accounts.google.com', aud: AUDIENCE, email: ACCOUNT, email_verified: true };

	beforeAll(async () => {
		google = await newSigningKey('RS256', 'google-1');
	});

	it("accepts a push token from Google's key set, with either spelling of Google's issuer", async () => {
		expect(await verify(await token(genuine))).toEqual({ ok: true, method: 'jwt', secret: 'none' });
		expect(await verify(await token({ ...genuine, iss: 'accounts.google.com' }))).toMatchObject({ ok: true });
		expect(new Set(fetched)).toEqual(new Set([GOOGLE_PUBSUB_JWT.jwksUrl]));
	});

	it('refuses a Google-signed token for another audience, another account or an unverified email', async () => {
		expect(await verify(await token({ ...genuine, aud: 'https://elsewhere.example' }))).toMatchObject({
			reason: 'claim_mismatch',
		});
		// Anyone with a Google service account can have Google sign a token for any audience: the account decides.
		expect(await verify(await token({ ...genuine, email: 'attacker@evil.iam.gserviceaccount.com' }))).toMatchObject({
			reason: 'claim_mismatch',
		});
		expect(await verify(await token({ ...genuine, email_verified: false }))).toMatchObject({
			reason: 'claim_mismatch',
		});
		expect(await verify(await token({ ...genuine, iss: 'https://evil.example' }))).toMatchObject({
			reason: 'claim_mismatch',
		});
	});

	it('refuses a token signed by a key outside the set, and an expired one', async () => {
		const stranger = await newSigningKey('RS256', 'google-1');
		expect(await verify(await token(genuine, stranger))).toMatchObject({ ok: false, reason: 'signature_mismatch' });
		const expired = await signToken(
			google.privateKey,
			{ alg: 'RS256', kid: 'google-1' },
			{
				nowS: NOW_S - 7200,
				claims: genuine,
			},
		);
		expect(await verify(expired)).toMatchObject({ ok: false, reason: 'timestamp_out_of_tolerance' });
	});

	it('will not activate without the audience and the service account', () => {
		const bare = resolvePreset('googlePubSub');
		expect(presetProblems('googlePubSub', bare)).toEqual([
			expect.stringContaining('Audience'),
			expect.stringContaining('Service Account Email'),
		]);
		expect(presetProblems('googlePubSub', preset())).toEqual([]);
		expect(presetProblems('github', resolvePreset('github'))).toEqual([]);
	});
});
