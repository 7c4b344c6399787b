import type { VerificationConfig } from '../../core/verification';
import { isPresetName, PRESETS, resolvePreset } from '../../core/verification';

/** Reads one parameter by name; both IExecuteFunctions (with an item index) and IWebhookFunctions fit. */
export type ParameterReader = (name: string, fallback: unknown) => unknown;

const text = (read: ParameterReader, name: string, fallback = '') => String(read(name, fallback) ?? '').trim();

/** Turns the verification parameters into the pure core's configuration. A preset's tolerance is the
 * user's, so a slow sender can be given more room without leaving the preset. */
export function readVerificationConfig(read: ParameterReader): VerificationConfig {
	const method = text(read, 'verification', 'hmac');
	const toleranceSeconds = Number(read('toleranceSeconds', 300));

	if (isPresetName(method)) {
		const preset = resolvePreset(method);
		return PRESETS[method].timestamped ? { ...preset, toleranceSeconds } : preset;
	}
	switch (method) {
		case 'none':
			return { method: 'none' };
		case 'bearer':
			return { method: 'bearer' };
		case 'headerToken':
			return { method: 'headerToken', headerName: text(read, 'authHeaderName', 'X-Api-Key') };
		case 'standardWebhooks':
			return { method: 'standardWebhooks', toleranceSeconds };
		case 'hmac':
			return {
				method: 'hmac',
				algorithm: text(read, 'algorithm', 'sha256') as 'sha1' | 'sha256' | 'sha512',
				encoding: text(read, 'signatureEncoding', 'hex') as 'hex' | 'base64',
				signatureHeader: text(read, 'signatureHeader', 'X-Signature'),
				signaturePrefix: text(read, 'signaturePrefix'),
				signedContent: text(read, 'signedContent', '{body}') || '{body}',
				timestampHeader: text(read, 'timestampHeader') || undefined,
				idHeader: text(read, 'idHeader') || undefined,
				toleranceSeconds,
			};
		default:
			throw new Error(`Unknown verification method "${method}"`);
	}
}
