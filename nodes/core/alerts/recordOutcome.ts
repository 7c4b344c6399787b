import { StoreFullError } from '../stores';
import type { AlertDecision } from './decideAlert';
import type { HookHealth, HookHealthRecord } from './hookHealth';

/** Records a request's outcome in the hook's health and returns the health after it, or null when the store
 * cannot keep it: health is a diagnostic, and a store that fails (the 503 case) must not turn an answer
 * already given into an error. A full store still reads, and its health then says it is full: that is the
 * record worth having. The failure line names the reason and what failed, never the body. */
export async function recordOutcome(
	health: HookHealth,
	scope: string,
	decision: AlertDecision,
): Promise<HookHealthRecord | null> {
	try {
		if (decision.outcome === 'accepted') await health.recordSuccess(scope);
		else await health.recordFailure(scope, `${decision.reason}: ${decision.detail}`);
	} catch (error) {
		if (!(error instanceof StoreFullError)) return null;
	}
	try {
		return await health.readHealth(scope);
	} catch {
		return null;
	}
}
