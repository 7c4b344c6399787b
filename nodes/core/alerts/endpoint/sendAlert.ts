import { randomUUID } from 'node:crypto';

import { deliver } from '../../delivery/engine';
import type { AttemptRecord, HttpFunction } from '../../delivery/types';
import type { InboundAlert } from '../../schemas/alert';
import { alertBody, checkEndpoint, endpointHeaders, type AlertEndpoint } from './endpoint';
import {
	acceptedAlertId,
	failureForStatus,
	invalidEndpoint,
	noAlertId,
	unreachable,
	type EndpointFailure,
} from './outcome';

export interface SendAlertOptions {
	http: HttpFunction;
	timeoutMs: number;
	maxAttempts: number;
	sleep?: (ms: number) => Promise<void>;
	random?: () => number;
}

export type SendAlertResult =
	| { ok: true; alertId: string; status: number; attempts: AttemptRecord[] }
	| ({ ok: false; attempts: AttemptRecord[] } & EndpointFailure);

/** Attempt errors already have the whole Authorization value blanked; the bare token is blanked as well. */
function withoutToken(attempts: AttemptRecord[], token: string): AttemptRecord[] {
	return attempts.map((attempt) => ({ ...attempt, error: attempt.error?.split(token).join('[redacted]') ?? null }));
}

/**
 * POSTs an alert to a Manage365-style endpoint with its bearer token, through the delivery engine that every
 * Hookline send uses: network errors, timeouts, 408, 429 and 5xx are retried with backoff, other answers are
 * final, redirects are never followed (the token must not reach another host). Failures are results that name
 * their cause; only invalid options throw.
 */
export async function sendAlert(
	endpoint: AlertEndpoint,
	alert: InboundAlert,
	options: SendAlertOptions,
): Promise<SendAlertResult> {
	const checked = checkEndpoint(endpoint);
	if (!checked.ok) return { ok: false, attempts: [], ...invalidEndpoint(checked.message) };
	const { url, token } = checked;
	const record = await deliver(
		{
			url,
			body: alertBody(alert),
			headers: endpointHeaders(token),
			eventId: randomUUID(),
			timeoutMs: options.timeoutMs,
		},
		{ http: options.http, policy: { maxAttempts: options.maxAttempts }, sleep: options.sleep, random: options.random },
	);
	const attempts = withoutToken(record.attempts, token);
	if (record.status === null) {
		return { ok: false, attempts, ...unreachable(attempts.at(-1)?.error ?? 'no answer', token, attempts.length) };
	}
	if (!record.delivered) {
		return { ok: false, attempts, ...failureForStatus(record.status, record.responseBody, token, attempts.length) };
	}
	const alertId = acceptedAlertId(record.responseBody);
	if (alertId === undefined) return { ok: false, attempts, ...noAlertId(record.status) };
	return { ok: true, alertId, status: record.status, attempts };
}
