import { verificationProblems, type VerificationConfig } from '../verification';

export interface TriggerSettings {
	verification: VerificationConfig;
	rateLimitPerMinute: number;
	idempotencyWindowSeconds: number;
}

/** Every setting a trigger must refuse at activation, each said as what to change. Without this check a
 * fractional rate limit made every request fail as "store unavailable", and an unsigned timestamp header looked
 * like replay protection. */
export function triggerConfigProblems(settings: TriggerSettings): string[] {
	const problems = verificationProblems(settings.verification);
	const { rateLimitPerMinute, idempotencyWindowSeconds } = settings;
	if (!Number.isInteger(rateLimitPerMinute) || rateLimitPerMinute < 0) {
		problems.push(`Rate Limit (per Minute) must be a whole number of 0 or more (0 is off), not ${rateLimitPerMinute}`);
	}
	if (!Number.isFinite(idempotencyWindowSeconds) || idempotencyWindowSeconds <= 0) {
		problems.push(`Idempotency Window (Seconds) must be a positive number of seconds, not ${idempotencyWindowSeconds}`);
	}
	return problems;
}
