import type { AlertRecord, AlertStatus, InboundAlert } from '../schemas/alert';

/** An escalation level that fired for an alert: once, whichever poller claimed it. */
export interface FiredEscalation {
	level: string;
	afterMinutes: number;
	/** firstSeenAt + afterMinutes. */
	dueAt: string;
	firedAt: string;
}

/** An alert as the nodes output it: the stored record plus whether this call opened it, and the escalation levels
 * fired so far (present once one has). */
export type AlertItem = AlertRecord & { isNew: boolean; escalations?: FiredEscalation[] };

/** What raise() takes: an alert already validated (e.g. by parseInboundAlert); missing fields take the contract's
 * defaults. */
export type AlertInput = Pick<InboundAlert, 'title' | 'description'> &
	Partial<Omit<InboundAlert, 'title' | 'description'>>;

export interface RaiseResult {
	alert: AlertItem;
	isNew: boolean;
}

export interface RaiseOptions {
	/** The sender whose own dedupe key the raise claims (see keys.senderOf); without one, the namespace's. */
	sender?: string;
}

export interface AlertFilter {
	status?: AlertStatus;
	severity?: InboundAlert['severity'];
	customerTenantId?: string;
	/** Compared as the schema stores domains: case-insensitive, without a trailing dot. */
	customerTenantDomain?: string;
}

export interface AlertServiceOptions {
	/** How long every key of an alert lives after its last activity (default 30 days). */
	retentionMs?: number;
	now?: () => number;
	newId?: () => string;
}
