import { signHmac } from './hmac';
import { signStandardWebhooks } from './standardWebhooks';
import { signStripe } from './stripe';
import type { Secrets, SignInput, VerificationConfig } from './types';

/** Signing with no secret would send a request no receiver can verify; that is a caller's mistake. */
function requireSecret(secret: string): string {
	if (!secret) throw new Error('A secret is needed to sign');
	return secret;
}

/** The headers that authenticate an outbound request under the given scheme. Only the current secret ever
 * signs: given the credential's secrets, the previous one is ignored. */
export function signRequest(
	config: VerificationConfig,
	secret: string | Secrets,
	input: SignInput,
): Record<string, string> {
	const current = typeof secret === 'string' ? secret : secret.current;
	switch (config.method) {
		case 'none':
			return {};
		case 'bearer':
			return { Authorization: `Bearer ${requireSecret(current)}` };
		case 'headerToken':
			return { [config.headerName]: requireSecret(current) };
		case 'hmac':
			return signHmac(config, current, input);
		case 'standardWebhooks':
			return signStandardWebhooks(current, input);
		case 'stripe':
			return signStripe(current, input);
		default:
			// Public-key, JWT and sender-specific schemes are for receiving: Hookline holds no private key to sign with.
			throw new Error(`Hookline does not sign with the "${config.method}" scheme`);
	}
}
