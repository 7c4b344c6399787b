import type { InboundDecision } from './types';

/** Why a request was refused, as both triggers' Rejected output records it. Never the body: an unauthenticated
 * body is attacker-chosen content. */
/** The outcomes the Rejected output records: refusals and duplicates. A handshake or an ignored delivery is the
 * sender's expected answer, not a refusal. */
export type RecordedRefusal = Extract<InboundDecision, { outcome: 'rejected' | 'duplicate' }>;

export const isRecordedRefusal = (decision: InboundDecision): decision is RecordedRefusal =>
	decision.outcome === 'rejected' || decision.outcome === 'duplicate';

export function rejectionRecord(decision: RecordedRefusal): Record<string, unknown> {
	if (decision.outcome === 'duplicate') {
		return { reason: 'duplicate', deliveryId: decision.deliveryId, idempotencyKey: decision.idempotencyKey };
	}
	const record: Record<string, unknown> = { reason: decision.reason, detail: decision.detail };
	if (decision.details) record.details = decision.details;
	return record;
}
