import type { Buffer } from 'node:buffer';

import { computeHmac } from './hmac';
import { findMatchingSecret, signingKey, type KeyCandidate } from './keys';
import { failure, success, type VerifyResult } from './outcomes';
import type { HeaderBag, SignedRequest, SignInput } from './types';
import {
	buildSignedContent,
	decodeStandardBase64,
	getSingleHeader,
	isFresh,
	newMessageId,
	parseTimestamp,
	resolveTolerance,
	signingTimestamp,
	type HeaderLookup,
} from './wire';

const METHOD = 'standardWebhooks';
const TEMPLATE = '{id}.{timestamp}.{body}';
const SIGNATURE_LENGTH = 32;

export interface StandardWebhooksOptions {
	toleranceSeconds?: number;
}

/** webhook-<name>, or Svix's original svix-<name> when the former is absent (Svix senders may use either). */
function readHeader(headers: HeaderBag, name: 'id' | 'timestamp' | 'signature'): HeaderLookup {
	const standard = getSingleHeader(headers, `webhook-${name}`);
	return 'missing' in standard ? getSingleHeader(headers, `svix-${name}`) : standard;
}

/** The v1 signatures of a space-separated list such as "v1,abc= v1a,xyz". Other versions are for other
 * schemes and ignored; a v1 entry that is not strict base64 of a SHA-256 MAC can never match, so it is
 * skipped rather than failing a list that may hold a good one. */
export function parseSignatureList(value: string): Buffer[] {
	const signatures: Buffer[] = [];
	for (const entry of value.split(' ')) {
		const comma = entry.indexOf(',');
		if (comma < 0 || entry.slice(0, comma) !== 'v1') continue;
		const bytes = decodeStandardBase64(entry.slice(comma + 1));
		if (bytes?.length === SIGNATURE_LENGTH) signatures.push(bytes);
	}
	return signatures;
}

export function signStandardWebhooks(secret: string, input: SignInput): Record<string, string> {
	const id = input.id ?? newMessageId();
	const timestamp = signingTimestamp(input.timestampSeconds);
	const content = buildSignedContent(TEMPLATE, { body: input.body, timestamp, id });
	const mac = computeHmac('sha256', signingKey('standardWebhooks', secret), content);
	return { 'webhook-id': id, 'webhook-timestamp': timestamp, 'webhook-signature': `v1,${mac.toString('base64')}` };
}

export function verifyStandardWebhooks(
	options: StandardWebhooksOptions,
	candidates: readonly KeyCandidate[],
	request: SignedRequest,
): VerifyResult {
	const id = readHeader(request.headers, 'id');
	if ('duplicate' in id) return failure(METHOD, 'duplicate_header');
	if ('missing' in id) return failure(METHOD, 'missing_header');
	const timestampHeader = readHeader(request.headers, 'timestamp');
	if ('duplicate' in timestampHeader) return failure(METHOD, 'duplicate_header');
	if ('missing' in timestampHeader) return failure(METHOD, 'missing_timestamp');
	const timestamp = parseTimestamp(timestampHeader.value);
	if (!timestamp.ok) return failure(METHOD, timestamp.reason);
	const signatureHeader = readHeader(request.headers, 'signature');
	if ('duplicate' in signatureHeader) return failure(METHOD, 'duplicate_header');
	if ('missing' in signatureHeader) return failure(METHOD, 'missing_header');
	const signatures = parseSignatureList(signatureHeader.value);
	if (signatures.length === 0) return failure(METHOD, 'malformed_header');

	const content = buildSignedContent(TEMPLATE, { body: request.body, timestamp: timestamp.text, id: id.value });
	const matched = findMatchingSecret(candidates, (key) => computeHmac('sha256', key, content), signatures);
	if (!matched) return failure(METHOD, 'signature_mismatch');
	if (!isFresh(timestamp.seconds, request.nowMs, resolveTolerance(options.toleranceSeconds))) {
		return failure(METHOD, 'timestamp_out_of_tolerance');
	}
	return success(METHOD, matched);
}
