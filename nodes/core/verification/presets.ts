import { usesTimestamp } from './hmac';
import { GOOGLE_PUBSUB_JWT } from './jwt';
import type { VerificationConfig } from './types';

/** Which credential a scheme reads its key material from. */
export type CredentialKind = 'secret' | 'publicKey' | 'basicAuth' | 'none';

/** One real sender's scheme and every text that names it. */
interface PresetDefinition {
	displayName: string;
	/** The option's description in the nodes' Verification list. n8n renders it as HTML, hence the entities. */
	optionDescription: string;
	/** The scheme in full, for the README's preset table. */
	description: string;
	/** What the user pastes where: the sender's setting and the Hookline credential field, for the README. */
	setup: string;
	/** The sender's URL check that the trigger answers itself, if it has one. */
	handshake?: string;
	/** The sender's own documentation of the scheme. */
	source: string;
	config: Readonly<VerificationConfig>;
}

/** The one place a preset is defined: its name, the nodes' option, the README row and the configuration all
 * come from here. Order matters: it is the order of PRESET_NAMES and of the tolerance field's conditions. */
const DEFINITIONS = {
	github: {
		displayName: 'GitHub',
		optionDescription: 'X-Hub-Signature-256: sha256=&lt;hex HMAC-SHA256 of the body&gt;',
		description: 'X-Hub-Signature-256: "sha256=" and the hex HMAC-SHA256 of the raw body',
		setup: "Webhook → Secret = the credential's Secret; Content type application/json",
		source: 'https://docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries',
		config: {
			method: 'hmac',
			algorithm: 'sha256',
			encoding: 'hex',
			signatureHeader: 'X-Hub-Signature-256',
			signaturePrefix: 'sha256=',
		},
	},
	stripe: {
		displayName: 'Stripe',
		optionDescription: 'Stripe-Signature: t=&lt;timestamp&gt;,v1=&lt;hex&gt; with the whole whsec_ secret as the key',
		description: 'Stripe-Signature "t=…,v1=…": hex HMAC-SHA256 of "timestamp.body", the whole whsec_ secret as key',
		setup: "Endpoint → Signing secret (whsec_…) = the credential's Secret",
		source: 'https://docs.stripe.com/webhooks#verify-manually',
		config: { method: 'stripe' },
	},
	shopify: {
		displayName: 'Shopify',
		optionDescription: 'X-Shopify-Hmac-Sha256: base64 HMAC-SHA256 of the body',
		description: 'X-Shopify-Hmac-Sha256: the base64 HMAC-SHA256 of the raw body',
		setup: "App → API secret key (or the store's webhook signing key) = the credential's Secret",
		source: 'https://shopify.dev/docs/apps/build/webhooks/subscribe/https#step-2-validate-the-origin-of-your-webhook',
		config: { method: 'hmac', algorithm: 'sha256', encoding: 'base64', signatureHeader: 'X-Shopify-Hmac-Sha256' },
	},
	slack: {
		displayName: 'Slack',
		optionDescription:
			'X-Slack-Signature: v0=&lt;hex&gt; over v0:timestamp:body, 5 minute window; answers url_verification',
		description:
			'X-Slack-Signature: "v0=" and the hex HMAC-SHA256 of "v0:timestamp:body", the timestamp in X-Slack-Request-Timestamp',
		setup:
			"App → Basic Information → Signing Secret = the credential's Secret; Event Subscriptions → Request URL = the production URL",
		handshake: 'signed `{"type":"url_verification","challenge":c}` → 200 `{"challenge":c}`',
		source: 'https://api.slack.com/authentication/verifying-requests-from-slack',
		config: {
			method: 'hmac',
			algorithm: 'sha256',
			encoding: 'hex',
			signatureHeader: 'X-Slack-Signature',
			signaturePrefix: 'v0=',
			signedContent: 'v0:{timestamp}:{body}',
			timestampHeader: 'X-Slack-Request-Timestamp',
			toleranceSeconds: 300,
		},
	},
	mspManager: {
		displayName: 'MSP Manager',
		optionDescription: 'X-Webhook-Signature: base64 HMAC-SHA256 of the body',
		description: 'X-Webhook-Signature: the base64 HMAC-SHA256 of the raw body',
		setup: "Webhook secret = the credential's Secret",
		source: 'the MSP Manager webhook contract (DESIGN.md, Outbound)',
		config: { method: 'hmac', algorithm: 'sha256', encoding: 'base64', signatureHeader: 'X-Webhook-Signature' },
	},
	oneManage: {
		displayName: 'OneManage',
		optionDescription: 'X-OneManage-Signature: hex HMAC-SHA256 of the body',
		description: 'X-OneManage-Signature: the hex HMAC-SHA256 of the raw body',
		setup: "Webhook secret = the credential's Secret",
		source: 'the OneManage webhook contract (DESIGN.md, Outbound)',
		config: { method: 'hmac', algorithm: 'sha256', encoding: 'hex', signatureHeader: 'X-OneManage-Signature' },
	},
	zoom: {
		displayName: 'Zoom',
		optionDescription: 'x-zm-signature: v0=&lt;hex&gt; over v0:timestamp:body; answers endpoint.url_validation',
		description:
			'x-zm-signature: "v0=" and the hex HMAC-SHA256 of "v0:timestamp:body", the timestamp in x-zm-request-timestamp',
		setup:
			"App → Feature → Event Subscriptions → Secret Token = the credential's Secret; Event notification endpoint URL = the production URL",
		handshake: 'signed `endpoint.url_validation` → 200 `{"plainToken":p,"encryptedToken":hex HMAC-SHA256(secret, p)}`',
		source: 'https://developers.zoom.us/docs/api/webhooks/#verify-webhook-events',
		config: {
			method: 'hmac',
			algorithm: 'sha256',
			encoding: 'hex',
			signatureHeader: 'x-zm-signature',
			signaturePrefix: 'v0=',
			signedContent: 'v0:{timestamp}:{body}',
			timestampHeader: 'x-zm-request-timestamp',
			toleranceSeconds: 300,
		},
	},
	discord: {
		displayName: 'Discord',
		optionDescription: 'X-Signature-Ed25519 over timestamp + body with the application public key; answers PING',
		description:
			"X-Signature-Ed25519: the hex Ed25519 signature of X-Signature-Timestamp followed by the raw body, checked with the application's public key",
		setup:
			'Developer Portal → General Information → Public Key = the Public Key credential; Interactions Endpoint URL = the production URL',
		handshake: 'signed PING `{"type":1}` → 200 `{"type":1}`',
		source:
			'https://discord.com/developers/docs/interactions/overview#setting-up-an-endpoint-validating-security-request-headers',
		config: {
			method: 'ed25519',
			encoding: 'hex',
			signatureHeader: 'X-Signature-Ed25519',
			signedContent: '{timestamp}{body}',
			timestampHeader: 'X-Signature-Timestamp',
			toleranceSeconds: 300,
		},
	},
	meta: {
		displayName: 'Meta (Facebook, Instagram, WhatsApp)',
		optionDescription: 'X-Hub-Signature-256: sha256=&lt;hex&gt; with the app secret; answers the GET hub.challenge',
		description: 'X-Hub-Signature-256: "sha256=" and the hex HMAC-SHA256 of the raw body, keyed by the App Secret',
		setup:
			"App Settings → Basic → App Secret = the credential's Secret; Webhooks → Verify Token = the credential's Verify Token; Callback URL = the production URL",
		handshake:
			'GET `hub.mode=subscribe&hub.verify_token=…&hub.challenge=c` → 200 text/plain `c` when the token equals Verify Token, else 403',
		source: 'https://developers.facebook.com/docs/graph-api/webhooks/getting-started',
		config: {
			method: 'hmac',
			algorithm: 'sha256',
			encoding: 'hex',
			signatureHeader: 'X-Hub-Signature-256',
			signaturePrefix: 'sha256=',
		},
	},
	microsoftGraph: {
		displayName: 'Microsoft Graph',
		optionDescription: "Every notification's clientState equals the secret; answers the validationToken check",
		description:
			'Change notifications: every value[].clientState equals the secret (removed from the item); Graph signs nothing else',
		setup: "Subscription → clientState = the credential's Secret; notificationUrl = the production URL",
		handshake: '`?validationToken=t` (POST or GET) → 200 text/plain `t`',
		source: 'https://learn.microsoft.com/en-us/graph/change-notifications-delivery-webhooks',
		config: { method: 'microsoftGraph' },
	},
	twilio: {
		displayName: 'Twilio',
		optionDescription: 'X-Twilio-Signature: base64 HMAC-SHA1 of the URL and the sorted form parameters',
		description:
			'X-Twilio-Signature: the base64 HMAC-SHA1 of the public URL followed by each form parameter, sorted, as name then value (JSON bodies: bodySHA256 in the URL)',
		setup:
			"Console → Account → Auth Token = the credential's Secret; the phone number's or service's webhook URL = the production URL exactly (n8n's WEBHOOK_URL must be the public address)",
		source: 'https://www.twilio.com/docs/usage/webhooks/webhooks-security',
		config: { method: 'twilio' },
	},
	sendgrid: {
		displayName: 'SendGrid Event Webhook',
		optionDescription: 'ECDSA P-256 signature of timestamp + body with the verification key',
		description:
			'X-Twilio-Email-Event-Webhook-Signature: the base64 DER ECDSA P-256 (SHA-256) signature of X-Twilio-Email-Event-Webhook-Timestamp followed by the raw body',
		setup:
			'Settings → Mail Settings → Event Webhook → Signed Event Webhook → Verification Key = the Public Key credential',
		source:
			'https://www.twilio.com/docs/sendgrid/for-developers/tracking-events/getting-started-event-webhook-security-features',
		config: {
			method: 'ecdsa',
			encoding: 'base64',
			signatureHeader: 'X-Twilio-Email-Event-Webhook-Signature',
			signedContent: '{timestamp}{body}',
			timestampHeader: 'X-Twilio-Email-Event-Webhook-Timestamp',
			toleranceSeconds: 300,
		},
	},
	googlePubSub: {
		displayName: 'Google Pub/Sub Push',
		optionDescription: "Google-signed OIDC token: audience and the subscription's service account checked",
		description:
			"Authorization: Bearer with a Google-signed OIDC JWT (RS256, Google's keys), issuer accounts.google.com, the JWT Audience and the push subscription's service account (JWT Email, email_verified) required",
		setup:
			'Push subscription → Enable authentication, service account = JWT Email, audience = JWT Audience; no credential',
		source: 'https://cloud.google.com/pubsub/docs/authenticate-push-subscriptions',
		config: { method: 'jwt', ...GOOGLE_PUBSUB_JWT },
	},
	pagerDuty: {
		displayName: 'PagerDuty',
		optionDescription: 'X-PagerDuty-Signature: v1=&lt;hex HMAC-SHA256&gt;, several comma-separated',
		description:
			'X-PagerDuty-Signature: one or more comma-separated "v1=" hex HMAC-SHA256 signatures of the raw body (one per active secret)',
		setup: "Webhook subscription → the signing secret shown once at creation = the credential's Secret",
		source: 'https://developer.pagerduty.com/docs/verifying-signatures',
		config: {
			method: 'hmac',
			algorithm: 'sha256',
			encoding: 'hex',
			signatureHeader: 'X-PagerDuty-Signature',
			signaturePrefix: 'v1=',
			signatureSeparator: ',',
		},
	},
	gitlab: {
		displayName: 'GitLab',
		optionDescription: 'X-Gitlab-Token equals the secret token',
		description: "X-Gitlab-Token: the webhook's secret token itself (GitLab signs nothing)",
		setup: "Settings → Webhooks → Secret token = the credential's Secret",
		source: 'https://docs.gitlab.com/user/project/integrations/webhooks/#create-a-webhook',
		config: { method: 'headerToken', headerName: 'X-Gitlab-Token' },
	},
	autotask: {
		displayName: 'Autotask',
		optionDescription: 'X-Hook-Signature: sha1=&lt;base64 HMAC-SHA1 of the body&gt;',
		description: 'X-Hook-Signature: "sha1=" and the base64 HMAC-SHA1 of the raw body',
		setup: "Webhook (REST API) → SecretKey = the credential's Secret; WebhookUrl = the production URL",
		source: 'https://www.autotask.net/help/developerhelp/Content/APIs/Webhooks/SecretKeyPayloadVerification.htm',
		config: {
			method: 'hmac',
			algorithm: 'sha1',
			encoding: 'base64',
			signatureHeader: 'X-Hook-Signature',
			signaturePrefix: 'sha1=',
		},
	},
	haloPsa: {
		displayName: 'HaloPSA',
		optionDescription: 'Authorization: Basic with the user name and password set on the Halo webhook',
		description:
			"Authorization: Basic, the user name and password of the webhook's Basic authentication (HaloPSA signs nothing)",
		setup:
			'Configuration → Integrations → Webhooks → Authentication: Basic, the same user and password as the Basic Auth credential',
		source:
			'HaloPSA API, Webhook object: authentication_type Basic with basic_username / basic_password (Halo publishes no signature scheme)',
		config: { method: 'basicAuth' },
	},
} satisfies Record<string, PresetDefinition>;

export type PresetName = keyof typeof DEFINITIONS;

export interface PresetInfo extends PresetDefinition {
	value: PresetName;
	/** The sender signs a timestamp, so its age is checked and the user's tolerance applies. */
	timestamped: boolean;
}

/** Stripe always signs a timestamp; an HMAC or public-key preset does when its scheme names one. */
function signsTimestamp(config: VerificationConfig): boolean {
	if (config.method === 'stripe' || config.method === 'standardWebhooks') return true;
	if (config.method === 'hmac') return usesTimestamp(config);
	if (config.method === 'ed25519' || config.method === 'ecdsa') return Boolean(config.timestampHeader);
	return false;
}

/** The credential a scheme's key material comes from. A JWT checked against a key set needs none. */
export function credentialKindOf(config: VerificationConfig): CredentialKind {
	switch (config.method) {
		case 'none':
			return 'none';
		case 'basicAuth':
			return 'basicAuth';
		case 'ed25519':
		case 'ecdsa':
			return 'publicKey';
		case 'jwt':
			return config.jwksUrl ? 'none' : 'secret';
		default:
			return 'secret';
	}
}

export const PRESET_NAMES = Object.keys(DEFINITIONS) as PresetName[];

/** Real senders' schemes, with names and descriptions a UI can list. */
export const PRESETS: Readonly<Record<PresetName, Readonly<PresetInfo>>> = Object.freeze(
	Object.fromEntries(
		PRESET_NAMES.map((value) => {
			const definition: PresetDefinition = DEFINITIONS[value];
			return [value, Object.freeze({ ...definition, value, timestamped: signsTimestamp(definition.config) })];
		}),
	) as Record<PresetName, PresetInfo>,
);

/** Guards lookups by a name from outside, such as a node parameter: inherited keys are not presets. */
export function isPresetName(name: string): name is PresetName {
	return Object.hasOwn(PRESETS, name);
}

/** A fresh copy of the preset's configuration, so callers may adjust it (e.g. the tolerance) safely. */
export function resolvePreset(name: PresetName): VerificationConfig {
	if (!isPresetName(name)) throw new Error(`Unknown verification preset "${String(name)}"`);
	return { ...PRESETS[name].config };
}

/** What a preset needs from the user beyond its credential. Google signs a token for any audience and any
 * service account that asks, so a Pub/Sub push is only the user's when both are pinned. */
export function presetProblems(name: string, config: VerificationConfig): string[] {
	if (name !== 'googlePubSub' || config.method !== 'jwt') return [];
	const problems: string[] = [];
	if (!config.audience) problems.push("Google Pub/Sub Push needs Audience: the push subscription's audience");
	if (!config.email) {
		problems.push(
			"Google Pub/Sub Push needs Service Account Email: the push subscription's service account (without it any Google account could call)",
		);
	}
	return problems;
}

/** Markdown table cells end at a pipe. */
const cell = (text: string) => text.replaceAll('|', '\\|');

const CREDENTIAL_NAMES: Record<CredentialKind, string> = {
	secret: 'Hookline Webhook Secret',
	publicKey: 'Hookline Public Key',
	basicAuth: 'Basic Auth',
	none: 'none',
};

/** The README's table of presets, rendered from the table above (scripts/readme-presets.mjs writes it, and a
 * unit test keeps the README equal to it). */
export function renderPresetTable(): string {
	const rows = PRESET_NAMES.map((name) => {
		const { displayName, description, timestamped, setup, handshake, source, config } = PRESETS[name];
		const age = timestamped ? 'yes, within **Tolerance (Seconds)**' : 'no';
		const credential = CREDENTIAL_NAMES[credentialKindOf(config)];
		const docs = source.startsWith('https://') ? `[docs](${source})` : source;
		return `| ${cell(displayName)} | \`${name}\` | ${cell(description)} | ${credential}: ${cell(setup)} | ${cell(handshake ?? '—')} | ${age} | ${cell(docs)} |`;
	});
	return [
		"| Preset | Parameter value | What is verified | Credential, and what to paste where | Handshake answered by the trigger (no execution) | Timestamp checked | Sender's documentation |",
		'|---|---|---|---|---|---|---|',
		...rows,
	].join('\n');
}
