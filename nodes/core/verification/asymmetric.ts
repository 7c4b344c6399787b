/** Ed25519 and ECDSA P-256 (SHA-256) signatures: the header, prefix, encoding, signed-content template and
 * timestamp of the HMAC scheme, checked against the sender's public keys instead of a shared secret. */
import type { Buffer } from 'node:buffer';
import { verify, type KeyObject } from 'node:crypto';

import { failure, success, type SecretLabel, type VerifyResult } from './outcomes';
import { fitsKind, type PublicKeyKind } from './publicKeys';
import type { PublicKeys, PublicKeySignatureOptions, SignedRequest } from './types';
import {
	buildSignedContent,
	decodeSignature,
	DEFAULT_SIGNED_CONTENT,
	isFresh,
	readRequiredHeader,
	readTimestampHeader,
	resolveTolerance,
	signedContentProblems,
	templateUses,
	type ValidTimestamp,
} from './wire';

/** One way to check a signature's bytes: the digest (null for Ed25519, which hashes internally) and, for
 * ECDSA, how the signature is encoded. */
interface Reading {
	algorithm: string | null;
	dsaEncoding?: 'der' | 'ieee-p1363';
}

const ED25519_SIGNATURE_LENGTH = 64;
const P256_RAW_SIGNATURE_LENGTH = 64;
/** A DER ECDSA-Sig-Value over P-256: SEQUENCE of two INTEGERs of at most 33 bytes each. */
const P256_DER_MAX_LENGTH = 72;
const DER_SEQUENCE = 0x30;

function ed25519Readings(bytes: Buffer): Reading[] {
	return bytes.length === ED25519_SIGNATURE_LENGTH ? [{ algorithm: null }] : [];
}

/** DER when the bytes are a SEQUENCE whose length covers the rest, raw r‖s when there are exactly 64. A
 * 64-byte signature can look like both; both are tried, which widens nothing: either way only a signature
 * made with the private key verifies. OpenSSL itself refuses DER that is not in its one canonical form. */
function ecdsaReadings(bytes: Buffer): Reading[] {
	const readings: Reading[] = [];
	const derShaped = bytes.length <= P256_DER_MAX_LENGTH && bytes[0] === DER_SEQUENCE && bytes[1] === bytes.length - 2;
	if (derShaped) readings.push({ algorithm: 'sha256', dsaEncoding: 'der' });
	if (bytes.length === P256_RAW_SIGNATURE_LENGTH) readings.push({ algorithm: 'sha256', dsaEncoding: 'ieee-p1363' });
	return readings;
}

/** Node throws on some malformed signatures rather than answering false; verification never throws. */
function verifies(reading: Reading, content: Buffer, key: KeyObject, signature: Buffer): boolean {
	try {
		return verify(reading.algorithm, content, { key, dsaEncoding: reading.dsaEncoding }, signature);
	} catch {
		return false;
	}
}

const templateOf = (options: PublicKeySignatureOptions) => options.signedContent || DEFAULT_SIGNED_CONTENT;

/** As for HMAC, a configured timestamp header has its age checked even when unsigned. */
const usesTimestamp = (options: PublicKeySignatureOptions) =>
	templateUses(templateOf(options), 'timestamp') || Boolean(options.timestampHeader);

/** Settings that would fail every request or give no replay protection, said so the user can fix them. */
export function publicKeySchemeProblems(options: PublicKeySignatureOptions): string[] {
	const template = templateOf(options);
	const problems = signedContentProblems(template, options.timestampHeader);
	if (templateUses(template, 'id')) {
		problems.push('Signed Content uses {id}, but Ed25519 and ECDSA verification reads no ID header: remove {id}');
	}
	return problems;
}

/** Checks the form of every header first, then the signature against each key, then the age, like HMAC: a
 * genuine but late delivery reads as out of tolerance, a forged one as a mismatch. */
function verifyWithKeys(
	kind: PublicKeyKind,
	readingsOf: (signature: Buffer) => Reading[],
	options: PublicKeySignatureOptions,
	keys: PublicKeys,
	request: SignedRequest,
): VerifyResult {
	// A key of another kind would not fail safely everywhere (verify may pick a default digest), so refuse it.
	if (!fitsKind(keys.current, kind)) return failure(kind, 'missing_key');
	const template = templateOf(options);
	// No ID header can be configured for these schemes; publicKeySchemeProblems reports this at activation.
	if (templateUses(template, 'id')) return failure(kind, 'missing_header');

	const header = readRequiredHeader(request.headers, options.signatureHeader);
	if (!header.ok) return failure(kind, header.reason);
	const prefix = options.signaturePrefix ?? '';
	if (!header.value.startsWith(prefix)) return failure(kind, 'malformed_header');
	const signature = decodeSignature(header.value.slice(prefix.length), options.encoding);
	const readings = signature ? readingsOf(signature) : [];
	if (!signature || readings.length === 0) return failure(kind, 'malformed_header');

	let timestamp: ValidTimestamp | undefined;
	if (usesTimestamp(options)) {
		const read = readTimestampHeader(request.headers, options.timestampHeader);
		if (!read.ok) return failure(kind, read.reason);
		timestamp = read;
	}

	const content = buildSignedContent(template, { body: request.body, timestamp: timestamp?.text });
	const candidates: Array<[SecretLabel, KeyObject]> = [['current', keys.current]];
	// A previous key of another kind cannot have signed anything here; it is left out, as keys.ts leaves out
	// an unusable previous secret.
	if (fitsKind(keys.previous, kind)) candidates.push(['previous', keys.previous]);
	// Every key and every reading is tried, with no early exit, so the time taken does not say which key matched.
	let matched: SecretLabel | undefined;
	for (const [label, key] of candidates) {
		let hit = false;
		for (const reading of readings) hit = verifies(reading, content, key, signature) || hit;
		if (hit && matched === undefined) matched = label;
	}
	if (!matched) return failure(kind, 'signature_mismatch');
	if (timestamp && !isFresh(timestamp.seconds, request.nowMs, resolveTolerance(options.toleranceSeconds))) {
		return failure(kind, 'timestamp_out_of_tolerance');
	}
	return success(kind, matched);
}

export function verifyEd25519(
	options: PublicKeySignatureOptions,
	keys: PublicKeys,
	request: SignedRequest,
): VerifyResult {
	return verifyWithKeys('ed25519', ed25519Readings, options, keys, request);
}

export function verifyEcdsa(
	options: PublicKeySignatureOptions,
	keys: PublicKeys,
	request: SignedRequest,
): VerifyResult {
	return verifyWithKeys('ecdsa', ecdsaReadings, options, keys, request);
}
