import { generateKeyPairSync, type KeyObject } from 'node:crypto';

import { fitsKind, parsePublicKey, readPublicKeys } from '../../../nodes/core/verification';

const ed = generateKeyPairSync('ed25519');
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const ec384 = generateKeyPairSync('ec', { namedCurve: 'P-384' });
const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 });

const pem = (key: KeyObject) => key.export({ format: 'pem', type: 'spki' }).toString();
const der64 = (key: KeyObject) => key.export({ format: 'der', type: 'spki' }).toString('base64');
const raw = (key: KeyObject) => Buffer.from(key.export({ format: 'jwk' }).x as string, 'base64url');
const same = (a: KeyObject, b: KeyObject) => a.equals(b);

function parsed(text: string, kind: 'ed25519' | 'ecdsa'): KeyObject {
	const result = parsePublicKey(text, kind);
	if (!result.ok) throw new Error(result.problem);
	return result.key;
}

function problem(text: string, kind: 'ed25519' | 'ecdsa'): string {
	const result = parsePublicKey(text, kind);
	if (result.ok) throw new Error('parsed');
	return result.problem;
}

describe('parsePublicKey', () => {
	it.each([
		['PEM', () => pem(ed.publicKey)],
		['PEM with Windows line ends and surrounding space', () => `\n ${pem(ed.publicKey).replaceAll('\n', '\r\n')}  `],
		['base64 SPKI DER', () => der64(ed.publicKey)],
		['raw hex, lower case (Discord)', () => raw(ed.publicKey).toString('hex')],
		['raw hex, upper case', () => raw(ed.publicKey).toString('hex').toUpperCase()],
		['raw base64', () => raw(ed.publicKey).toString('base64')],
	])('reads an Ed25519 key as %s', (_name, text) => {
		expect(same(parsed(text(), 'ed25519'), ed.publicKey)).toBe(true);
	});

	it.each([
		['PEM', () => pem(ec.publicKey)],
		['base64 SPKI DER (SendGrid)', () => der64(ec.publicKey)],
		['base64 SPKI DER broken over lines', () => der64(ec.publicKey).replace(/(.{40})/g, '$1\n')],
	])('reads an ECDSA P-256 key as %s', (_name, text) => {
		const key = parsed(text(), 'ecdsa');
		expect(same(key, ec.publicKey)).toBe(true);
		expect(fitsKind(key, 'ecdsa')).toBe(true);
	});

	const refused: Array<[name: string, kind: 'ed25519' | 'ecdsa', text: () => string, message: string]> = [
		[
			'an RSA key',
			'ed25519',
			() => pem(rsa.publicKey),
			'The key is an RSA key; Ed25519 verification needs an Ed25519 key',
		],
		['an RSA key', 'ecdsa', () => der64(rsa.publicKey), 'The key is an RSA key; ECDSA verification needs a P-256'],
		['a P-384 key', 'ecdsa', () => pem(ec384.publicKey), 'The key is an EC key on the curve secp384r1'],
		['a P-256 key', 'ed25519', () => der64(ec.publicKey), 'The key is an EC key on the curve prime256v1'],
		['an Ed25519 key', 'ecdsa', () => pem(ed.publicKey), 'The key is an Ed25519 key; ECDSA'],
		[
			'raw Ed25519 hex',
			'ecdsa',
			() => raw(ed.publicKey).toString('hex'),
			'a raw Ed25519 key; ECDSA verification needs',
		],
		['raw Ed25519 base64', 'ecdsa', () => raw(ed.publicKey).toString('base64'), 'not a public key in SPKI (DER) form'],
		['garbage', 'ed25519', () => 'not a key!', 'not PEM, base64 or 64 hexadecimal digits'],
		['garbage', 'ecdsa', () => 'not a key!', 'neither PEM nor base64'],
		['63 hex digits', 'ed25519', () => raw(ed.publicKey).toString('hex').slice(1), 'not PEM, base64'],
		['base64 of junk', 'ecdsa', () => Buffer.from('just some bytes here').toString('base64'), 'SPKI (DER)'],
		['nothing', 'ed25519', () => '  \n', 'No public key is set'],
		[
			'a private key',
			'ed25519',
			() => ed.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
			'private key',
		],
		['a certificate label', 'ecdsa', () => '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----', 'SPKI'],
		['a broken PEM', 'ecdsa', () => '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----', 'cannot be read'],
	];

	it.each(refused)('refuses %s (as %s) with a problem that does not echo the key', (_name, kind, text, message) => {
		const said = problem(text(), kind);
		expect(said).toContain(message);
		const keyMaterial = text()
			.replace(/-----[A-Z ]+-----/g, '')
			.replace(/\s+/g, '')
			.slice(4, 20);
		if (keyMaterial.length > 8) expect(said).not.toContain(keyMaterial);
	});
});

describe('readPublicKeys', () => {
	const other = generateKeyPairSync('ed25519').publicKey;

	it('reads the current key, and the previous one when set', () => {
		const onlyCurrent = readPublicKeys(pem(ed.publicKey), undefined, 'ed25519');
		expect(onlyCurrent.ok && same(onlyCurrent.keys.current, ed.publicKey) && onlyCurrent.keys.previous).toBe(undefined);
		const blankPrevious = readPublicKeys(pem(ed.publicKey), '  ', 'ed25519');
		expect(blankPrevious.ok && blankPrevious.keys.previous).toBe(undefined);
		const both = readPublicKeys(pem(ed.publicKey), raw(other).toString('hex'), 'ed25519');
		expect(both.ok && same(both.keys.current, ed.publicKey) && same(both.keys.previous!, other)).toBe(true);
	});

	it('names the field that holds a problem, the previous key included', () => {
		expect(readPublicKeys('', undefined, 'ecdsa')).toEqual({ ok: false, problem: 'Public Key: No public key is set' });
		expect(readPublicKeys(der64(ec.publicKey), pem(rsa.publicKey), 'ecdsa')).toEqual({
			ok: false,
			problem: expect.stringMatching(/^Previous Public Key: The key is an RSA key/),
		});
	});

	it('parses a key text once, per kind', () => {
		const text = der64(ed.publicKey);
		const first = readPublicKeys(text, undefined, 'ed25519');
		const second = readPublicKeys(text, undefined, 'ed25519');
		expect(first.ok && second.ok && first.keys.current === second.keys.current).toBe(true);
		expect(readPublicKeys(text, undefined, 'ecdsa').ok).toBe(false);
	});

	it('keeps its cache bounded and still reads evicted keys', () => {
		const texts = Array.from({ length: 70 }, () => der64(generateKeyPairSync('ed25519').publicKey));
		for (const text of texts) expect(readPublicKeys(text, undefined, 'ed25519').ok).toBe(true);
		const again = readPublicKeys(texts[0], undefined, 'ed25519');
		expect(again.ok && der64(again.keys.current)).toBe(texts[0]);
	});
});

describe('fitsKind', () => {
	it('accepts public keys of the scheme only', () => {
		expect(fitsKind(ed.publicKey, 'ed25519')).toBe(true);
		expect(fitsKind(ec.publicKey, 'ecdsa')).toBe(true);
		expect(fitsKind(ed.privateKey, 'ed25519')).toBe(false);
		expect(fitsKind(ec384.publicKey, 'ecdsa')).toBe(false);
		expect(fitsKind(ed.publicKey, 'ecdsa')).toBe(false);
		expect(fitsKind(rsa.publicKey, 'ed25519')).toBe(false);
		expect(fitsKind(pem(ed.publicKey), 'ed25519')).toBe(false);
		expect(fitsKind(undefined, 'ecdsa')).toBe(false);
	});
});
