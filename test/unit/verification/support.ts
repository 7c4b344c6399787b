import { randomBytes } from 'node:crypto';

import {
	resolvePreset,
	type HeaderBag,
	type PresetName,
	type Secrets,
	type VerificationConfig,
	type VerifyInput,
} from '../../../nodes/core/verification';

/** A fixed clock, so every timestamp test is exact. */
export const NOW_S = 1_700_000_000;
export const NOW_MS = NOW_S * 1000 + 250;

export const newStandardSecret = () => `whsec_${randomBytes(24).toString('base64')}`;

/** The key of a header whatever its case, or undefined. */
export function headerKey(headers: HeaderBag, name: string): string | undefined {
	return Object.keys(headers).find((key) => key.toLowerCase() === name.toLowerCase());
}

export function getHeader(headers: Record<string, string>, name: string): string {
	const key = headerKey(headers, name);
	if (key === undefined) throw new Error(`No ${name} header in ${JSON.stringify(Object.keys(headers))}`);
	return headers[key];
}

/** A copy with one header replaced (keeping its spelling) or removed (undefined). */
export function withHeader(
	headers: Record<string, string>,
	name: string,
	value: string | string[] | undefined,
): HeaderBag {
	const copy: HeaderBag = { ...headers };
	delete copy[headerKey(headers, name) ?? name];
	if (value !== undefined) copy[headerKey(headers, name) ?? name] = value;
	return copy;
}

export function renameHeaders(headers: Record<string, string>, rename: (name: string) => string): HeaderBag {
	return Object.fromEntries(Object.entries(headers).map(([key, value]) => [rename(key), value]));
}

export const input = (
	rawBody: Buffer | undefined,
	headers: HeaderBag,
	secrets: Secrets,
	nowMs = NOW_MS,
): VerifyInput => ({ rawBody, headers, secrets, nowMs });

/** Flips the lowest bit of the first byte of an encoded signature and re-encodes it the same way. */
export function flipEncoded(signature: string, encoding: 'hex' | 'base64'): string {
	const bytes = Buffer.from(signature, encoding);
	bytes[0] ^= 1;
	return bytes.toString(encoding);
}

/** How a scheme carries its signature and timestamp, so one table of attacks covers every scheme. */
export interface SchemeCase {
	name: string;
	config: VerificationConfig;
	method: string;
	secret: string;
	otherSecret: string;
	encoding: 'hex' | 'base64';
	signatureHeader: string;
	readSignature(value: string): string;
	writeSignature(value: string, signature: string): string;
	wrongPrefix(value: string): string;
	/** Absent for schemes without a timestamp. */
	timestamp?: {
		set(headers: Record<string, string>, text: string | undefined): HeaderBag;
	};
}

function prefixed(prefix: string) {
	return {
		readSignature: (value: string) => value.slice(prefix.length),
		writeSignature: (_value: string, signature: string) => `${prefix}${signature}`,
		wrongPrefix: (value: string) => `wrong=${value.slice(prefix.length)}`,
	};
}

const timestampHeader = (name: string) => ({
	set: (headers: Record<string, string>, text: string | undefined) => withHeader(headers, name, text),
});

function hmacCase(
	name: string,
	config: Extract<VerificationConfig, { method: 'hmac' }>,
	extra: Partial<SchemeCase> = {},
): SchemeCase {
	return {
		name,
		config,
		method: 'hmac',
		secret: `${name} secret ✓`,
		otherSecret: `${name} other secret`,
		encoding: config.encoding,
		signatureHeader: config.signatureHeader,
		...prefixed(config.signaturePrefix ?? ''),
		...(config.timestampHeader ? { timestamp: timestampHeader(config.timestampHeader) } : {}),
		...extra,
	};
}

const hmacPreset = (name: PresetName) => resolvePreset(name) as Extract<VerificationConfig, { method: 'hmac' }>;
const preset = (name: PresetName) => hmacCase(name, hmacPreset(name));

/** Every preset, the Standard Webhooks scheme and custom HMAC variants. */
export function schemeCases(): SchemeCase[] {
	return [
		preset('github'),
		preset('shopify'),
		preset('slack'),
		preset('mspManager'),
		preset('oneManage'),
		hmacCase('hmac sha1 hex', { method: 'hmac', algorithm: 'sha1', encoding: 'hex', signatureHeader: 'X-Signature' }),
		hmacCase('hmac sha512 base64 timestamped', {
			method: 'hmac',
			algorithm: 'sha512',
			encoding: 'base64',
			signatureHeader: 'X-Sig',
			signaturePrefix: 'v1=',
			signedContent: '{timestamp}.{body}',
			timestampHeader: 'X-Ts',
		}),
		hmacCase('hmac sha256 id and timestamp', {
			method: 'hmac',
			algorithm: 'sha256',
			encoding: 'hex',
			signatureHeader: 'X-Sig',
			signedContent: '{id}:{timestamp}:{body}',
			timestampHeader: 'X-Ts',
			idHeader: 'X-Id',
			toleranceSeconds: 300,
		}),
		{
			name: 'standardWebhooks',
			config: { method: 'standardWebhooks' },
			method: 'standardWebhooks',
			secret: newStandardSecret(),
			otherSecret: newStandardSecret(),
			encoding: 'base64',
			signatureHeader: 'webhook-signature',
			readSignature: (value) => value.slice('v1,'.length),
			writeSignature: (_value, signature) => `v1,${signature}`,
			wrongPrefix: (value) => `v2,${value.slice('v1,'.length)}`,
			timestamp: timestampHeader('webhook-timestamp'),
		},
		{
			name: 'stripe',
			config: resolvePreset('stripe'),
			method: 'stripe',
			secret: 'whsec_stripe_test_secret',
			otherSecret: 'whsec_other_stripe_secret',
			encoding: 'hex',
			signatureHeader: 'Stripe-Signature',
			readSignature: (value) => /v1=([^,]*)/.exec(value)?.[1] ?? '',
			writeSignature: (value, signature) => value.replace(/v1=[^,]*/, `v1=${signature}`),
			wrongPrefix: (value) => value.replace('v1=', 'v2='),
			timestamp: {
				set: (headers, text) => {
					const value = getHeader(headers, 'Stripe-Signature');
					const rest = value.replace(/^t=[^,]*,/, '');
					return withHeader(headers, 'Stripe-Signature', text === undefined ? rest : `t=${text},${rest}`);
				},
			},
		},
	];
}
