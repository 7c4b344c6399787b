/** Alert state and hook health over a HooklineStore, and the alert trigger's decision: pure core, no n8n imports. */
export type {
	AlertFilter,
	AlertInput,
	AlertItem,
	AlertServiceOptions,
	FiredEscalation,
	RaiseOptions,
	RaiseResult,
} from './types';
export { AlertService } from './alertService';
export {
	parseDedupeScope,
	parseMetadata,
	parseRaisedAlert,
	type DedupeScope,
	type DedupeScopeFields,
} from './alertInput';
export { normaliseNamespace, senderOf } from './keys';
export { HookHealth, type FailureTally, type HookHealthOptions, type HookHealthRecord } from './hookHealth';
export {
	answerForAlert,
	decideAlert,
	type AlertDecision,
	type AlertRejection,
	type AlertTriggerConfig,
	type AlertTriggerRequest,
} from './decideAlert';
export { recordOutcome } from './recordOutcome';
export {
	DEFAULT_LEVELS,
	dueLevels,
	escalateDue,
	levelProblems,
	type DueLevel,
	type EscalatedAlert,
	type EscalationLevel,
} from './escalation';
