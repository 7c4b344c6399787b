import { Buffer } from 'node:buffer';

import { createNodeHttp } from '../../core/delivery/nodeHttp';
import { createJwksCache, type FetchJson, type JwksProvider } from '../../core/verification';
import { readN8nSsrfRules } from '../delivery/n8nSsrfSettings';

/** Google's set is about 3 KiB; anything near this is not a key set and is not downloaded further. */
const MAX_JWKS_BYTES = 256 * 1024;
const JWKS_TIMEOUT_MS = 5_000;

/** GETs a sender's key set through the same SSRF guard as every outbound request: the private-network switch,
 * and n8n's SSRF settings read at each fetch, as n8n reads them at each node run. */
function guardedFetchJson(allowPrivateNetwork: boolean): FetchJson {
	return async (url, signal) => {
		// One byte over the cap tells a set that was cut short from one that fits exactly.
		const http = createNodeHttp({
			allowPrivateNetwork,
			operatorRules: readN8nSsrfRules(),
			maxResponseBytes: MAX_JWKS_BYTES + 1,
		});
		const response = await http({
			url,
			method: 'GET',
			headers: { Accept: 'application/json' },
			body: Buffer.alloc(0),
			timeoutMs: JWKS_TIMEOUT_MS,
			signal,
		});
		if (response.status < 200 || response.status > 299) throw new Error(`The key set answered ${response.status}`);
		if (response.body.length > MAX_JWKS_BYTES) throw new Error(`The key set is larger than ${MAX_JWKS_BYTES} bytes`);
		return JSON.parse(response.body.toString('utf8')) as unknown;
	};
}

// Process-wide, so every trigger and Verify node of this n8n shares each sender's set and its refresh budget; one
// cache per switch, so a set fetched from a private address never serves a node that may not reach one.
const providers = new Map<boolean, JwksProvider>();

/** The JWKS provider of nodes whose private-network switch is `allowPrivateNetwork`. */
export function jwksProviderFor(allowPrivateNetwork: boolean): JwksProvider {
	let provider = providers.get(allowPrivateNetwork);
	if (!provider) {
		provider = createJwksCache(guardedFetchJson(allowPrivateNetwork), { timeoutMs: JWKS_TIMEOUT_MS });
		providers.set(allowPrivateNetwork, provider);
	}
	return provider;
}
