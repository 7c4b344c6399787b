/** Independent signing with node:crypto, secret plans (rotation, unusable previous secrets) and secret arbitraries. */
import { Buffer } from 'node:buffer';
import { createHash, createHmac } from 'node:crypto';

import fc from 'fast-check';

import type { HmacAlgorithm, SecretLabel, Secrets } from '../../../../../nodes/core/verification';
import { binaryTextArb, draw, int, same, type G } from '../wire';

export const mac = (algorithm: HmacAlgorithm, key: Buffer, content: Buffer) =>
	createHmac(algorithm, key).update(content).digest();

/** The signed bytes of a template, scanning left to right for {body}, {timestamp} and {id}. */
export function renderTemplate(template: string, values: { body: Buffer; timestamp?: string; id?: string }): Buffer {
	const parts: Buffer[] = [];
	let literal = '';
	for (let i = 0; i < template.length; ) {
		const placeholder = (['body', 'timestamp', 'id'] as const).find((name) => template.startsWith(`{${name}}`, i));
		if (!placeholder) {
			literal += template[i++];
			continue;
		}
		parts.push(Buffer.from(literal, 'utf8'));
		literal = '';
		const value = values[placeholder];
		if (value === undefined) throw new Error(`test bug: no ${placeholder}`);
		parts.push(Buffer.isBuffer(value) ? value : Buffer.from(value, 'utf8'));
		i += placeholder.length + 2;
	}
	parts.push(Buffer.from(literal, 'utf8'));
	return Buffer.concat(parts);
}

// ---- secrets -----------------------------------------------------------------------------------------------

interface SecretPlan {
	secrets: Secrets;
	/** The secret the genuine sender signs with, and the label verification must report. */
	signer: string;
	label: SecretLabel;
	steps: string[];
}

/** Current only, or a rotation signed with either secret, or a previous secret the scheme cannot use. */
export function planSecrets(
	g: G,
	valid: fc.Arbitrary<string>,
	keyOf: (secret: string) => Buffer | undefined,
	unusable?: fc.Arbitrary<string>,
	equivalent: (a: Buffer, b: Buffer) => boolean = same,
): SecretPlan {
	const current = draw(g, valid);
	switch (int(g, 0, 4)) {
		case 0:
		case 1:
			return { secrets: { current }, signer: current, label: 'current', steps: [] };
		case 2: {
			const previous = draw(g, valid);
			return { secrets: { current, previous }, signer: current, label: 'current', steps: ['rotation:current'] };
		}
		case 3: {
			const previous = draw(g, valid);
			const label = equivalent(keyOf(previous)!, keyOf(current)!) ? 'current' : 'previous';
			return { secrets: { current, previous }, signer: previous, label, steps: ['rotation:previous'] };
		}
		default: {
			const previous = unusable ? draw(g, unusable) : '';
			return { secrets: { current, previous }, signer: current, label: 'current', steps: ['previous:unusable'] };
		}
	}
}

/** Which label a key verifies under, if any. */
export function labelOf(
	key: Buffer,
	secrets: Secrets,
	keyOf: (secret: string) => Buffer | undefined,
	equivalent: (a: Buffer, b: Buffer) => boolean,
): SecretLabel | undefined {
	const current = keyOf(secrets.current);
	if (current && equivalent(current, key)) return 'current';
	const previous = secrets.previous ? keyOf(secrets.previous) : undefined;
	return previous && equivalent(previous, key) ? 'previous' : undefined;
}

export const utf8Key = (secret: string) => (secret ? Buffer.from(secret, 'utf8') : undefined);

/** Whether two HMAC keys are the same key to HMAC: a key longer than the hash's block is hashed first, and a
 * shorter one is padded with zero bytes, so "k" and "k\0" (or "\0" and "") sign alike. */
export function sameHmacKey(a: Buffer, b: Buffer, algorithm: HmacAlgorithm = 'sha256'): boolean {
	const block = algorithm === 'sha512' ? 128 : 64;
	const normal = (key: Buffer) => {
		const long = key.length > block ? createHash(algorithm).update(key).digest() : key;
		let end = long.length;
		while (end > 0 && long[end - 1] === 0) end--;
		return long.subarray(0, end);
	};
	return same(normal(a), normal(b));
}

export function standardKey(secret: string): Buffer | undefined {
	const encoded = secret.startsWith('whsec_') ? secret.slice(6) : secret;
	if (!/^[A-Za-z0-9+/]*={0,2}$/.test(encoded) || encoded.length % 4 !== 0) return undefined;
	const key = Buffer.from(encoded, 'base64');
	return key.length > 0 && key.toString('base64') === encoded ? key : undefined;
}

export const utf8SecretArb = fc.oneof(
	fc.string({ minLength: 1, maxLength: 40 }),
	fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 }),
	binaryTextArb.filter((text) => text !== ''),
	fc.uint8Array({ minLength: 16, maxLength: 48 }).map((bytes) => `whsec_${Buffer.from(bytes).toString('base64')}`),
);

export const standardSecretArb = fc
	.tuple(fc.uint8Array({ minLength: 1, maxLength: 64 }), fc.boolean())
	.map(([bytes, prefixed]) => `${prefixed ? 'whsec_' : ''}${Buffer.from(bytes).toString('base64')}`);

export const unusableStandardSecretArb = fc.oneof(
	fc.constantFrom('whsec_', 'whsec_!!!!', 'not base64 at all', 'whsec_abc', 'whsec_YWJj=', 'YWJjZA'),
	fc.string({ minLength: 1, maxLength: 12 }).filter((text) => standardKey(text) === undefined),
);

/** Printable ASCII without whitespace: what fits `Authorization: Bearer <token>`. */
export const tokenArb = fc.string({
	unit: fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)),
	minLength: 1,
	maxLength: 48,
});
/** Header tokens may hold inner spaces, never outer ones (HTTP trims those). */
export const headerTokenArb = fc
	.string({
		unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
		minLength: 1,
		maxLength: 48,
	})
	.filter((text) => text.trim() === text && text !== '');
