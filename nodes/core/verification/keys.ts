/** Secrets as key bytes, and which of them produced a signature. */
import { Buffer } from 'node:buffer';

import { safeEqual } from './constantTime';
import type { SecretLabel, VerifyFailureReason } from './outcomes';
import type { Secrets } from './types';
import { decodeStandardBase64 } from './wire';

/** How a secret string becomes key bytes. Standard Webhooks secrets are base64 (optionally behind
 * `whsec_`); Stripe and plain HMAC senders use the whole string, `whsec_` included, as UTF-8. The same
 * text therefore means different keys to different schemes. */
export type KeyDerivation = 'standardWebhooks' | 'utf8';

export interface KeyCandidate {
	secret: SecretLabel;
	key: Buffer;
}

export type KeyCandidates = { ok: true; candidates: KeyCandidate[] } | { ok: false; reason: VerifyFailureReason };

const WHSEC_PREFIX = 'whsec_';

/** The key bytes for one secret, or undefined when the secret cannot be a key for this scheme. */
export function deriveKey(derivation: KeyDerivation, secret: string): Buffer | undefined {
	if (derivation === 'utf8') return secret ? Buffer.from(secret, 'utf8') : undefined;
	const encoded = secret.startsWith(WHSEC_PREFIX) ? secret.slice(WHSEC_PREFIX.length) : secret;
	const key = decodeStandardBase64(encoded);
	return key && key.length > 0 ? key : undefined;
}

/** The keys to try, current first. An unusable current secret fails verification; an unusable previous
 * one is left out, so a bad leftover from a rotation cannot lock out senders using the current secret. */
export function deriveKeyCandidates(derivation: KeyDerivation, secrets: Secrets): KeyCandidates {
	if (!secrets.current) return { ok: false, reason: 'missing_secret' };
	const current = deriveKey(derivation, secrets.current);
	if (!current) return { ok: false, reason: 'invalid_secret' };
	const candidates: KeyCandidate[] = [{ secret: 'current', key: current }];
	const previous = secrets.previous ? deriveKey(derivation, secrets.previous) : undefined;
	if (previous) candidates.push({ secret: 'previous', key: previous });
	return { ok: true, candidates };
}

/** The key to sign with. Signing with an unusable secret is the caller's mistake, so this throws. */
export function signingKey(derivation: KeyDerivation, secret: string): Buffer {
	const key = deriveKey(derivation, secret);
	if (key) return key;
	throw new Error(
		derivation === 'utf8'
			? 'A secret is needed to sign'
			: 'The secret is not a Standard Webhooks secret: base64, optionally after whsec_',
	);
}

/** Which secret produced one of the provided signatures, if any. Every candidate's MAC is computed and
 * compared with every provided signature, with no early exit, so timing does not reveal which secret
 * matched or at which position. The current secret wins when both match. */
export function findMatchingSecret(
	candidates: readonly KeyCandidate[],
	mac: (key: Buffer) => Buffer,
	provided: readonly Buffer[],
): SecretLabel | undefined {
	let matched: SecretLabel | undefined;
	for (const candidate of candidates) {
		const expected = mac(candidate.key);
		let hit = false;
		for (const signature of provided) hit = safeEqual(expected, signature) || hit;
		if (hit && matched === undefined) matched = candidate.secret;
	}
	return matched;
}
