/** Microsoft Graph change notifications: each notification in `value` carries the `clientState` given when the
 * subscription was created, and that is the only proof of origin Graph offers for plain notifications
 * (https://learn.microsoft.com/en-us/graph/change-notifications-delivery-webhooks). The validationToken
 * handshake is answered elsewhere. */
import { Buffer } from 'node:buffer';

import { safeEqualString } from './constantTime';
import { failure, success, type VerifyResult } from './outcomes';
import type { Secrets } from './types';

const METHOD = 'microsoftGraph';

type Notification = Record<string, unknown>;

const isObject = (value: unknown): value is Notification =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

/** The notifications of a `{ value: [ … ] }` body, or undefined when the body is not that. */
function notificationsOf(body: unknown): Notification[] | undefined {
	if (!isObject(body) || !Array.isArray(body.value)) return undefined;
	const notifications: unknown[] = body.value;
	return notifications.every(isObject) ? notifications : undefined;
}

/** The body as parsed by the caller, else the raw bytes as JSON. */
function readBody(body: unknown, rawBody: Buffer | undefined): { ok: true; body: unknown } | { ok: false } {
	if (body !== undefined) return { ok: true, body };
	if (!Buffer.isBuffer(rawBody)) return { ok: false };
	try {
		return { ok: true, body: JSON.parse(rawBody.toString('utf8')) };
	} catch {
		return { ok: true, body: undefined };
	}
}

/** Every notification must carry a clientState equal to one of the secrets. Each may match either: Graph
 * batches the notifications of every subscription posting to one URL, and during a rotation subscriptions made
 * with the previous secret live beside renewed ones. The answer is 'previous' when any notification used the
 * previous secret, so that the old secret is seen to be still in use. Every clientState is compared with both
 * secrets through fixed-size digests with no early exit; only the number of notifications shows in timing. */
export function verifyMicrosoftGraph(secrets: Secrets, body: unknown, rawBody: Buffer | undefined): VerifyResult {
	const read = readBody(body, rawBody);
	if (!read.ok) return failure(METHOD, 'missing_raw_body');
	const notifications = notificationsOf(read.body);
	if (!notifications?.length) return failure(METHOD, 'malformed_body');
	const states = notifications.map((notification) => notification.clientState);
	if (!states.every((state): state is string => typeof state === 'string' && state !== '')) {
		return failure(METHOD, 'malformed_body');
	}
	let allMatch = true;
	let usedPrevious = false;
	for (const state of states) {
		const current = safeEqualString(state, secrets.current);
		const previous = secrets.previous ? safeEqualString(state, secrets.previous) : false;
		allMatch = (current || previous) && allMatch;
		usedPrevious = (previous && !current) || usedPrevious;
	}
	if (!allMatch) return failure(METHOD, 'signature_mismatch');
	return success(METHOD, usedPrevious ? 'previous' : 'current');
}

/** A copy of the body with clientState removed from every notification: it is the secret itself and must not
 * reach the item. Everything else is shared with the original, which is left untouched. */
export function withoutClientState(body: unknown): unknown {
	if (!isObject(body) || !Array.isArray(body.value)) return body;
	const notifications: unknown[] = body.value;
	return {
		...body,
		value: notifications.map((notification) => {
			if (!isObject(notification)) return notification;
			const copy = { ...notification };
			delete copy.clientState;
			return copy;
		}),
	};
}
