export type { IdempotencySource, InboundConfig, InboundDecision, InboundRequest, RejectionReason } from './types';
export { decideInbound, isMultipart, type InboundDependencies } from './decideInbound';
export { answerFor, type HttpAnswer } from './response';
export { schemeHeaders, stripCredentialHeaders } from './headerFilter';
export { readIdempotencyKey } from './idempotencyKey';
export { isRecordedRefusal, rejectionRecord, type RecordedRefusal } from './rejection';
export { triggerConfigProblems, type TriggerSettings } from './configProblems';
export { isAllowedIp, parseIpAllowlist, type IpAllowlist, type IpAllowlistParse } from './ipAllowlist';
export {
	handshakeAfterVerification,
	handshakeBeforeVerification,
	HANDSHAKE_GET_PRESETS,
	MAX_VALIDATION_TOKEN_LENGTH,
	type HandshakeReply,
	type HandshakeRequest,
} from './handshakes';
export { evaluateFilter, type FilterInput, type FilterOutcome } from './filter';
