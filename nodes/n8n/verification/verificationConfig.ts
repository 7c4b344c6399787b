import type {
	JwtAlgorithm,
	JwtOptions,
	PublicKeySignatureOptions,
	SignatureEncoding,
	VerificationConfig,
} from '../../core/verification';
import { isPresetName, PRESETS, resolvePreset } from '../../core/verification';

/** Reads one parameter by name; both IExecuteFunctions (with an item index) and IWebhookFunctions fit. */
export type ParameterReader = (name: string, fallback: unknown) => unknown;

const text = (read: ParameterReader, name: string, fallback = '') => String(read(name, fallback) ?? '').trim();

/** A comma-separated list, blanks dropped. */
const list = (read: ParameterReader, name: string) =>
	text(read, name)
		.split(',')
		.map((entry) => entry.trim())
		.filter(Boolean);

function readPublicKeyScheme(read: ParameterReader, toleranceSeconds: number): PublicKeySignatureOptions {
	return {
		encoding: text(read, 'signatureEncoding', 'hex') as SignatureEncoding,
		signatureHeader: text(read, 'signatureHeader', 'X-Signature'),
		signaturePrefix: text(read, 'signaturePrefix'),
		signedContent: text(read, 'signedContent', '{body}') || '{body}',
		timestampHeader: text(read, 'timestampHeader') || undefined,
		toleranceSeconds,
	};
}

/** The claims a user may pin on any JWT scheme; a preset adds its own issuers and key set. */
function readJwtClaims(read: ParameterReader): Pick<JwtOptions, 'audience' | 'email'> {
	const audience = text(read, 'jwtAudience');
	const email = text(read, 'jwtEmail');
	return { ...(audience ? { audience } : {}), ...(email ? { email } : {}) };
}

function readJwt(read: ParameterReader): VerificationConfig {
	const fromKeySet = text(read, 'jwtKeySource', 'secret') === 'jwks';
	const algorithms = read('jwtAlgorithms', []);
	const issuers = list(read, 'jwtIssuer');
	return {
		method: 'jwt',
		...(fromKeySet ? { jwksUrl: text(read, 'jwksUrl') } : {}),
		...(Array.isArray(algorithms) && algorithms.length > 0 ? { algorithms: algorithms as JwtAlgorithm[] } : {}),
		...(issuers.length > 0 ? { issuers } : {}),
		...readJwtClaims(read),
	};
}

/** Turns the verification parameters into the pure core's configuration. A preset's tolerance is the
 * user's, so a slow sender can be given more room without leaving the preset. */
export function readVerificationConfig(read: ParameterReader): VerificationConfig {
	const method = text(read, 'verification', 'hmac');
	const toleranceSeconds = Number(read('toleranceSeconds', 300));

	if (isPresetName(method)) {
		const preset = resolvePreset(method);
		if (preset.method === 'jwt') return { ...preset, ...readJwtClaims(read) };
		return PRESETS[method].timestamped ? ({ ...preset, toleranceSeconds } as VerificationConfig) : preset;
	}
	switch (method) {
		case 'none':
			return { method: 'none' };
		case 'bearer':
			return { method: 'bearer' };
		case 'basicAuth':
			return { method: 'basicAuth' };
		case 'headerToken':
			return { method: 'headerToken', headerName: text(read, 'authHeaderName', 'X-Api-Key') };
		case 'queryToken':
			return { method: 'queryToken', queryParameter: text(read, 'queryParameter', 'token') || 'token' };
		case 'standardWebhooks':
			return { method: 'standardWebhooks', toleranceSeconds };
		case 'hmac':
			return {
				method: 'hmac',
				algorithm: text(read, 'algorithm', 'sha256') as 'sha1' | 'sha256' | 'sha512',
				encoding: text(read, 'signatureEncoding', 'hex') as SignatureEncoding,
				signatureHeader: text(read, 'signatureHeader', 'X-Signature'),
				signaturePrefix: text(read, 'signaturePrefix'),
				signedContent: text(read, 'signedContent', '{body}') || '{body}',
				timestampHeader: text(read, 'timestampHeader') || undefined,
				idHeader: text(read, 'idHeader') || undefined,
				toleranceSeconds,
			};
		case 'ed25519':
		case 'ecdsa':
			return { method, ...readPublicKeyScheme(read, toleranceSeconds) };
		case 'jwt':
			return readJwt(read);
		default:
			throw new Error(`Unknown verification method "${method}"`);
	}
}
