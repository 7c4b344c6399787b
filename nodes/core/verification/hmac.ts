import type { Buffer } from 'node:buffer';
import { createHmac } from 'node:crypto';

import { findMatchingSecret, signingKey, type KeyCandidate } from './keys';
import { failure, success, type VerifyFailureReason, type VerifyResult } from './outcomes';
import type { HeaderBag, HmacAlgorithm, HmacOptions, SignedRequest, SignInput } from './types';
import {
	buildSignedContent,
	decodeSignature,
	DEFAULT_SIGNED_CONTENT,
	isFresh,
	newMessageId,
	readRequiredHeader,
	readTimestampHeader,
	resolveTolerance,
	signedContentProblems,
	signingTimestamp,
	templateUses,
	type SignedValues,
	type ValidTimestamp,
} from './wire';

const METHOD = 'hmac';

export const DIGEST_LENGTHS: Readonly<Record<HmacAlgorithm, number>> = { sha1: 20, sha256: 32, sha512: 64 };

export function computeHmac(algorithm: HmacAlgorithm, key: Buffer, content: Buffer): Buffer {
	return createHmac(algorithm, key).update(content).digest();
}

const templateOf = (options: HmacOptions) => options.signedContent || DEFAULT_SIGNED_CONTENT;

/** A timestamp header takes part whenever one is configured, even if unsigned, because the user asked for
 * its age to be checked. */
export const usesTimestamp = (options: HmacOptions) =>
	templateUses(templateOf(options), 'timestamp') || Boolean(options.timestampHeader);

/** Settings a verifier must refuse before any request: each would fail every request, or look like replay
 * protection without being it. Said so that the user knows what to change. */
export function hmacProblems(options: HmacOptions): string[] {
	const template = templateOf(options);
	const problems = signedContentProblems(template, options.timestampHeader);
	if (templateUses(template, 'id') && !options.idHeader) {
		problems.push('Signed Content uses {id}: set ID Header to the header the sender puts it in');
	}
	return problems;
}

/** Signs with the secret string as UTF-8 key bytes. Returns the signature header, plus the timestamp and
 * id headers when the scheme uses them. */
export function signHmac(options: HmacOptions, secret: string, input: SignInput): Record<string, string> {
	const template = templateOf(options);
	const headers: Record<string, string> = {};
	const values: SignedValues = { body: input.body };
	if (usesTimestamp(options)) {
		if (!options.timestampHeader) throw new Error('The signed content uses {timestamp} but no timestamp header is set');
		values.timestamp = signingTimestamp(input.timestampSeconds);
		headers[options.timestampHeader] = values.timestamp;
	}
	if (templateUses(template, 'id')) {
		if (!options.idHeader) throw new Error('The signed content uses {id} but no id header is set');
		values.id = input.id ?? newMessageId();
		headers[options.idHeader] = values.id;
	}
	const mac = computeHmac(options.algorithm, signingKey('utf8', secret), buildSignedContent(template, values));
	headers[options.signatureHeader] = `${options.signaturePrefix ?? ''}${mac.toString(options.encoding)}`;
	return headers;
}

type SignatureRead = { ok: true; signatures: Buffer[] } | { ok: false; reason: VerifyFailureReason };

/** A list longer than this is no sender's rotation but an attempt to make the verifier do work. */
const MAX_SIGNATURES = 8;

/** One signature as bytes: exact prefix, strict decoding, and the algorithm's digest length. */
function decodeOne(options: HmacOptions, text: string): Buffer | undefined {
	const prefix = options.signaturePrefix ?? '';
	if (!text.startsWith(prefix)) return undefined;
	const bytes = decodeSignature(text.slice(prefix.length), options.encoding);
	return bytes && bytes.length === DIGEST_LENGTHS[options.algorithm] ? bytes : undefined;
}

/** The provided signatures. With a separator, parts of another version (PagerDuty's future "v2=") are skipped,
 * but at least one must be in the configured form. */
function readSignature(options: HmacOptions, headers: HeaderBag): SignatureRead {
	const header = readRequiredHeader(headers, options.signatureHeader);
	if (!header.ok) return header;
	if (!options.signatureSeparator) {
		const bytes = decodeOne(options, header.value);
		return bytes ? { ok: true, signatures: [bytes] } : { ok: false, reason: 'malformed_header' };
	}
	const parts = header.value.split(options.signatureSeparator).map((part) => part.trim());
	if (parts.length > MAX_SIGNATURES) return { ok: false, reason: 'malformed_header' };
	const signatures = parts.map((part) => decodeOne(options, part)).filter((bytes) => bytes !== undefined);
	return signatures.length > 0 ? { ok: true, signatures } : { ok: false, reason: 'malformed_header' };
}

/** Checks the form of every header first, then the signature, then the age: a genuine but late delivery
 * reads as out of tolerance, a forged one as a mismatch. */
export function verifyHmac(
	options: HmacOptions,
	candidates: readonly KeyCandidate[],
	request: SignedRequest,
): VerifyResult {
	const template = templateOf(options);
	const signature = readSignature(options, request.headers);
	if (!signature.ok) return failure(METHOD, signature.reason);

	let timestamp: ValidTimestamp | undefined;
	if (usesTimestamp(options)) {
		const read = readTimestampHeader(request.headers, options.timestampHeader);
		if (!read.ok) return failure(METHOD, read.reason);
		timestamp = read;
	}
	let id: string | undefined;
	if (templateUses(template, 'id')) {
		const header = readRequiredHeader(request.headers, options.idHeader ?? '');
		if (!header.ok) return failure(METHOD, header.reason);
		id = header.value;
	}

	const content = buildSignedContent(template, { body: request.body, timestamp: timestamp?.text, id });
	const matched = findMatchingSecret(
		candidates,
		(key) => computeHmac(options.algorithm, key, content),
		signature.signatures,
	);
	if (!matched) return failure(METHOD, 'signature_mismatch');
	if (timestamp && !isFresh(timestamp.seconds, request.nowMs, resolveTolerance(options.toleranceSeconds))) {
		return failure(METHOD, 'timestamp_out_of_tolerance');
	}
	return success(METHOD, matched);
}
