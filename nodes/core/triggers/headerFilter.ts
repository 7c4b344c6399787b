import type { HeaderBag, VerificationConfig } from '../verification';

/** Headers that carry credentials or signatures in any scheme Hookline knows. A signature is not a secret, but
 * it is material a forger can study or replay, so none of them reaches execution data. */
const ALWAYS_REMOVED = [
	'authorization',
	'proxy-authorization',
	'cookie',
	'set-cookie',
	'x-api-key',
	'x-hub-signature',
	'x-hub-signature-256',
	'stripe-signature',
	'x-shopify-hmac-sha256',
	'x-slack-signature',
	'x-webhook-signature',
	'x-onemanage-signature',
	'webhook-signature',
	'svix-signature',
];

/** A copy of the headers without credential-bearing ones; `extra` names the scheme's own (any case). */
export function stripCredentialHeaders(headers: HeaderBag, extra: string[] = []): Record<string, string | string[]> {
	const removed = new Set([...ALWAYS_REMOVED, ...extra.map((name) => name.toLowerCase())]);
	const kept: Record<string, string | string[]> = {};
	for (const [name, value] of Object.entries(headers)) {
		if (value !== undefined && !removed.has(name.toLowerCase())) kept[name] = value;
	}
	return kept;
}

/** Headers of the chosen scheme that carry its credential or signature, beyond the well-known ones. */
export function schemeHeaders(verification: VerificationConfig): string[] {
	switch (verification.method) {
		case 'headerToken':
			return [verification.headerName];
		case 'hmac':
		case 'ed25519':
		case 'ecdsa':
			return [verification.signatureHeader];
		case 'twilio':
			return ['X-Twilio-Signature'];
		default:
			return [];
	}
}
