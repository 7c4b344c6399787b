import { signHmac } from './hmac';
import { requireSecret } from './signing';
import { signStandardWebhooks } from './standardWebhooks';
import { signStripe } from './stripe';
import type { Secrets, SignInput, VerificationConfig } from './types';

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
	}
}
