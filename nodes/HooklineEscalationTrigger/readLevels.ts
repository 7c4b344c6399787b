import type { IPollFunctions } from 'n8n-workflow';

import type { EscalationLevel } from '../core/alerts';
import type { AlertSeverity } from '../core/schemas/alert';

interface LevelParameters {
	level?: Array<{ name?: unknown; afterMinutes?: unknown; severities?: unknown }>;
}

/** The Levels collection as the core's ladder; the core's levelProblems says what is wrong with it. */
export function readLevels(ctx: Pick<IPollFunctions, 'getNodeParameter'>): EscalationLevel[] {
	const { level = [] } = ctx.getNodeParameter('levels', {}) as LevelParameters;
	return level.map((entry) => ({
		name: String(entry.name ?? '').trim(),
		afterMinutes: Number(entry.afterMinutes ?? 0),
		severities: Array.isArray(entry.severities) ? (entry.severities as AlertSeverity[]) : [],
	}));
}
