import { z } from 'zod';

import { alertRecordSchema, type AlertStatus } from '../schemas/alert';
import { isEscalationField, type AlertField } from './keys';
import type { AlertItem, FiredEscalation } from './types';

/** The content as stored: the record without its status, which lives in flags that only ever move forward
 * (open → acknowledged → resolved), so that refreshing a flag can never undo a later transition. Its
 * `occurrences` is a snapshot; the counter is the truth while it lives. `sender` names the sender whose own
 * dedupe key holds the alert (see keys.senderOf), so that acknowledging and resolving reach that key too; it is
 * not part of the item. */
export const storedAlertSchema = alertRecordSchema
	.omit({ status: true })
	.extend({ sender: z.string().min(1).optional() });
export type StoredAlert = z.infer<typeof storedAlertSchema>;

/** The raw values of one alert's keys, as get() or scan() found them. */
export type AlertFields = Partial<Record<AlertField, string>>;

export interface AlertState {
	stored: StoredAlert;
	status: AlertStatus;
	/** Occurrences counted before the counter's current window (0 until a counter ran out). */
	base: number;
	occurrences: number;
	/** Levels fired so far, by due time. */
	escalations: FiredEscalation[];
}

const firedEscalationSchema = z.object({
	level: z.string().min(1),
	afterMinutes: z.number().min(0),
	dueAt: z.string(),
	firedAt: z.string(),
});

/** The escalation fields among an alert's: foreign or broken values are skipped, not trusted. */
function readEscalations(fields: AlertFields): FiredEscalation[] {
	const fired: FiredEscalation[] = [];
	for (const [field, value] of Object.entries(fields)) {
		if (!isEscalationField(field) || value === undefined) continue;
		try {
			const parsed = firedEscalationSchema.safeParse(JSON.parse(value));
			if (parsed.success) fired.push(parsed.data);
		} catch {
			continue;
		}
	}
	return fired.sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.level.localeCompare(b.level));
}

const toCount = (value: string | undefined) => {
	const count = Number(value);
	return Number.isSafeInteger(count) && count > 0 ? count : 0;
};

/** The alert these keys describe; undefined when its content is missing or not an alert (a foreign value). */
export function readAlertState(fields: AlertFields): AlertState | undefined {
	if (fields.record === undefined) return undefined;
	let json: unknown;
	try {
		json = JSON.parse(fields.record);
	} catch {
		return undefined;
	}
	const parsed = storedAlertSchema.safeParse(json);
	if (!parsed.success) return undefined;
	const stored = parsed.data;
	const base = toCount(fields.base);
	// Without a live counter the snapshot is the best count there is.
	const counted = fields.count === undefined ? base : base + toCount(fields.count);
	const status = fields.resolved !== undefined ? 'resolved' : fields.ack !== undefined ? 'acknowledged' : 'open';
	return {
		stored,
		status,
		base,
		occurrences: Math.max(stored.occurrences, counted),
		escalations: readEscalations(fields),
	};
}

/** The output item, fields in the order of the design. */
export function toAlertItem(state: AlertState, isNew: boolean): AlertItem {
	const { stored } = state;
	return {
		alertId: stored.alertId,
		status: state.status,
		title: stored.title,
		description: stored.description,
		severity: stored.severity,
		category: stored.category,
		customerTenantId: stored.customerTenantId,
		customerTenantDomain: stored.customerTenantDomain,
		dedupeKey: stored.dedupeKey,
		metadata: stored.metadata,
		occurrences: state.occurrences,
		firstSeenAt: stored.firstSeenAt,
		lastSeenAt: stored.lastSeenAt,
		isNew,
		...(state.escalations.length > 0 ? { escalations: state.escalations } : {}),
	};
}
