/** The parts of a signed request as they travel: headers, timestamps, message ids, encoded signatures and
 * the signed content built from them. Every scheme reads and writes its messages through these. */
import { Buffer } from 'node:buffer';
import { randomUUID } from 'node:crypto';

import type { VerifyFailureReason } from './outcomes';
import type { HeaderBag, SignatureEncoding } from './types';

// ---- Headers ------------------------------------------------------------------------------------------------

export type HeaderLookup = { value: string } | { missing: true } | { duplicate: true };

/** Reads a header that must occur exactly once, whatever the case of its name in the bag. Values under
 * several spellings of the name, or an array of more than one, are duplicates: a forger could otherwise
 * pick which copy the verifier reads. */
export function getSingleHeader(headers: HeaderBag, name: string): HeaderLookup {
	const wanted = name.toLowerCase();
	const values: unknown[] = [];
	for (const [key, raw] of Object.entries(headers)) {
		if (raw === undefined || key.toLowerCase() !== wanted) continue;
		if (Array.isArray(raw)) values.push(...raw);
		else values.push(raw);
	}
	if (values.length > 1) return { duplicate: true };
	const [value] = values;
	return typeof value === 'string' && value !== '' ? { value } : { missing: true };
}

export type RequiredHeader = { ok: true; value: string } | { ok: false; reason: 'missing_header' | 'duplicate_header' };

/** A header the scheme cannot do without, as a verification outcome. */
export function readRequiredHeader(headers: HeaderBag, name: string): RequiredHeader {
	const header = getSingleHeader(headers, name);
	if ('duplicate' in header) return { ok: false, reason: 'duplicate_header' };
	if ('missing' in header) return { ok: false, reason: 'missing_header' };
	return { ok: true, value: header.value };
}

// ---- Timestamps and message ids -----------------------------------------------------------------------------

export const DEFAULT_TOLERANCE_SECONDS = 300;

/** Integer seconds only: no sign, no fraction, no exponent, and at most 12 digits so the value stays exact. */
const TIMESTAMP = /^\d{1,12}$/;

export interface ValidTimestamp {
	ok: true;
	/** As received, because that text is what the sender signed. */
	text: string;
	seconds: number;
}

export type TimestampRead = ValidTimestamp | { ok: false; reason: VerifyFailureReason };

/** Reads a Unix-seconds timestamp header that must occur once. */
export function readTimestampHeader(headers: HeaderBag, name: string | undefined): TimestampRead {
	if (!name) return { ok: false, reason: 'missing_timestamp' };
	const header = getSingleHeader(headers, name);
	if ('duplicate' in header) return { ok: false, reason: 'duplicate_header' };
	if ('missing' in header) return { ok: false, reason: 'missing_timestamp' };
	return parseTimestamp(header.value);
}

export function parseTimestamp(text: string): TimestampRead {
	return TIMESTAMP.test(text) ? { ok: true, text, seconds: Number(text) } : { ok: false, reason: 'invalid_timestamp' };
}

/** A missing or nonsensical tolerance falls back to the default rather than to "no check". */
export function resolveTolerance(toleranceSeconds: number | undefined): number {
	return toleranceSeconds !== undefined && Number.isFinite(toleranceSeconds) && toleranceSeconds >= 0
		? toleranceSeconds
		: DEFAULT_TOLERANCE_SECONDS;
}

/** True when the timestamp is within the tolerance of now, in the past or in the future; a tolerance of 0
 * disables the check. A NaN anywhere makes the comparison false, so it fails closed. */
export function isFresh(seconds: number, nowMs: number, toleranceSeconds: number): boolean {
	if (toleranceSeconds === 0) return true;
	return Math.abs(Math.floor(nowMs / 1000) - seconds) <= toleranceSeconds;
}

/** The timestamp to sign with: the caller's (so tests and retries can pin it) or now, in Unix seconds. */
export function signingTimestamp(timestampSeconds: number | undefined): string {
	const seconds = timestampSeconds ?? Math.floor(Date.now() / 1000);
	if (!Number.isSafeInteger(seconds) || seconds < 0) {
		throw new RangeError(`The signing timestamp must be whole seconds ≥ 0, got ${seconds}`);
	}
	return String(seconds);
}

/** A fresh message id in the style Standard Webhooks senders use, for callers that bring none. */
export function newMessageId(): string {
	return `msg_${randomUUID().replaceAll('-', '')}`;
}

// ---- Signature encodings ------------------------------------------------------------------------------------

const HEX = /^(?:[0-9a-fA-F]{2})*$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const BASE64URL = /^(?:[A-Za-z0-9_-]{4})*(?:[A-Za-z0-9_-]{2}(?:==)?|[A-Za-z0-9_-]{3}=?)?$/;

/** Hex digits in either case, even length; anything else is undefined. */
export function decodeHex(text: string): Buffer | undefined {
	return HEX.test(text) ? Buffer.from(text, 'hex') : undefined;
}

/** Standard base64 with its padding, and only the canonical spelling: Buffer.from alone would skip
 * foreign characters and ignore stray bits, accepting many texts for one value. */
export function decodeStandardBase64(text: string): Buffer | undefined {
	if (!BASE64.test(text)) return undefined;
	const bytes = Buffer.from(text, 'base64');
	return bytes.toString('base64') === text ? bytes : undefined;
}

/** The URL-safe alphabet, padded or not, canonical only. */
function decodeBase64Url(text: string): Buffer | undefined {
	if (!BASE64URL.test(text)) return undefined;
	const bytes = Buffer.from(text, 'base64url');
	return bytes.toString('base64url') === text.replace(/=+$/, '') ? bytes : undefined;
}

/** Base64 signatures may use the standard or the URL-safe alphabet (some senders pick base64url), but not
 * a mix; the comparison is over the decoded bytes, so accepting both spellings widens nothing. */
export function decodeBase64Signature(text: string): Buffer | undefined {
	return decodeStandardBase64(text) ?? decodeBase64Url(text);
}

export function decodeSignature(text: string, encoding: SignatureEncoding): Buffer | undefined {
	return encoding === 'hex' ? decodeHex(text) : decodeBase64Signature(text);
}

// ---- Signed content -----------------------------------------------------------------------------------------

export const DEFAULT_SIGNED_CONTENT = '{body}';

export type Placeholder = 'body' | 'timestamp' | 'id';

export interface SignedValues {
	body: Buffer;
	timestamp?: string;
	id?: string;
}

/** Splits around the placeholders, keeping them (odd indices); any other brace text is literal. The first
 * release's editor named the id placeholder {ID}, so that spelling is accepted too. */
const PLACEHOLDER = /\{(body|timestamp|id|ID)\}/;

export function templateUses(template: string, placeholder: Placeholder): boolean {
	return template.includes(`{${placeholder}}`) || (placeholder === 'id' && template.includes('{ID}'));
}

/** What is wrong with a template, as the user can fix it: a placeholder in another spelling ({Body},
 * {TIMESTAMP}) would otherwise be signed literally and every request would fail with a signature mismatch. */
export function templateProblems(template: string): string[] {
	const problems: string[] = [];
	for (const [text, name] of template.matchAll(/\{([A-Za-z]+)\}/g)) {
		const meant = name.toLowerCase();
		if (!PLACEHOLDER.test(text) && (meant === 'body' || meant === 'timestamp' || meant === 'id')) {
			problems.push(`Signed Content uses ${text}: write {${meant}}`);
		}
	}
	return problems;
}

/** What is wrong with a template together with its timestamp header, for every scheme that takes both: a
 * {timestamp} with no header to read it from, or a header whose age check protects nothing because its value is
 * not signed. */
export function signedContentProblems(template: string, timestampHeader: string | undefined): string[] {
	const problems = templateProblems(template);
	const signsTimestamp = templateUses(template, 'timestamp');
	if (signsTimestamp && !timestampHeader) {
		problems.push('Signed Content uses {timestamp}: set Timestamp Header to the header the sender puts it in');
	}
	if (!signsTimestamp && timestampHeader) {
		problems.push(
			`Timestamp Header ${timestampHeader} is not part of Signed Content, so it gives no replay protection ` +
				'(a captured delivery replayed with a fresh timestamp would pass): add {timestamp} to Signed Content where ' +
				'the sender signs it, or clear Timestamp Header',
		);
	}
	return problems;
}

/** The signed bytes: literal parts and header values as UTF-8, the body as the exact bytes received. The
 * body is never turned into a string, which would replace invalid UTF-8 and change what was signed. */
export function buildSignedContent(template: string, values: SignedValues): Buffer {
	// The common case signs the body alone: no split, and no copy of a body that may be megabytes.
	if (template === DEFAULT_SIGNED_CONTENT) return values.body;
	const parts = template.split(PLACEHOLDER).map((part, index) => {
		if (index % 2 === 0) return Buffer.from(part, 'utf8');
		if (part === 'body') return values.body;
		const value = values[part === 'ID' ? 'id' : (part as 'timestamp' | 'id')];
		// Callers read every placeholder the template uses before building; reaching this is a bug.
		if (value === undefined) throw new Error(`The signed content needs {${part}} but it has no value`);
		return Buffer.from(value, 'utf8');
	});
	return Buffer.concat(parts);
}
