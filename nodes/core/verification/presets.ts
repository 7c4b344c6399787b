import { usesTimestamp } from './hmac';
import type { SignedBodyConfig } from './types';

/** One real sender's scheme and every text that names it. */
interface PresetDefinition {
	displayName: string;
	/** The option's description in the nodes' Verification list. n8n renders it as HTML, hence the entities. */
	optionDescription: string;
	/** The scheme in full, for the README's preset table. */
	description: string;
	config: Readonly<SignedBodyConfig>;
}

/** The one place a preset is defined: its name, the nodes' option, the README row and the configuration all
 * come from here. Order matters: it is the order of PRESET_NAMES and of the tolerance field's conditions. */
const DEFINITIONS = {
	github: {
		displayName: 'GitHub',
		optionDescription: 'X-Hub-Signature-256: sha256=&lt;hex HMAC-SHA256 of the body&gt;',
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
		optionDescription: 'Stripe-Signature: t=&lt;timestamp&gt;,v1=&lt;hex&gt; with the whole whsec_ secret as the key',
		description: 'Stripe-Signature "t=…,v1=…": hex HMAC-SHA256 of "timestamp.body", the whole whsec_ secret as key',
		config: { method: 'stripe' },
	},
	shopify: {
		displayName: 'Shopify',
		optionDescription: 'X-Shopify-Hmac-Sha256: base64 HMAC-SHA256 of the body',
		description: 'X-Shopify-Hmac-Sha256: the base64 HMAC-SHA256 of the raw body',
		config: { method: 'hmac', algorithm: 'sha256', encoding: 'base64', signatureHeader: 'X-Shopify-Hmac-Sha256' },
	},
	slack: {
		displayName: 'Slack',
		optionDescription: 'X-Slack-Signature: v0=&lt;hex&gt; over v0:timestamp:body, 5 minute window',
		description:
			'X-Slack-Signature: "v0=" and the hex HMAC-SHA256 of "v0:timestamp:body", the timestamp in X-Slack-Request-Timestamp',
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
		config: { method: 'hmac', algorithm: 'sha256', encoding: 'base64', signatureHeader: 'X-Webhook-Signature' },
	},
	oneManage: {
		displayName: 'OneManage',
		optionDescription: 'X-OneManage-Signature: hex HMAC-SHA256 of the body',
		description: 'X-OneManage-Signature: the hex HMAC-SHA256 of the raw body',
		config: { method: 'hmac', algorithm: 'sha256', encoding: 'hex', signatureHeader: 'X-OneManage-Signature' },
	},
} satisfies Record<string, PresetDefinition>;

export type PresetName = keyof typeof DEFINITIONS;

export interface PresetInfo extends PresetDefinition {
	value: PresetName;
	/** The sender signs a timestamp, so its age is checked and the user's tolerance applies. */
	timestamped: boolean;
}

/** Stripe always signs a timestamp; an HMAC preset does when its scheme names one. */
const signsTimestamp = (config: SignedBodyConfig) => config.method !== 'hmac' || usesTimestamp(config);

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

/** A fresh copy of the preset's configuration, so callers may adjust it (e.g. the tolerance) safely. Every
 * preset signs the body, and the narrower type lets callers spread a tolerance into it. */
export function resolvePreset(name: PresetName): SignedBodyConfig {
	if (!isPresetName(name)) throw new Error(`Unknown verification preset "${String(name)}"`);
	return { ...PRESETS[name].config };
}

/** Markdown table cells end at a pipe. */
const cell = (text: string) => text.replaceAll('|', '\\|');

/** The README's table of presets, rendered from the table above (scripts/readme-presets.mjs writes it, and a
 * unit test keeps the README equal to it). */
export function renderPresetTable(): string {
	const rows = PRESET_NAMES.map((name) => {
		const { displayName, description, timestamped } = PRESETS[name];
		const age = timestamped ? 'yes, within **Tolerance (Seconds)**' : 'no (the sender signs none)';
		return `| ${cell(displayName)} | \`${name}\` | ${cell(description)} | ${age} |`;
	});
	return [
		'| Preset | Parameter value | What the sender signs and sends | Timestamp checked |',
		'|---|---|---|---|',
		...rows,
	].join('\n');
}
