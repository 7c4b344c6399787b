/** Senders' public keys as they publish them (PEM, base64 SPKI DER, Ed25519's raw 32 bytes), parsed into key
 * objects once, and which scheme a key object fits. */
import type { Buffer } from 'node:buffer';
import { createPublicKey, KeyObject } from 'node:crypto';

import type { PublicKeys } from './types';
import { decodeHex, decodeStandardBase64 } from './wire';

export type PublicKeyKind = 'ed25519' | 'ecdsa';

export type ParsedPublicKey = { ok: true; key: KeyObject } | { ok: false; problem: string };

export type ReadPublicKeys = { ok: true; keys: PublicKeys } | { ok: false; problem: string };

const WANTED: Readonly<Record<PublicKeyKind, string>> = {
	ed25519: 'Ed25519 verification needs an Ed25519 key',
	ecdsa: 'ECDSA verification needs a P-256 (prime256v1) key',
};

const RAW_ED25519_LENGTH = 32;
const RAW_ED25519_HEX = /^[0-9a-fA-F]{64}$/;
const PEM_LABEL = /^-----BEGIN ([A-Z0-9 ]{1,40})-----/;

/** Whether a key object can check this scheme's signatures: a public key of the right type (and, for ECDSA,
 * curve), so a key of another kind fails closed instead of being handed to a verify that may accept it. */
export function fitsKind(key: unknown, kind: PublicKeyKind): key is KeyObject {
	if (!(key instanceof KeyObject) || key.type !== 'public') return false;
	return kind === 'ed25519'
		? key.asymmetricKeyType === 'ed25519'
		: key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1';
}

const KEY_TYPES: Readonly<Record<string, string>> = {
	rsa: 'an RSA key',
	'rsa-pss': 'an RSA-PSS key',
	dsa: 'a DSA key',
	dh: 'a Diffie-Hellman key',
	ed25519: 'an Ed25519 key',
	ed448: 'an Ed448 key',
	x25519: 'an X25519 key',
	x448: 'an X448 key',
};

/** The key's type in words: safe to show, it says nothing of the key itself. */
function describeKey(key: KeyObject): string {
	const type = key.asymmetricKeyType ?? '';
	if (type === 'ec') return `an EC key on the curve ${key.asymmetricKeyDetails?.namedCurve ?? 'unknown'}`;
	return KEY_TYPES[type] ?? 'a key of another type';
}

function importKey(read: () => KeyObject, unreadable: string): ParsedPublicKey {
	try {
		return { ok: true, key: read() };
	} catch {
		return { ok: false, problem: unreadable };
	}
}

const rawEd25519 = (bytes: Buffer) =>
	importKey(
		() => createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: bytes.toString('base64url') }, format: 'jwk' }),
		'The key is not a valid raw Ed25519 public key',
	);

function parsePem(text: string): ParsedPublicKey {
	const label = PEM_LABEL.exec(text)?.[1];
	if (label !== 'PUBLIC KEY') {
		// A private key would import too (Node derives its public half), but it must not sit in a credential
		// meant for a public key; say so rather than accept it.
		return {
			ok: false,
			problem: label?.includes('PRIVATE')
				? 'The key is a private key: paste the sender’s public key (-----BEGIN PUBLIC KEY-----), and keep the private key secret'
				: 'Only PEM public keys in SPKI form (-----BEGIN PUBLIC KEY-----) are accepted',
		};
	}
	return importKey(
		() => createPublicKey({ key: text, format: 'pem', type: 'spki' }),
		'The PEM public key cannot be read',
	);
}

function parseText(text: string, kind: PublicKeyKind): ParsedPublicKey {
	if (text.startsWith('-----BEGIN')) return parsePem(text);
	const compact = text.replace(/\s+/g, '');
	if (RAW_ED25519_HEX.test(compact)) {
		// Hex is valid base64 too; read as base64 it would only fail later with a vaguer message.
		return kind === 'ed25519'
			? rawEd25519(decodeHex(compact)!)
			: { ok: false, problem: `The key is 64 hexadecimal digits, a raw Ed25519 key; ${WANTED.ecdsa}` };
	}
	const bytes = decodeStandardBase64(compact);
	if (!bytes || bytes.length === 0) {
		return {
			ok: false,
			problem:
				kind === 'ed25519'
					? 'The key is not PEM, base64 or 64 hexadecimal digits'
					: 'The key is neither PEM nor base64 (SendGrid’s Verification Key is base64)',
		};
	}
	if (kind === 'ed25519' && bytes.length === RAW_ED25519_LENGTH) return rawEd25519(bytes);
	return importKey(
		() => createPublicKey({ key: bytes, format: 'der', type: 'spki' }),
		'The key is base64 but not a public key in SPKI (DER) form',
	);
}

/** A public key for this scheme from the text a user pasted. Problems name what is wrong, never the key. */
export function parsePublicKey(text: string, kind: PublicKeyKind): ParsedPublicKey {
	const trimmed = typeof text === 'string' ? text.trim() : '';
	if (!trimmed) return { ok: false, problem: 'No public key is set' };
	const parsed = parseText(trimmed, kind);
	if (!parsed.ok || fitsKind(parsed.key, kind)) return parsed;
	return { ok: false, problem: `The key is ${describeKey(parsed.key)}; ${WANTED[kind]}` };
}

// Triggers read the credential on every request; parsing once per key text keeps that cheap. Public keys are
// not secret, so holding them costs nothing; the bound keeps edited credentials from piling up.
const CACHE_SIZE = 64;
const cache = new Map<string, KeyObject>();

function cachedParse(text: string, kind: PublicKeyKind): ParsedPublicKey {
	const cacheKey = `${kind}\n${text}`;
	const hit = cache.get(cacheKey);
	if (hit) {
		// Most recently used last, so the oldest entry is the one evicted.
		cache.delete(cacheKey);
		cache.set(cacheKey, hit);
		return { ok: true, key: hit };
	}
	const parsed = parsePublicKey(text, kind);
	if (parsed.ok) {
		if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value as string);
		cache.set(cacheKey, parsed.key);
	}
	return parsed;
}

/** The credential's keys, current and optional previous. A previous key that cannot be read is a problem too,
 * not silently dropped: at activation the user must learn that the rotation they set up does not work. */
export function readPublicKeys(current: string, previous: string | undefined, kind: PublicKeyKind): ReadPublicKeys {
	const currentKey = cachedParse(current, kind);
	if (!currentKey.ok) return { ok: false, problem: `Public Key: ${currentKey.problem}` };
	if (typeof previous !== 'string' || !previous.trim()) return { ok: true, keys: { current: currentKey.key } };
	const previousKey = cachedParse(previous, kind);
	if (!previousKey.ok) return { ok: false, problem: `Previous Public Key: ${previousKey.problem}` };
	return { ok: true, keys: { current: currentKey.key, previous: previousKey.key } };
}
