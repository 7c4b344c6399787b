import type { InboundDecision } from './types';

/** Why a request was refused, as both triggers' Rejected output records it. Never the body: an unauthenticated
 * body is attacker-chosen content. */
export function rejectionRecord(decision: Exclude<InboundDecision, { outcome: 'accepted' }>): Record<string, unknown> {
	if (decision.outcome === 'duplicate') {
		return { reason: 'duplicate', deliveryId: decision.deliveryId, idempotencyKey: decision.idempotencyKey };
	}
	const record: Record<string, unknown> = { reason: decision.reason, detail: decision.detail };
	if (decision.details) record.details = decision.details;
	return record;
}
