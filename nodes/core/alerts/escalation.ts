import { ALERT_SEVERITIES, type AlertSeverity } from '../schemas/alert';
import type { AlertService } from './alertService';
import type { AlertFilter, AlertItem, FiredEscalation } from './types';

/** One rung of the ladder: alerts of these severities still open `afterMinutes` after they were first seen. */
export interface EscalationLevel {
	name: string;
	afterMinutes: number;
	severities: AlertSeverity[];
}

export interface DueLevel {
	level: EscalationLevel;
	dueAt: string;
}

/** The item an escalation trigger emits: the alert and the level it reached. */
export type EscalatedAlert = AlertItem & { escalation: { level: string; afterMinutes: number; dueAt: string } };

/** A sensible ladder for a new node: critical alerts at once, then everyone at 15 and 30 minutes. */
export const DEFAULT_LEVELS: readonly EscalationLevel[] = [
	{ name: 'L1', afterMinutes: 0, severities: ['critical'] },
	{ name: 'L2', afterMinutes: 15, severities: ['high', 'critical'] },
	{ name: 'L3', afterMinutes: 30, severities: ['high', 'critical'] },
];

/** What is wrong with a ladder, said so the user can fix it; the trigger refuses to activate with any. A level is
 * known by its name (what the alert records as fired), so names must be unique. */
export function levelProblems(levels: readonly EscalationLevel[]): string[] {
	const problems: string[] = [];
	if (levels.length === 0) problems.push('Add at least one level');
	const seen = new Set<string>();
	for (const [index, level] of levels.entries()) {
		const label = level.name.trim() ? `Level "${level.name}"` : `Level ${index + 1}`;
		if (!level.name.trim()) problems.push(`${label} needs a name`);
		else if (seen.has(level.name)) problems.push(`${label} is named twice: each level needs its own name`);
		seen.add(level.name);
		if (!Number.isFinite(level.afterMinutes) || level.afterMinutes < 0) {
			problems.push(`${label}: After (Minutes) must be 0 or more, not ${level.afterMinutes}`);
		}
		if (level.severities.length === 0) problems.push(`${label}: choose at least one severity`);
		for (const severity of level.severities) {
			if (!(ALERT_SEVERITIES as readonly string[]).includes(severity)) {
				problems.push(`${label}: "${severity}" is not a severity`);
			}
		}
	}
	return problems;
}

/** The levels an alert has reached and not yet fired, earliest first. Only an open alert escalates: acknowledging
 * or resolving it stops the ladder. A level renamed while alerts are open is a new level to them. */
export function dueLevels(alert: AlertItem, levels: readonly EscalationLevel[], nowMs: number): DueLevel[] {
	if (alert.status !== 'open') return [];
	const firstSeenMs = Date.parse(alert.firstSeenAt);
	if (!Number.isFinite(firstSeenMs)) return [];
	const fired = new Set((alert.escalations ?? []).map((escalation) => escalation.level));
	return levels
		.filter((level) => level.severities.includes(alert.severity) && !fired.has(level.name))
		.map((level) => ({ level, dueMs: firstSeenMs + level.afterMinutes * 60_000 }))
		.filter(({ dueMs }) => dueMs <= nowMs)
		.sort((a, b) => a.dueMs - b.dueMs || a.level.name.localeCompare(b.level.name))
		.map(({ level, dueMs }) => ({ level, dueAt: new Date(dueMs).toISOString() }));
}

/**
 * One poll: every open alert of the namespace (optionally of a tenant or category) that has reached a level it has
 * not fired, claimed in the store before it is returned. Of several pollers (a restarted n8n, two mains on one
 * Redis) only the one whose claim wins returns a level, so each fires once; a poll that comes late returns every
 * level passed meanwhile, in order, so none is skipped.
 */
export async function escalateDue(
	alerts: AlertService,
	namespace: string,
	levels: readonly EscalationLevel[],
	options: { nowMs: number; filter?: Pick<AlertFilter, 'customerTenantId'> & { category?: string } },
): Promise<EscalatedAlert[]> {
	const open = await alerts.list(namespace, { status: 'open', customerTenantId: options.filter?.customerTenantId });
	const category = options.filter?.category;
	const escalated: EscalatedAlert[] = [];
	const firedAt = new Date(options.nowMs).toISOString();
	for (const alert of open.reverse()) {
		if (category !== undefined && alert.category !== category) continue;
		for (const { level, dueAt } of dueLevels(alert, levels, options.nowMs)) {
			const fired: FiredEscalation = { level: level.name, afterMinutes: level.afterMinutes, dueAt, firedAt };
			if (!(await alerts.claimEscalation(namespace, alert.alertId, fired))) continue;
			escalated.push({
				...alert,
				escalations: [...(alert.escalations ?? []), fired],
				escalation: { level: level.name, afterMinutes: level.afterMinutes, dueAt },
			});
		}
	}
	return escalated;
}
