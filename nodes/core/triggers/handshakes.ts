/** The senders' URL-verification handshakes, which the trigger answers itself: they start no execution. */
import { Buffer } from 'node:buffer';

import { computeHmac, safeEqualString } from '../verification';

export interface HandshakeRequest {
	method: string;
	/** As n8n's query parser left it. */
	query: Record<string, unknown>;
	/** As n8n parsed it. */
	body: unknown;
}

/** The exact reply: `body` is the bytes to send, JSON already serialised once. */
export interface HandshakeReply {
	status: number;
	contentType: 'application/json' | 'text/plain';
	body: string;
}

/** Presets whose sender handshakes with GET whatever method its deliveries use, so the trigger must answer GET
 * for them even when `httpMethod` says otherwise. */
export const HANDSHAKE_GET_PRESETS: readonly string[] = ['meta', 'microsoftGraph'];

/** Longest validation token echoed back. Graph's tokens are far shorter; the echo is unauthenticated, so a
 * cap keeps the endpoint from reflecting whatever a stranger sends it. */
export const MAX_VALIDATION_TOKEN_LENGTH = 1024;

const json = (status: number, value: Record<string, unknown>): HandshakeReply => ({
	status,
	contentType: 'application/json',
	body: JSON.stringify(value),
});

const text = (body: string): HandshakeReply => ({ status: 200, contentType: 'text/plain', body });

const FORBIDDEN = json(403, { ok: false, error: 'forbidden' });

const invalid = (detail: string) => json(400, { ok: false, error: 'invalid_payload', details: [detail] });

const isRecord = (value: unknown): value is Record<string, unknown> =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

const isToken = (value: unknown): value is string => typeof value === 'string' && value !== '';

/** A `hub.*` parameter, read from either shape a query parser gives it: the flat key `hub.mode` (qs by
 * default) or `{ hub: { mode } }` (qs with dots allowed). It must occur once as a string; a repeated or
 * doubly spelled parameter counts as absent, so no one picks which copy is read. */
function hubParameter(query: Record<string, unknown>, name: string): string | undefined {
	const nested = isRecord(query.hub) ? query.hub[name] : undefined;
	const values = [query[`hub.${name}`], nested].filter((value) => value !== undefined);
	return values.length === 1 && typeof values[0] === 'string' ? values[0] : undefined;
}

/** Meta's subscription check: a GET echoing `hub.challenge` only to a caller that knows the verify token.
 * Meta sends every event by POST, so any other GET is no delivery either, and is refused in the same words. */
function metaSubscription(query: Record<string, unknown>, verifyToken: string | undefined): HandshakeReply {
	const challenge = hubParameter(query, 'challenge');
	const token = hubParameter(query, 'verify_token');
	if (hubParameter(query, 'mode') !== 'subscribe' || challenge === undefined || token === undefined) return FORBIDDEN;
	// An unset token must never match, not even an empty `hub.verify_token`.
	if (!verifyToken || !safeEqualString(token, verifyToken)) return FORBIDDEN;
	return text(challenge);
}

/** Microsoft Graph's notification URL validation: `validationToken` echoed as plain text, decoded as the query
 * parser decoded it. Graph sends notifications only by POST, so a GET without the token is refused. */
function graphValidation(method: string, query: Record<string, unknown>): HandshakeReply | undefined {
	if (method !== 'GET' && method !== 'POST') return undefined;
	const token = query.validationToken;
	if (token === undefined) return method === 'GET' ? FORBIDDEN : undefined;
	if (typeof token !== 'string') return invalid('validationToken must occur once, as text');
	if (token.length > MAX_VALIDATION_TOKEN_LENGTH) {
		return invalid(`validationToken is longer than ${MAX_VALIDATION_TOKEN_LENGTH} characters`);
	}
	return text(token);
}

/**
 * Handshakes that carry no signature, answered before verification; undefined when the request is none (it
 * is then verified as a delivery). `verifyToken` is the credential's optional Meta verify token.
 */
export function handshakeBeforeVerification(
	preset: string,
	request: HandshakeRequest,
	verifyToken: string | undefined,
): HandshakeReply | undefined {
	const method = request.method.toUpperCase();
	switch (preset) {
		case 'meta':
			return method === 'GET' ? metaSubscription(request.query, verifyToken) : undefined;
		case 'microsoftGraph':
			return graphValidation(method, request.query);
		default:
			return undefined;
	}
}

/**
 * Handshakes the sender signs like any delivery, answered once the signature has been verified; undefined
 * when the body is none (then it is an ordinary delivery). `secret` is the secret that verified the request,
 * so during a rotation Zoom's token is answered with the key it signed with.
 */
export function handshakeAfterVerification(
	preset: string,
	request: HandshakeRequest,
	secret: string,
): HandshakeReply | undefined {
	const { body } = request;
	if (!isRecord(body)) return undefined;
	switch (preset) {
		case 'slack':
			return body.type === 'url_verification' && isToken(body.challenge)
				? json(200, { challenge: body.challenge })
				: undefined;
		case 'zoom': {
			const plainToken = isRecord(body.payload) ? body.payload.plainToken : undefined;
			if (body.event !== 'endpoint.url_validation' || !isToken(plainToken)) return undefined;
			const mac = computeHmac('sha256', Buffer.from(secret, 'utf8'), Buffer.from(plainToken, 'utf8'));
			return json(200, { plainToken, encryptedToken: mac.toString('hex') });
		}
		case 'discord':
			return body.type === 1 ? json(200, { type: 1 }) : undefined;
		default:
			return undefined;
	}
}
