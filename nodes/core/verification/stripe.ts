import type { Buffer } from 'node:buffer';

import { computeHmac } from './hmac';
import { findMatchingSecret, signingKey, type KeyCandidate } from './keys';
import { failure, success, type VerifyFailureReason, type VerifyResult } from './outcomes';
import type { SignedRequest, SignInput } from './types';
import {
	buildSignedContent,
	decodeHex,
	isFresh,
	parseTimestamp,
	readRequiredHeader,
	resolveTolerance,
	signingTimestamp,
	type ValidTimestamp,
} from './wire';

const METHOD = 'stripe';
const HEADER = 'Stripe-Signature';
const TEMPLATE = '{timestamp}.{body}';
const SIGNATURE_LENGTH = 32;

export interface StripeOptions {
	toleranceSeconds?: number;
}

export type StripeHeader =
	| { ok: true; timestamp: ValidTimestamp; signatures: Buffer[] }
	| { ok: false; reason: VerifyFailureReason };

/** Parses "t=<ts>,v1=<hex>[,v1=<hex>…][,v0=…]". Keys other than t and v1 (v0, future schemes) are ignored,
 * as are v1 values that are not 64 hex digits; a second t, or an item without "=", makes the header
 * malformed because the reading would be ambiguous. */
export function parseStripeHeader(value: string): StripeHeader {
	let timestampText: string | undefined;
	const signatures: Buffer[] = [];
	for (const item of value.split(',')) {
		const equals = item.indexOf('=');
		if (equals <= 0) return { ok: false, reason: 'malformed_header' };
		const key = item.slice(0, equals);
		const text = item.slice(equals + 1);
		if (key === 't') {
			if (timestampText !== undefined) return { ok: false, reason: 'malformed_header' };
			timestampText = text;
		} else if (key === 'v1') {
			const bytes = decodeHex(text);
			if (bytes?.length === SIGNATURE_LENGTH) signatures.push(bytes);
		}
	}
	if (timestampText === undefined) return { ok: false, reason: 'missing_timestamp' };
	const timestamp = parseTimestamp(timestampText);
	if (!timestamp.ok) return timestamp;
	if (signatures.length === 0) return { ok: false, reason: 'malformed_header' };
	return { ok: true, timestamp, signatures };
}

/** Stripe keys are the whole secret string, `whsec_` included, as UTF-8. */
export function signStripe(secret: string, input: SignInput): Record<string, string> {
	const timestamp = signingTimestamp(input.timestampSeconds);
	const content = buildSignedContent(TEMPLATE, { body: input.body, timestamp });
	const mac = computeHmac('sha256', signingKey('utf8', secret), content);
	return { [HEADER]: `t=${timestamp},v1=${mac.toString('hex')}` };
}

export function verifyStripe(
	options: StripeOptions,
	candidates: readonly KeyCandidate[],
	request: SignedRequest,
): VerifyResult {
	const header = readRequiredHeader(request.headers, HEADER);
	if (!header.ok) return failure(METHOD, header.reason);
	const parsed = parseStripeHeader(header.value);
	if (!parsed.ok) return failure(METHOD, parsed.reason);

	const content = buildSignedContent(TEMPLATE, { body: request.body, timestamp: parsed.timestamp.text });
	const matched = findMatchingSecret(candidates, (key) => computeHmac('sha256', key, content), parsed.signatures);
	if (!matched) return failure(METHOD, 'signature_mismatch');
	if (!isFresh(parsed.timestamp.seconds, request.nowMs, resolveTolerance(options.toleranceSeconds))) {
		return failure(METHOD, 'timestamp_out_of_tolerance');
	}
	return success(METHOD, matched);
}
