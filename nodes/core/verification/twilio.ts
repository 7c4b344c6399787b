/** Twilio's request validation (`X-Twilio-Signature`), computed exactly as Twilio's own validator does
 * (twilio-node, lib/webhooks/webhooks.js: validateRequest and validateRequestWithBody), so that a request is
 * accepted here if and only if Twilio's library would accept it. */
import { Buffer } from 'node:buffer';
import { createHash } from 'node:crypto';
import { parse as parseLegacyQuery, stringify as stringifyLegacyQuery } from 'node:querystring';

import { safeEqualString } from './constantTime';
import { computeHmac } from './hmac';
import { findMatchingSecret, type KeyCandidate } from './keys';
import { failure, success, type SecretLabel, type VerifyResult } from './outcomes';
import type { SignedRequest } from './types';
import { decodeStandardBase64, readRequiredHeader } from './wire';

const METHOD = 'twilio';
const HEADER = 'X-Twilio-Signature';
const BODY_HASH_PARAMETER = 'bodySHA256';
const SIGNATURE_LENGTH = 20;

/** The URL the way Twilio's validator builds it with the port written out: the explicit one, or 443 / 80.
 * Built by hand, like Twilio does, because URL's serialisation drops a default port. */
function withPort(url: URL): string {
	if (url.port) return url.toString();
	const port = url.protocol === 'https:' ? ':443' : ':80';
	const user = `${url.username}${url.password ? `:${url.password}` : ''}${url.username || url.password ? '@' : ''}`;
	return `${url.protocol}//${user}${url.host}${port}${url.pathname}${url.search}${url.hash}`;
}

function withoutPort(url: URL): string {
	const copy = new URL(url);
	copy.port = '';
	return copy.toString();
}

/** Twilio's back end has signed some URLs with the query re-encoded by Node's legacy querystring module (which
 * escapes characters URL leaves alone), so its validator also tries that spelling. */
function withLegacyQuery(text: string): string {
	const url = new URL(text);
	if (!url.search) return text;
	const query = parseLegacyQuery(url.search.slice(1));
	url.search = '';
	return `${url.toString()}?${stringifyLegacyQuery(query)}`;
}

/** Every spelling of the URL Twilio's validator accepts a signature over: with and without the port, each
 * with the query as URL writes it and as the legacy querystring module does. */
function urlSpellings(url: URL): string[] {
	const plain = [withoutPort(url), withPort(url)];
	return [...new Set([...plain, ...plain.map(withLegacyQuery)])];
}

/** Code-unit order, what Array.prototype.sort does without a comparator, and so what Twilio's validator uses. */
const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The form parameters as Twilio signs them: sorted by name, each name followed by its value; a repeated
 * name contributes each distinct value once, values sorted. They are read from the raw body, so what is
 * verified is exactly what was received. */
function signedParameters(body: Buffer): string {
	const values = new Map<string, string[]>();
	for (const [name, value] of new URLSearchParams(body.toString('utf8'))) {
		const list = values.get(name);
		if (list) list.push(value);
		else values.set(name, [value]);
	}
	let text = '';
	for (const name of [...values.keys()].sort(byCodeUnits)) {
		for (const value of [...new Set(values.get(name))].sort(byCodeUnits)) text += name + value;
	}
	return text;
}

function parseUrl(text: string | undefined): URL | undefined {
	if (!text || !URL.canParse(text)) return undefined;
	const url = new URL(text);
	return url.protocol === 'https:' || url.protocol === 'http:' ? url : undefined;
}

/** Verifies with the auth token (current and previous secrets, as UTF-8 keys). `url` is the public URL the
 * sender called, query included. When its query carries `bodySHA256` (Twilio's JSON and other non-form
 * bodies), the signature covers the URL alone and that parameter must be the hex SHA-256 of the raw body;
 * otherwise the raw body is read as application/x-www-form-urlencoded and its parameters are signed too. */
export function verifyTwilio(
	candidates: readonly KeyCandidate[],
	request: SignedRequest,
	url: string | undefined,
): VerifyResult {
	const header = readRequiredHeader(request.headers, HEADER);
	if (!header.ok) return failure(METHOD, header.reason);
	const signature = decodeStandardBase64(header.value);
	if (signature?.length !== SIGNATURE_LENGTH) return failure(METHOD, 'malformed_header');
	const parsed = parseUrl(url);
	if (!parsed) return failure(METHOD, 'missing_url');

	const bodyHash = parsed.searchParams.get(BODY_HASH_PARAMETER);
	const parameters = bodyHash === null ? signedParameters(request.body) : '';
	// Every spelling is tried with every secret, with no early exit; how many spellings there are is public.
	const matches = urlSpellings(parsed).map((spelling) =>
		findMatchingSecret(candidates, (key) => computeHmac('sha1', key, Buffer.from(spelling + parameters, 'utf8')), [
			signature,
		]),
	);
	const matched: SecretLabel | undefined = matches.includes('current')
		? 'current'
		: matches.includes('previous')
			? 'previous'
			: undefined;
	if (!matched) return failure(METHOD, 'signature_mismatch');
	if (bodyHash !== null) {
		const expected = createHash('sha256').update(request.body).digest('hex');
		if (!safeEqualString(bodyHash, expected)) return failure(METHOD, 'signature_mismatch');
	}
	return success(METHOD, matched);
}
