export type * from './types';
export { FAILURE_MESSAGES, type SecretLabel, type VerifyFailureReason, type VerifyResult } from './outcomes';
export {
	buildSignedContent,
	DEFAULT_SIGNED_CONTENT,
	DEFAULT_TOLERANCE_SECONDS,
	getSingleHeader,
	readRequiredHeader,
	signedContentProblems,
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
export { publicKeySchemeProblems, verifyEcdsa, verifyEd25519 } from './asymmetric';
export {
	fitsKind,
	parsePublicKey,
	readPublicKeys,
	type ParsedPublicKey,
	type PublicKeyKind,
	type ReadPublicKeys,
} from './publicKeys';
export { parseStripeHeader, signStripe, verifyStripe, type StripeOptions } from './stripe';
export {
	readBearerToken,
	verifyBasicAuth,
	verifyBearer,
	verifyHeaderToken,
	verifyQueryToken,
	withoutQueryParameter,
	type BearerToken,
} from './tokens';
export {
	allowedAlgorithms,
	DEFAULT_JWT_CLOCK_TOLERANCE_SECONDS,
	GOOGLE_PUBSUB_JWT,
	HMAC_ALGORITHMS,
	jwtProblems,
	PUBLIC_KEY_ALGORITHMS,
	verifyJwt,
	type JwtInput,
} from './jwt';
export {
	createJwksCache,
	type FetchJson,
	type JwksCacheOptions,
	type JwksProvider,
	type KeySet,
	type KeySetLookup,
} from './jwks';
export { safeEqualString } from './constantTime';
export {
	credentialKindOf,
	isPresetName,
	presetProblems,
	PRESET_NAMES,
	PRESETS,
	resolvePreset,
	type CredentialKind,
	type PresetInfo,
	type PresetName,
} from './presets';
export { verifyTwilio } from './twilio';
export { verifyMicrosoftGraph, withoutClientState } from './microsoftGraph';
export { verificationProblems, verifySignature } from './verify';
export { verifyRequest, type VerifyDependencies } from './verifyRequest';
export { signRequest } from './signing';
