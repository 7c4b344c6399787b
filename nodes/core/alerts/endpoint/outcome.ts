import { BLOCKED_ADDRESS_CODE } from '../../delivery/guardedLookup';

/** How the answers of a Manage365-style alert endpoint read for a person: 202 with the alert's id, 400 invalid
 * alert, 401 refused token, 404 no such hook, and the failures any HTTP endpoint can have. */

export type EndpointFailureReason =
	| 'invalid_endpoint'
	| 'invalid_alert'
	| 'unauthorized'
	| 'not_found'
	| 'redirected'
	| 'refused'
	| 'server_error'
	| 'unreachable'
	| 'blocked_address'
	| 'no_alert_id';

export interface EndpointFailure {
	reason: EndpointFailureReason;
	/** One line that names the cause; never the token. */
	message: string;
	/** What to do about it. */
	description: string;
	status: number | null;
	/** What the endpoint said about the alert (its 400 details), bounded and without the token. */
	validation: string[];
}

const MAX_MESSAGES = 10;
const MAX_MESSAGE_LENGTH = 300;

function clean(text: string, token: string): string {
	let line = text.replace(/\s+/g, ' ').trim();
	if (token !== '') line = line.split(token).join('[redacted]');
	return line.length > MAX_MESSAGE_LENGTH ? `${line.slice(0, MAX_MESSAGE_LENGTH - 1)}…` : line;
}

function parseJson(body: string): unknown {
	try {
		return JSON.parse(body);
	} catch {
		return undefined;
	}
}

/** What the endpoint said: the `details` list of the Manage365 / Hookline 400, else its `error` or `message`,
 * else a short plain-text answer. An HTML error page says nothing useful and is left out. */
export function remoteMessages(body: string, token: string): string[] {
	const json = parseJson(body) as { details?: unknown; error?: unknown; message?: unknown } | undefined;
	let messages: string[] = [];
	if (json !== null && typeof json === 'object') {
		if (Array.isArray(json.details))
			messages = json.details.filter((detail): detail is string => typeof detail === 'string');
		else if (typeof json.message === 'string') messages = [json.message];
		else if (typeof json.error === 'string') messages = [json.error];
	} else if (json === undefined && body.trim() !== '' && !body.trimStart().startsWith('<')) {
		messages = [body];
	}
	return messages
		.slice(0, MAX_MESSAGES)
		.map((message) => clean(message, token))
		.filter((message) => message !== '');
}

/** The id a 2xx answer names, `{"ok":true,"alertId":"…"}`; undefined when it names none. */
export function acceptedAlertId(body: string): string | undefined {
	const json = parseJson(body) as { alertId?: unknown } | undefined;
	const alertId = json !== null && typeof json === 'object' ? json.alertId : undefined;
	if (typeof alertId === 'string' && alertId.trim() !== '') return alertId;
	return typeof alertId === 'number' ? String(alertId) : undefined;
}

const afterAttempts = (attempts: number) => (attempts > 1 ? ` after ${attempts} attempts` : '');

const CHECK_CREDENTIAL = 'Open the Hookline Alert Endpoint credential';

/** The failure a non-2xx status means. */
export function failureForStatus(status: number, body: string, token: string, attempts = 1): EndpointFailure {
	const validation = remoteMessages(body, token);
	const said = validation.length > 0 ? `: ${validation.join('; ')}` : '';
	const failure = (reason: EndpointFailureReason, message: string, description: string): EndpointFailure => ({
		reason,
		message,
		description,
		status,
		validation,
	});
	if (status === 400) {
		return failure(
			'invalid_alert',
			`The alert endpoint rejected the alert as invalid (400)${said}`,
			'Check that title and description are filled in, that severity and category are allowed values, and that customerTenantDomain is a domain the endpoint knows (an unknown domain is a 400 too).',
		);
	}
	if (status === 401 || status === 403) {
		return failure(
			'unauthorized',
			`The alert endpoint refused the token (${status})`,
			`The token is wrong, or the webhook it belongs to has been deleted. ${CHECK_CREDENTIAL} and paste the hook's current secret.`,
		);
	}
	if (status === 404) {
		return failure(
			'not_found',
			'No such alert endpoint (404): the hook in the URL does not exist or is disabled',
			`${CHECK_CREDENTIAL} and check its URL, and that the webhook is enabled at the other end.`,
		);
	}
	if (status >= 300 && status <= 399) {
		return failure(
			'redirected',
			`The alert endpoint answered with a redirect (${status}), which is not followed so that the token never goes elsewhere`,
			`${CHECK_CREDENTIAL} and enter the final URL of the hook.`,
		);
	}
	if (status === 408 || status === 429 || status >= 500) {
		return failure(
			'server_error',
			`The alert endpoint failed with HTTP ${status}${afterAttempts(attempts)}${said}`,
			'The endpoint did not accept the alert. It may be down or overloaded: try again later, or raise Max Attempts.',
		);
	}
	return failure(
		'refused',
		`The alert endpoint refused the alert with HTTP ${status}${said}`,
		'The endpoint does not answer as a Manage365-style alert endpoint does (202, 400, 401 or 404). Check the URL in the credential.',
	);
}

/** No answer at all: `error` is the transport's description (already free of header values), which starts
 * with its code. */
export function unreachable(error: string, token: string, attempts = 1): EndpointFailure {
	const blocked = error.startsWith(BLOCKED_ADDRESS_CODE);
	return {
		reason: blocked ? 'blocked_address' : 'unreachable',
		message: `Could not reach the alert endpoint${afterAttempts(attempts)}: ${clean(error, token)}`,
		description: blocked
			? 'The URL points to a loopback, private or other non-public address. If the endpoint is meant to be inside your network, turn on Allow Private Network Addresses in the Hookline Alert Endpoint credential.'
			: "Check the host and port of the credential's URL, and that this n8n can reach it (DNS, firewall, proxy, TLS).",
		status: null,
		validation: [],
	};
}

export function invalidEndpoint(message: string): EndpointFailure {
	return {
		reason: 'invalid_endpoint',
		message,
		description: `${CHECK_CREDENTIAL} and correct it.`,
		status: null,
		validation: [],
	};
}

/** A 2xx that names no alert: the request may have gone somewhere that is not an alert endpoint. */
export function noAlertId(status: number): EndpointFailure {
	return {
		reason: 'no_alert_id',
		message: `The endpoint answered HTTP ${status} but named no alertId`,
		description:
			'A Manage365-style alert endpoint answers 202 {"ok":true,"alertId":"…"}. Check that the URL in the credential is the hook\'s POST URL.',
		status,
		validation: [],
	};
}
