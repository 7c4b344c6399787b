import { answerFor, isAllowedIp, type HttpAnswer, type InboundDecision, type IpAllowlist } from '../triggers';
import { ALERT_LIMITS, parseInboundAlert, type TenantEntry } from '../schemas/alert';
import { FAILURE_MESSAGES, verifySignature, type HeaderBag, type Secrets } from '../verification';
import { StoreFullError } from '../stores';
import type { AlertService } from './alertService';
import { senderOf } from './keys';
import type { AlertItem } from './types';

export interface AlertTriggerConfig {
	secrets: Secrets;
	/** Undefined: any caller. */
	allowedIps?: IpAllowlist;
	/** The node's domain → tenant id table. */
	tenants: readonly TenantEntry[];
	namespace: string;
	/** The credential that verifies this trigger's requests: in the default namespace its alerts dedupe only
	 * with its own (see keys.senderOf). */
	credentialId: string;
}

export interface AlertTriggerRequest {
	headers: HeaderBag;
	/** The body as n8n parsed it. */
	body: unknown;
	/** The size of the body as received. */
	bodyBytes: number;
	nowMs: number;
	/** The caller's address as n8n trusts it. */
	clientIp?: string;
}

export type AlertRejection = Extract<InboundDecision, { outcome: 'rejected' }>;

export type AlertDecision = { outcome: 'accepted'; alert: AlertItem; isNew: boolean } | AlertRejection;

/** The field names of schema problems, e.g. "title, severity": what failed, without quoting the sender. */
function fieldsOf(details: string[]): string {
	return [...new Set(details.map((detail) => detail.split(':')[0]))].join(', ');
}

/** Everything the alert trigger decides: the caller's address, the bearer token (nothing is touched for a caller without it), the
 * body's size (so no oversized body is validated or stored), the Manage365 body and its tenant, then the
 * raise. A store that fails answers 503 so the sender retries. */
export async function decideAlert(
	config: AlertTriggerConfig,
	request: AlertTriggerRequest,
	alerts: AlertService,
): Promise<AlertDecision> {
	if (config.allowedIps && !isAllowedIp(config.allowedIps, request.clientIp)) {
		return { outcome: 'rejected', reason: 'forbidden', detail: "The caller's address is not in Allowed IPs" };
	}
	const verification = verifySignature(
		{ method: 'bearer' },
		{ rawBody: undefined, headers: request.headers, secrets: config.secrets, nowMs: request.nowMs },
	);
	if (!verification.ok) {
		return { outcome: 'rejected', reason: 'unauthorized', detail: FAILURE_MESSAGES[verification.reason] };
	}
	if (request.bodyBytes > ALERT_LIMITS.bodyBytes) {
		return {
			outcome: 'rejected',
			reason: 'payload_too_large',
			detail: `The alert body is ${request.bodyBytes} bytes; at most ${ALERT_LIMITS.bodyBytes} are accepted`,
		};
	}
	const parsed = parseInboundAlert(request.body, config.tenants);
	if (!parsed.ok) {
		return {
			outcome: 'rejected',
			reason: 'invalid_payload',
			detail: `Invalid alert: ${fieldsOf(parsed.details)}`,
			details: parsed.details,
		};
	}
	try {
		const { alert, isNew } = await alerts.raise(config.namespace, parsed.alert, {
			sender: senderOf(config.namespace, config.credentialId),
		});
		return { outcome: 'accepted', alert, isNew };
	} catch (error) {
		const name = error instanceof Error ? error.name : 'store';
		const message = error instanceof Error ? error.message : String(error);
		return {
			outcome: 'rejected',
			reason: 'store_unavailable',
			detail: `The ${name} could not record the alert: ${message}`,
			...(error instanceof StoreFullError ? { retryAfterSeconds: error.retryAfterSeconds } : {}),
		};
	}
}

/** The Manage365 answer: `{"ok":true,"alertId":"…"}` (the same id for a repeat), else the triggers' errors. */
export function answerForAlert(decision: AlertDecision, acceptedStatus: number): HttpAnswer {
	if (decision.outcome === 'rejected') return answerFor(decision, acceptedStatus);
	return { status: acceptedStatus, headers: {}, body: { ok: true, alertId: decision.alert.alertId } };
}
