import type { JwksProvider } from './jwks';
import { verifyJwt } from './jwt';
import type { VerifyResult } from './outcomes';
import type { VerificationConfig, VerifyInput } from './types';
import { verifySignature } from './verify';

export interface VerifyDependencies {
	/** Where JWT verification gets a JWKS from; without it a configuration with a JWKS URL verifies nothing. */
	jwks?: JwksProvider;
}

/** The entry point of inbound verification for every scheme, the asynchronous ones (JWT, whose keys may have
 * to be fetched) included. Like verifySignature it never rejects. */
export async function verifyRequest(
	config: VerificationConfig,
	input: VerifyInput,
	deps: VerifyDependencies = {},
): Promise<VerifyResult> {
	if (config.method !== 'jwt') return verifySignature(config, input);
	return verifyJwt(
		config,
		{ headers: input.headers, secrets: input.secrets, nowMs: input.nowMs ?? Date.now() },
		deps.jwks,
	);
}
