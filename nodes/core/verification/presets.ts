import type { PresetName, SignedBodyConfig } from './types';

export interface PresetInfo {
	displayName: string;
	description: string;
	config: Readonly<SignedBodyConfig>;
}

/** Real senders' schemes, with names and descriptions a UI can list. */
export const PRESETS: Readonly<Record<PresetName, Readonly<PresetInfo>>> = Object.freeze({
	github: {
		displayName: 'GitHub',
		description: 'X-Hub-Signature-256: "sha256=" and the hex HMAC-SHA256 of the raw body',
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
		description: 'Stripe-Signature "t=…,v1=…": hex HMAC-SHA256 of "timestamp.body", the whole whsec_ secret as key',
		config: { method: 'stripe' },
	},
	shopify: {
		displayName: 'Shopify',
		description: 'X-Shopify-Hmac-Sha256: the base64 HMAC-SHA256 of the raw body',
		config: { method: 'hmac', algorithm: 'sha256', encoding: 'base64', signatureHeader: 'X-Shopify-Hmac-Sha256' },
	},
	slack: {
		displayName: 'Slack',
		description: 'X-Slack-Signature: "v0=" and the hex HMAC-SHA256 of "v0:timestamp:body", within 5 minutes',
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
		description: 'X-Webhook-Signature: the base64 HMAC-SHA256 of the raw body',
		config: { method: 'hmac', algorithm: 'sha256', encoding: 'base64', signatureHeader: 'X-Webhook-Signature' },
	},
	oneManage: {
		displayName: 'OneManage',
		description: 'X-OneManage-Signature: the hex HMAC-SHA256 of the raw body',
		config: { method: 'hmac', algorithm: 'sha256', encoding: 'hex', signatureHeader: 'X-OneManage-Signature' },
	},
});

export const PRESET_NAMES = Object.keys(PRESETS) as PresetName[];

/** A fresh copy of the preset's configuration, so callers may adjust it (e.g. the tolerance) safely. Every
 * preset signs the body, and the narrower type lets callers spread a tolerance into it. */
export function resolvePreset(name: PresetName): SignedBodyConfig {
	if (!Object.hasOwn(PRESETS, name)) throw new Error(`Unknown verification preset "${String(name)}"`);
	return { ...PRESETS[name].config };
}
