export type * from './types';
export { getSingleHeader, readRequiredHeader, type HeaderLookup, type RequiredHeader } from './headers';
export { deriveKey, deriveKeyCandidates, signingKey, type KeyCandidate, type KeyDerivation } from './keys';
export { buildSignedContent, DEFAULT_SIGNED_CONTENT, templateUses, type SignedValues } from './signedContent';
export { DEFAULT_TOLERANCE_SECONDS } from './timestamp';
export { computeHmac, DIGEST_LENGTHS, signHmac, verifyHmac } from './hmac';
export {
	parseSignatureList,
	signStandardWebhooks,
	verifyStandardWebhooks,
	type StandardWebhooksOptions,
} from './standardWebhooks';
export { parseStripeHeader, signStripe, verifyStripe, type StripeOptions } from './stripe';
export { verifyBearer } from './bearer';
export { verifyHeaderToken } from './token';
export { isPresetName, PRESET_NAMES, PRESETS, resolvePreset, type PresetInfo, type PresetName } from './presets';
export { FAILURE_MESSAGES } from './messages';
export { verifySignature } from './verify';
export { signRequest } from './sign';
