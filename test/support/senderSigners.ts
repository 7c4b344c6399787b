/** How each preset's sender signs a delivery, and what the user stores in the node's credential for it.
 *
 * Written from each sender's documentation (the links are in nodes/core/verification/presets.ts), with node:crypto,
 * jose, and Twilio's own library where the sender publishes one that signs; never with Hookline's signing code, so
 * that a preset that disagrees with its sender fails here. Usable by the node tests and readable by anyone checking
 * them: one entry per preset, and a preset added to the table without an entry here fails to compile. */
import { Buffer } from 'node:buffer';
import { createHash, createHmac, generateKeyPairSync, sign } from 'node:crypto';

import { SignJWT, type JWK } from 'jose';
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks';

import {
	createJwksCache,
	GOOGLE_PUBSUB_JWT,
	type JwksProvider,
	type PresetName,
	type VerifyInput,
} from '../../nodes/core/verification';

export const SENDER_SECRET = 'sender-signers-secret-✓';
/** A forger's secret: signs the same way with a key the credential does not hold. */
const FORGER_SECRET = 'sender-signers-forger';
export const META_VERIFY_TOKEN = 'meta-verify-token-1';
export const HALO_USER = 'halo';
export const HALO_PASSWORD = 'halo-password-1';

/** The URL n8n publishes for the node (the webhook mock's default) and its path. */
export const PUBLIC_URL = 'https://n8n.example.com/webhook/hook';
export const PUBLIC_PATH = '/webhook/hook';

/** Google Pub/Sub push: the audience and service account the user pins on the node. */
export const PUBSUB_AUDIENCE = 'https://n8n.example.com/webhook/hook';
export const PUBSUB_SERVICE_ACCOUNT = 'push-invoker@project-1.iam.gserviceaccount.com';

export interface SignOptions {
	/** The sender's clock, in seconds; default now. */
	nowSeconds?: number;
	/** Sign as a forger would: the same way, with a key or secret the credential does not hold. */
	forger?: boolean;
	/** The body's type; default application/json. Twilio signs form bodies differently. */
	contentType?: string;
}

/** A request as the sender puts it on the wire, and as n8n hands it to a node. */
export interface SignedDelivery {
	method: 'POST';
	headers: Record<string, string>;
	/** The exact bytes sent. */
	body: Buffer;
	/** The body as n8n's parser leaves it (JSON, or a form's fields). */
	parsedBody: unknown;
	query: Record<string, string>;
	/** The path and query as received (`req.originalUrl`). */
	originalUrl: string;
	/** The public URL the sender called, query included (Twilio signs it). */
	url: string;
}

export interface SenderSigner {
	preset: PresetName;
	/** n8n credential type → what the user stores in it. */
	credentials: Record<string, ICredentialDataDecryptedObject>;
	/** Node parameters the preset needs besides Verification. */
	parameters: Record<string, unknown>;
	/** Whether the sender's proof covers the body, so that a changed body is refused. GitLab, HaloPSA, Microsoft Graph
	 * and Google's tokens prove who sent, not what. */
	coversBody: boolean;
	/** The key material as the core takes it, for the core-level checks. */
	material: Pick<VerifyInput, 'secrets' | 'publicKeys' | 'basicAuth'>;
	/** Google's key set as a JWKS provider that serves a local key pair: the core and a stubbed n8n fetch use it. */
	jwks?: JwksProvider;
	sign(body: Buffer | string, options?: SignOptions): Promise<SignedDelivery>;
}

const hmac = (algorithm: string, key: string, content: string | Buffer) =>
	createHmac(algorithm, key).update(content).digest();

const secretOf = (options: SignOptions) => (options.forger ? FORGER_SECRET : SENDER_SECRET);
const nowOf = (options: SignOptions) => options.nowSeconds ?? Math.floor(Date.now() / 1000);

function parse(body: Buffer, contentType: string): unknown {
	if (/x-www-form-urlencoded/i.test(contentType)) return Object.fromEntries(new URLSearchParams(body.toString()));
	try {
		return JSON.parse(body.toString('utf8'));
	} catch {
		return {};
	}
}

/** A POST to the public URL, with these headers and query. */
function delivery(
	body: Buffer,
	headers: Record<string, string>,
	options: SignOptions,
	query: Record<string, string> = {},
): SignedDelivery {
	const contentType = options.contentType ?? 'application/json';
	const search = new URLSearchParams(query).toString();
	return {
		method: 'POST',
		headers: { 'Content-Type': contentType, ...headers },
		body,
		parsedBody: parse(body, contentType),
		query,
		originalUrl: search ? `${PUBLIC_PATH}?${search}` : PUBLIC_PATH,
		url: search ? `${PUBLIC_URL}?${search}` : PUBLIC_URL,
	};
}

const bytes = (body: Buffer | string) => (typeof body === 'string' ? Buffer.from(body, 'utf8') : body);

const secretCredential = { hooklineSecretApi: { secret: SENDER_SECRET, previousSecret: '' } };
const secretMaterial = { secrets: { current: SENDER_SECRET } };

/** An HMAC sender: `header` carries what `signature` computes over the body and the sender's clock. */
function hmacSender(
	preset: PresetName,
	signature: (secret: string, body: Buffer, nowSeconds: number) => Record<string, string>,
): SenderSigner {
	return {
		preset,
		credentials: secretCredential,
		parameters: {},
		coversBody: true,
		material: secretMaterial,
		async sign(body, options = {}) {
			const raw = bytes(body);
			return delivery(raw, signature(secretOf(options), raw, nowOf(options)), options);
		},
	};
}

/** `{timestamp}{body}` signed with a private key, as Discord (Ed25519, hex) and SendGrid (ECDSA P-256, DER base64). */
function publicKeySender(
	preset: PresetName,
	kind: 'ed25519' | 'ecdsa',
	headers: { signature: string; timestamp: string },
	encoding: 'hex' | 'base64',
): SenderSigner {
	const pair = kind === 'ed25519' ? generateKeyPairSync('ed25519') : generateKeyPairSync('ec', { namedCurve: 'P-256' });
	const forger =
		kind === 'ed25519' ? generateKeyPairSync('ed25519') : generateKeyPairSync('ec', { namedCurve: 'P-256' });
	// Discord shows the raw key in hex; SendGrid's Verification Key is base64 SPKI DER.
	const publicKey =
		kind === 'ed25519'
			? Buffer.from(pair.publicKey.export({ format: 'jwk' }).x as string, 'base64url').toString('hex')
			: pair.publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
	return {
		preset,
		credentials: { hooklinePublicKeyApi: { publicKey, previousPublicKey: '' } },
		parameters: {},
		coversBody: true,
		material: { secrets: { current: '' }, publicKeys: { current: pair.publicKey } },
		async sign(body, options = {}) {
			const raw = bytes(body);
			const timestamp = String(nowOf(options));
			const key = (options.forger ? forger : pair).privateKey;
			const content = Buffer.concat([Buffer.from(timestamp), raw]);
			const signature = sign(kind === 'ed25519' ? null : 'sha256', content, key).toString(encoding);
			return delivery(raw, { [headers.signature]: signature, [headers.timestamp]: timestamp }, options);
		},
	};
}

/** Twilio: form bodies sign the URL and the sorted parameters; other bodies sign the URL alone, whose bodySHA256 is
 * the body's hex SHA-256. Signed with Twilio's own library. */
const twilioSender: SenderSigner = {
	preset: 'twilio',
	credentials: secretCredential,
	parameters: {},
	coversBody: true,
	material: secretMaterial,
	async sign(body, options = {}) {
		const raw = bytes(body);
		const form = /x-www-form-urlencoded/i.test(options.contentType ?? '');
		const query: Record<string, string> = form ? {} : { bodySHA256: createHash('sha256').update(raw).digest('hex') };
		const signed = delivery(raw, {}, options, query);
		const params = form ? Object.fromEntries(new URLSearchParams(raw.toString())) : {};
		signed.headers['X-Twilio-Signature'] = getExpectedTwilioSignature(secretOf(options), signed.url, params);
		return signed;
	},
};

/** Microsoft Graph signs nothing: each notification of `value` carries the subscription's clientState. A body that
 * is not yet a notification list becomes one notification. */
const microsoftGraphSender: SenderSigner = {
	preset: 'microsoftGraph',
	credentials: secretCredential,
	parameters: {},
	coversBody: false,
	material: secretMaterial,
	async sign(body, options = {}) {
		const parsed = JSON.parse(bytes(body).toString('utf8')) as Record<string, unknown>;
		const isList = Array.isArray(parsed.value);
		const notifications = (isList ? parsed.value : [parsed]) as object[];
		const clientState = secretOf(options);
		const signed = { ...(isList ? parsed : {}), value: notifications.map((entry) => ({ ...entry, clientState })) };
		return delivery(Buffer.from(JSON.stringify(signed)), {}, options);
	},
};

/** Google Pub/Sub push: an RS256 OIDC token from Google's key set (here a local pair served as that set). */
function googlePubSubSender(): SenderSigner {
	const google = generateKeyPairSync('rsa', { modulusLength: 2048 });
	const forger = generateKeyPairSync('rsa', { modulusLength: 2048 });
	const kid = 'google-test-key-1';
	const jwk: JWK = { ...(google.publicKey.export({ format: 'jwk' }) as JWK), kid, alg: 'RS256', use: 'sig' };
	return {
		preset: 'googlePubSub',
		credentials: {},
		parameters: { jwtAudience: PUBSUB_AUDIENCE, jwtEmail: PUBSUB_SERVICE_ACCOUNT },
		coversBody: false,
		material: { secrets: { current: '' } },
		jwks: googleKeySet([jwk]),
		async sign(body, options = {}) {
			const now = nowOf(options);
			// The forger signs with its own key under Google's key id, so the set is not fetched again for it.
			const token = await new SignJWT({
				aud: PUBSUB_AUDIENCE,
				email: PUBSUB_SERVICE_ACCOUNT,
				email_verified: true,
				sub: '113774264463038321964',
			})
				.setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' })
				.setIssuer('https://accounts.google.com')
				.setIssuedAt(now)
				.setExpirationTime(now + 3600)
				.sign((options.forger ? forger : google).privateKey);
			return delivery(bytes(body), { Authorization: `Bearer ${token}` }, options);
		},
	};
}

/** A JWKS provider that answers Google's key set URL with these keys and no other URL: what the n8n layer's guarded
 * fetch would return from Google, without the network. */
export function googleKeySet(keys: JWK[]): JwksProvider {
	return createJwksCache(async (url) => {
		if (url !== GOOGLE_PUBSUB_JWT.jwksUrl) throw new Error(`no key set at ${url}`);
		return { keys };
	});
}

const SIGNERS: { [P in PresetName]: () => SenderSigner } = {
	github: () =>
		hmacSender('github', (secret, body) => ({
			'X-Hub-Signature-256': `sha256=${hmac('sha256', secret, body).toString('hex')}`,
		})),
	stripe: () =>
		hmacSender('stripe', (secret, body, now) => ({
			'Stripe-Signature': `t=${now},v1=${hmac('sha256', secret, `${now}.${body.toString()}`).toString('hex')}`,
		})),
	shopify: () =>
		hmacSender('shopify', (secret, body) => ({
			'X-Shopify-Hmac-Sha256': hmac('sha256', secret, body).toString('base64'),
		})),
	slack: () =>
		hmacSender('slack', (secret, body, now) => ({
			'X-Slack-Request-Timestamp': String(now),
			'X-Slack-Signature': `v0=${hmac('sha256', secret, `v0:${now}:${body.toString()}`).toString('hex')}`,
		})),
	mspManager: () =>
		hmacSender('mspManager', (secret, body) => ({
			'X-Webhook-Signature': hmac('sha256', secret, body).toString('base64'),
		})),
	oneManage: () =>
		hmacSender('oneManage', (secret, body) => ({
			'X-OneManage-Signature': hmac('sha256', secret, body).toString('hex'),
		})),
	zoom: () =>
		hmacSender('zoom', (secret, body, now) => ({
			'x-zm-request-timestamp': String(now),
			'x-zm-signature': `v0=${hmac('sha256', secret, `v0:${now}:${body.toString()}`).toString('hex')}`,
		})),
	discord: () =>
		publicKeySender(
			'discord',
			'ed25519',
			{ signature: 'X-Signature-Ed25519', timestamp: 'X-Signature-Timestamp' },
			'hex',
		),
	meta: () => {
		const sender = hmacSender('meta', (secret, body) => ({
			'X-Hub-Signature-256': `sha256=${hmac('sha256', secret, body).toString('hex')}`,
		}));
		return {
			...sender,
			credentials: { hooklineSecretApi: { ...secretCredential.hooklineSecretApi, verifyToken: META_VERIFY_TOKEN } },
		};
	},
	microsoftGraph: () => microsoftGraphSender,
	twilio: () => twilioSender,
	sendgrid: () =>
		publicKeySender(
			'sendgrid',
			'ecdsa',
			{ signature: 'X-Twilio-Email-Event-Webhook-Signature', timestamp: 'X-Twilio-Email-Event-Webhook-Timestamp' },
			'base64',
		),
	googlePubSub: googlePubSubSender,
	// PagerDuty sends one signature per active secret; an old one, unknown to the receiver, comes first.
	pagerDuty: () =>
		hmacSender('pagerDuty', (secret, body) => ({
			'X-PagerDuty-Signature': `v1=${hmac('sha256', 'an-expired-pagerduty-secret', body).toString('hex')},v1=${hmac('sha256', secret, body).toString('hex')}`,
		})),
	gitlab: () => ({ ...hmacSender('gitlab', (secret) => ({ 'X-Gitlab-Token': secret })), coversBody: false }),
	autotask: () =>
		hmacSender('autotask', (secret, body) => ({
			'X-Hook-Signature': `sha1=${hmac('sha1', secret, body).toString('base64')}`,
		})),
	haloPsa: () => ({
		preset: 'haloPsa',
		credentials: { httpBasicAuth: { user: HALO_USER, password: HALO_PASSWORD } },
		parameters: {},
		coversBody: false,
		material: { secrets: { current: '' }, basicAuth: { user: HALO_USER, password: HALO_PASSWORD } },
		async sign(body, options = {}) {
			const password = options.forger ? 'not-the-password' : HALO_PASSWORD;
			const authorization = `Basic ${Buffer.from(`${HALO_USER}:${password}`).toString('base64')}`;
			return delivery(bytes(body), { Authorization: authorization }, options);
		},
	}),
};

const built = new Map<PresetName, SenderSigner>();

/** The sender of a preset; one per preset and process, so its keys stay the same across a test file. */
export function senderFor(preset: PresetName): SenderSigner {
	let sender = built.get(preset);
	if (!sender) {
		sender = SIGNERS[preset]();
		built.set(preset, sender);
	}
	return sender;
}

/** What the core's verifyRequest takes for a signed delivery, at the receiver's clock. */
export function coreInput(sender: SenderSigner, request: SignedDelivery, nowSeconds: number): VerifyInput {
	return {
		rawBody: request.body,
		headers: request.headers,
		...sender.material,
		query: request.query,
		url: request.url,
		body: request.parsedBody,
		nowMs: nowSeconds * 1000,
	};
}

/** A public key of another kind than the scheme's, as a user might paste by mistake. */
export const rsaPublicKeyPem = (): string =>
	generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ format: 'pem', type: 'spki' }).toString();

/** The delivery with `from` changed to `to` in its body, as a man in the middle would: the bytes and what n8n
 * parses from them, headers and URL untouched. */
export function tampered(request: SignedDelivery, from: string, to: string): SignedDelivery {
	const text = request.body.toString('utf8');
	if (!text.includes(from)) throw new Error(`test bug: "${from}" is not in the body`);
	const body = Buffer.from(text.replace(from, to), 'utf8');
	return { ...request, body, parsedBody: parse(body, request.headers['Content-Type']) };
}
