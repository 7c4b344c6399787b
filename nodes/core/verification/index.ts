export type * from './types';
export { FAILURE_MESSAGES, type SecretLabel, type VerifyFailureReason, type VerifyResult } from './outcomes';
export {
	buildSignedContent,
	DEFAULT_SIGNED_CONTENT,
	DEFAULT_TOLERANCE_SECONDS,
	getSingleHeader,
	readRequiredHeader,
	templateProblems,
	templateUses,
	type HeaderLookup,
	type RequiredHeader,
	type SignedValues,
} from './wire';
export { deriveKey, deriveKeyCandidates, signingKey, type KeyCandidate, type KeyDerivation } from './keys';
export { computeHmac, DIGEST_LENGTHS, hmacProblems, signHmac, verifyHmac } from './hmac';
export {
	parseSignatureList,
	signStandardWebhooks,
	verifyStandardWebhooks,
	type StandardWebhooksOptions,
} from './standardWebhooks';
export { parseStripeHeader, signStripe, verifyStripe, type StripeOptions } from './stripe';
export { verifyBasicAuth, verifyBearer, verifyHeaderToken, verifyQueryToken, withoutQueryParameter } from './tokens';
export { verifyTwilio } from './twilio';
export { verifyMicrosoftGraph, withoutClientState } from './microsoftGraph';
export { isPresetName, PRESET_NAMES, PRESETS, resolvePreset, type PresetInfo, type PresetName } from './presets';
export { verificationProblems, verifySignature } from './verify';
export { signRequest } from './signing';
