import type { InboundAlert } from '../../schemas/alert';

/** A remote Manage365-style alert endpoint: the hook's POST URL and its bearer secret. */
export interface AlertEndpoint {
	url: string;
	token: string;
}

export type EndpointCheck = { ok: true; url: string; token: string } | { ok: false; message: string };

/** Control characters cannot go into a header; node would refuse them with an error that is less clear. */
const hasControlCharacter = (text: string) =>
	[...text].some((char) => char.charCodeAt(0) < 0x20 || char.charCodeAt(0) === 0x7f);

/** The credential's values, checked before anything is sent. Both are trimmed: white space around a pasted
 * URL or token is a copy-and-paste accident, never part of the value. */
export function checkEndpoint(endpoint: AlertEndpoint): EndpointCheck {
	const url = endpoint.url.trim();
	const token = endpoint.token.trim();
	if (!URL.canParse(url)) return { ok: false, message: 'The alert endpoint URL in the credential is not a valid URL' };
	const parsed = new URL(url);
	if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
		return { ok: false, message: 'The alert endpoint URL in the credential must start with https:// (or http://)' };
	}
	// A password in the URL would travel beside the token and show wherever the URL is shown.
	if (parsed.username !== '' || parsed.password !== '') {
		return {
			ok: false,
			message: 'The alert endpoint URL must not contain a user name or password: the token goes in the Token field',
		};
	}
	if (token === '') return { ok: false, message: 'The alert endpoint credential has no token' };
	if (hasControlCharacter(token)) return { ok: false, message: 'The alert endpoint token contains control characters' };
	return { ok: true, url, token };
}

export function endpointHeaders(token: string): Record<string, string> {
	return {
		'Content-Type': 'application/json',
		Accept: 'application/json',
		Authorization: `Bearer ${token}`,
		'User-Agent': 'n8n-nodes-hookline',
	};
}

/** The Manage365 body: the fields that have a value, serialised once. Fields the alert does not use are left
 * out rather than sent as null, as the endpoint's documentation shows them. */
export function alertBody(alert: InboundAlert): Buffer {
	const body: Record<string, unknown> = {
		title: alert.title,
		description: alert.description,
		severity: alert.severity,
		category: alert.category,
	};
	if (alert.customerTenantId !== null) body.customerTenantId = alert.customerTenantId;
	if (alert.customerTenantDomain !== null) body.customerTenantDomain = alert.customerTenantDomain;
	if (alert.dedupeKey !== null) body.dedupeKey = alert.dedupeKey;
	if (Object.keys(alert.metadata).length > 0) body.metadata = alert.metadata;
	return Buffer.from(JSON.stringify(body), 'utf8');
}
