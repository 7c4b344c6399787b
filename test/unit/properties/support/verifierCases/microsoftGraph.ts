/** Cases for Microsoft Graph change notifications: `{ "value": [ … ] }`, each notification carrying the clientState
 * its subscription was created with. Graph signs nothing else, so every notification must carry one of the secrets
 * (https://learn.microsoft.com/en-us/graph/change-notifications-delivery-webhooks). Notifications of several
 * subscriptions arrive batched; during a rotation some carry the previous secret. */
import { Buffer } from 'node:buffer';

import fc from 'fast-check';

import type { SecretLabel, Secrets, VerificationConfig } from '../../../../../nodes/core/verification';
import { chance, draw, int, pick, type G } from '../wire';
import { accept, refuse, type Case, type Expect } from './case';
import { tokenArb } from './secrets';

const notificationArb = fc.record({
	subscriptionId: fc.uuid(),
	changeType: fc.constantFrom('created', 'updated', 'deleted'),
	resource: fc.string({ maxLength: 30 }),
	tenantId: fc.uuid(),
	resourceData: fc.jsonValue({ maxDepth: 2 }),
});

/** The label a batch verifies under: 'previous' when any notification used only the previous secret. */
function labelOf(states: readonly string[], secrets: Secrets): SecretLabel | undefined {
	let usedPrevious = false;
	for (const state of states) {
		if (state === secrets.current) continue;
		if (secrets.previous && state === secrets.previous) usedPrevious = true;
		else return undefined;
	}
	return usedPrevious ? 'previous' : 'current';
}

export function microsoftGraphCase(g: G, config: VerificationConfig = { method: 'microsoftGraph' }): Case {
	const current = draw(g, tokenArb);
	const previous = chance(g, 40) ? draw(g, tokenArb) : undefined;
	const secrets: Secrets = previous ? { current, previous } : { current };
	const count = int(g, 1, 4);
	const notifications: Array<Record<string, unknown>> = Array.from({ length: count }, () => ({
		...draw(g, notificationArb),
		clientState: previous && chance(g, 30) ? previous : current,
	}));
	let value: unknown = notifications;
	let root: unknown = { value };
	const steps = [`notifications:${count}`, previous ? 'rotation' : 'current'];
	let expect: Expect | undefined;

	if (chance(g, 50)) {
		const kind = pick(g, [
			'wrongState',
			'changedState',
			'missingState',
			'nonString',
			'emptyState',
			'noValue',
			'emptyValue',
			'notAList',
			'notAnObject',
			'noSecret',
		] as const);
		steps.push(kind);
		const at = int(g, 0, count - 1);
		switch (kind) {
			case 'wrongState':
				notifications[at].clientState = draw(g, tokenArb);
				break;
			case 'changedState': {
				const state = String(notifications[at].clientState);
				notifications[at].clientState = pick(g, [state.toUpperCase(), `${state} `, state.slice(1), `${state}${state}`]);
				break;
			}
			case 'missingState':
				delete notifications[at].clientState;
				expect = refuse('malformed_body');
				break;
			case 'nonString':
				notifications[at].clientState = pick(g, [null, 1, true, [current], { current }]);
				expect = refuse('malformed_body');
				break;
			case 'emptyState':
				notifications[at].clientState = '';
				expect = refuse('malformed_body');
				break;
			case 'noValue':
				root = { notifications };
				expect = refuse('malformed_body');
				break;
			case 'emptyValue':
				value = [];
				root = { value };
				expect = refuse('malformed_body');
				break;
			case 'notAList':
				value = notifications[0];
				root = { value };
				expect = refuse('malformed_body');
				break;
			case 'notAnObject':
				root = pick(g, [notifications, 'text', 1, null]);
				expect = refuse('malformed_body');
				break;
			case 'noSecret':
				secrets.current = '';
				expect = refuse('missing_secret');
				break;
		}
	}
	if (!expect) {
		const states = notifications.map((notification) => notification.clientState);
		// A clientState that is not a non-empty string is no notification of Graph's at all.
		const wellFormed = states.every((state) => typeof state === 'string' && state !== '');
		const label = wellFormed ? labelOf(states as string[], secrets) : undefined;
		expect = label ? accept(label) : refuse(wellFormed ? 'signature_mismatch' : 'malformed_body');
	}
	// n8n hands the trigger the parsed body; Hookline Verify may have only the raw text.
	const raw = Buffer.from(JSON.stringify(root), 'utf8');
	const parsed = chance(g, 80);
	steps.push(parsed ? 'parsed' : 'raw');
	return {
		steps,
		config,
		input: { rawBody: raw, headers: {}, secrets, nowMs: Date.now(), ...(parsed ? { body: root } : {}) },
		expect,
	};
}
