import { Buffer } from 'node:buffer';

import { publicKeySchemeProblems, verifyEcdsa, verifyEd25519 } from './asymmetric';
import { hmacProblems, verifyHmac } from './hmac';
import { jwtProblems } from './jwt';
import { deriveKeyCandidates } from './keys';
import { failure, success, type VerifyResult } from './outcomes';
import { verifyMicrosoftGraph } from './microsoftGraph';
import { verifyStandardWebhooks } from './standardWebhooks';
import { verifyStripe } from './stripe';
import { verifyBasicAuth, verifyBearer, verifyHeaderToken, verifyQueryToken } from './tokens';
import { verifyTwilio } from './twilio';
import type { VerificationConfig, VerifyInput } from './types';

/** The method's name even for a config that is not what its type promises. */
function methodOf(config: VerificationConfig): string {
	const method: unknown = (config as { method?: unknown } | null)?.method;
	return typeof method === 'string' ? method : 'unknown';
}

/** Ed25519 and ECDSA check against the credential's public keys; they need no secret. */
function verifyWithPublicKeys(
	config: Extract<VerificationConfig, { method: 'ed25519' | 'ecdsa' }>,
	input: VerifyInput,
): VerifyResult {
	if (!input.publicKeys) return failure(config.method, 'missing_key');
	if (!Buffer.isBuffer(input.rawBody)) return failure(config.method, 'missing_raw_body');
	const request = { body: input.rawBody, headers: input.headers, nowMs: input.nowMs ?? Date.now() };
	return config.method === 'ed25519'
		? verifyEd25519(config, input.publicKeys, request)
		: verifyEcdsa(config, input.publicKeys, request);
}

function verifyWith(config: VerificationConfig, input: VerifyInput): VerifyResult {
	if (config.method === 'none') return success('none', 'none');
	if (config.method === 'ed25519' || config.method === 'ecdsa') return verifyWithPublicKeys(config, input);
	// Basic Auth checks its own credentials (user and password), not the secrets.
	if (config.method === 'basicAuth') return verifyBasicAuth(input.basicAuth, input.headers);
	if (!input.secrets.current) return failure(config.method, 'missing_secret');
	if (config.method === 'bearer') return verifyBearer(input.secrets, input.headers);
	if (config.method === 'headerToken') return verifyHeaderToken(config.headerName, input.secrets, input.headers);
	if (config.method === 'queryToken') return verifyQueryToken(config.queryParameter, input.secrets, input.query);
	if (config.method === 'microsoftGraph') return verifyMicrosoftGraph(input.secrets, input.body, input.rawBody);

	const keys = deriveKeyCandidates(config.method === 'standardWebhooks' ? 'standardWebhooks' : 'utf8', input.secrets);
	if (!keys.ok) return failure(config.method, keys.reason);
	// Fail closed: without the exact bytes received there is nothing a signature can be checked against.
	if (!Buffer.isBuffer(input.rawBody)) return failure(config.method, 'missing_raw_body');
	const request = { body: input.rawBody, headers: input.headers, nowMs: input.nowMs ?? Date.now() };

	switch (config.method) {
		case 'jwt':
			return failure(config.method, 'unsupported_method');
		case 'twilio':
			return verifyTwilio(keys.candidates, request, input.url);
		case 'hmac':
			return verifyHmac(config, keys.candidates, request);
		case 'standardWebhooks':
			return verifyStandardWebhooks(config, keys.candidates, request);
		case 'stripe':
			return verifyStripe(config, keys.candidates, request);
		default: {
			const unknown: never = config;
			throw new Error(`Unknown verification method "${methodOf(unknown)}"`);
		}
	}
}

/** The single entry point of inbound verification. It never throws: whatever a request (or a broken
 * configuration) holds, the answer is a typed result, and anything unforeseen is refused as malformed. */
export function verifySignature(config: VerificationConfig, input: VerifyInput): VerifyResult {
	try {
		return verifyWith(config, input);
	} catch {
		return failure(methodOf(config), 'malformed_header');
	}
}

/** What must change before this configuration can verify anything honestly; empty when it can. The triggers
 * refuse to activate with any of these. */
export function verificationProblems(config: VerificationConfig): string[] {
	if (config.method === 'queryToken' && !config.queryParameter) return ['Query Parameter is empty: name the parameter'];
	if (config.method === 'hmac') return hmacProblems(config);
	if (config.method === 'ed25519' || config.method === 'ecdsa') return publicKeySchemeProblems(config);
	if (config.method === 'jwt') return jwtProblems(config);
	return [];
}
