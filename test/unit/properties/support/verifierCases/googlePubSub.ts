/** Cases for Google Pub/Sub push: `Authorization: Bearer <OIDC token>` signed RS256 by a key of Google's set, issuer
 * accounts.google.com (with or without https://), the subscription's audience, and its service account in `email`
 * with `email_verified` (https://cloud.google.com/pubsub/docs/authenticate-push-subscriptions). Google's set is a
 * local key pair here; tokens are signed with jose (or by hand for what jose refuses to write). */
import { Buffer } from 'node:buffer';
import { createHmac, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';

import fc from 'fast-check';
import { SignJWT, type JWK, type JWTPayload } from 'jose';

import {
	createJwksCache,
	GOOGLE_PUBSUB_JWT,
	type JwksProvider,
	type VerificationConfig,
} from '../../../../../nodes/core/verification';
import { chance, draw, int, pick, type G } from '../wire';
import { accept, refuse, type Case, type Expect } from './case';

export const PUBSUB_AUDIENCE = 'https://n8n.msp.example/webhook/pubsub';
export const PUBSUB_EMAIL = 'push@project-1.iam.gserviceaccount.com';

const GOOGLE = generateKeyPairSync('rsa', { modulusLength: 2048 });
const FORGER = generateKeyPairSync('rsa', { modulusLength: 2048 });
const EC = generateKeyPairSync('ec', { namedCurve: 'P-256' });
/** Google publishes two or three keys at a time; a token names the one that signed it. */
const OTHER_GOOGLE = generateKeyPairSync('rsa', { modulusLength: 2048 });
const KID = 'google-1';
const JWK_OF = (key: KeyObject, kid: string): JWK => ({
	...(key.export({ format: 'jwk' }) as JWK),
	kid,
	alg: 'RS256',
	use: 'sig',
});

/** Google's key set, as the JWKS cache would hold it after fetching Google's URL; nothing else is served. */
export function googleKeys(): JwksProvider {
	return createJwksCache(async (url) => {
		if (url !== GOOGLE_PUBSUB_JWT.jwksUrl) throw new Error(`no key set at ${url}`);
		return { keys: [JWK_OF(GOOGLE.publicKey, KID), JWK_OF(OTHER_GOOGLE.publicKey, 'google-2')] };
	});
}

const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A token jose will not write: signed by hand with the given algorithm and key. */
function handSigned(header: Record<string, unknown>, payload: JWTPayload, how: 'none' | 'hs256' | 'es256'): string {
	const input = `${part(header)}.${part(payload)}`;
	if (how === 'none') return `${input}.`;
	if (how === 'hs256') {
		// HMAC keyed by the public key's own bytes: the algorithm confusion a receiver must not fall for.
		const key = GOOGLE.publicKey.export({ format: 'pem', type: 'spki' });
		return `${input}.${createHmac('sha256', key).update(input).digest('base64url')}`;
	}
	return `${input}.${sign('sha256', Buffer.from(input), { key: EC.privateKey, dsaEncoding: 'ieee-p1363' }).toString('base64url')}`;
}

export interface JwtCase extends Case {
	jwks: JwksProvider;
}

const config = (): VerificationConfig => ({
	method: 'jwt',
	...GOOGLE_PUBSUB_JWT,
	audience: PUBSUB_AUDIENCE,
	email: PUBSUB_EMAIL,
});

export async function googlePubSubCase(
	g: G,
	jwks: JwksProvider,
	preset: VerificationConfig = config(),
): Promise<JwtCase> {
	const nowS = 1_700_000_000 + int(g, 0, 10_000_000);
	const claims: JWTPayload = {
		iss: pick(g, ['accounts.google.com', 'https://accounts.google.com']),
		aud: PUBSUB_AUDIENCE,
		email: PUBSUB_EMAIL,
		email_verified: true,
		sub: draw(g, fc.stringMatching(/^[0-9]{21}$/)),
		iat: nowS - int(g, 0, 600),
		exp: nowS + int(g, 60, 3600),
	};
	const header: Record<string, unknown> = { alg: 'RS256', kid: KID, typ: 'JWT' };
	let key: KeyObject = GOOGLE.privateKey;
	let expect: Expect = accept('none');
	let hand: 'none' | 'hs256' | 'es256' | undefined;
	let authorization: ((token: string) => string | undefined) | undefined;
	const steps: string[] = [String(claims.iss)];

	if (chance(g, 50)) {
		const kind = pick(g, [
			'audience',
			'issuer',
			'email',
			'unverified',
			'expired',
			'notYet',
			'noExpiry',
			'forger',
			'unknownKid',
			'none',
			'hs256',
			'es256',
			'bearerForm',
			'clockSkew',
		] as const);
		steps.push(kind);
		switch (kind) {
			case 'audience':
				claims.aud = pick(g, ['https://n8n.msp.example/webhook/other', PUBSUB_AUDIENCE.toUpperCase(), '']);
				expect = refuse('claim_mismatch');
				break;
			case 'issuer':
				claims.iss = pick(g, ['https://accounts.google.com/', 'accounts.google.co', 'https://evil.example', '']);
				expect = refuse('claim_mismatch');
				break;
			case 'email':
				claims.email = pick(g, ['someone@gmail.com', PUBSUB_EMAIL.toUpperCase(), `${PUBSUB_EMAIL} `]);
				expect = refuse('claim_mismatch');
				break;
			case 'unverified':
				if (chance(g, 50)) delete claims.email_verified;
				else claims.email_verified = pick(g, [false, 'true', 1]);
				expect = refuse('claim_mismatch');
				break;
			case 'expired':
				claims.exp = nowS - int(g, 31, 100_000);
				claims.iat = Number(claims.exp) - 3600;
				expect = refuse('timestamp_out_of_tolerance');
				break;
			case 'notYet':
				claims.nbf = nowS + int(g, 31, 100_000);
				expect = refuse('timestamp_out_of_tolerance');
				break;
			case 'noExpiry':
				delete claims.exp;
				expect = refuse('missing_timestamp');
				break;
			case 'clockSkew':
				// Within the 30 s leeway, either way.
				claims.exp = nowS - int(g, 0, 29);
				claims.iat = Number(claims.exp) - 3600;
				break;
			case 'forger':
				key = FORGER.privateKey;
				expect = refuse('signature_mismatch');
				break;
			case 'unknownKid':
				key = FORGER.privateKey;
				header.kid = pick(g, ['forged-kid', '', 'google-3']);
				expect = refuse('signature_mismatch');
				break;
			case 'none':
				hand = 'none';
				header.alg = 'none';
				expect = refuse('signature_mismatch', 'malformed_header');
				break;
			case 'hs256':
				hand = 'hs256';
				header.alg = 'HS256';
				expect = refuse('signature_mismatch');
				break;
			case 'es256':
				hand = 'es256';
				header.alg = 'ES256';
				expect = refuse('signature_mismatch');
				break;
			case 'bearerForm':
				authorization = pick(g, [
					(token: string) => `Bearer  ${token}`,
					(token: string) => `Basic ${token}`,
					(token: string) => token,
					(token: string) => `Bearer ${token}.x`,
					() => undefined,
				]);
				expect = refuse('malformed_header', 'missing_header');
				break;
		}
	}
	const token = hand
		? handSigned(header, claims, hand)
		: await new SignJWT(claims).setProtectedHeader(header as { alg: string }).sign(key);
	const value = authorization ? authorization(token) : `${pick(g, ['Bearer', 'bearer'])} ${token}`;
	return {
		steps,
		config: preset,
		input: {
			rawBody: Buffer.from('{"message":{"data":"aGk="}}'),
			headers: value === undefined ? {} : { authorization: value },
			secrets: { current: '' },
			nowMs: nowS * 1000,
		},
		expect,
		jwks,
	};
}
