import * as dns from 'node:dns';
import type { LookupFunction } from 'node:net';

import { compileDestinationPolicy, type DestinationPolicy, type Refusal } from './destinationPolicy';

/** The error code of a refused destination; permanent, so it is never retried. */
export const BLOCKED_ADDRESS_CODE = 'ERR_BLOCKED_ADDRESS';

/** Every address a name resolves to; node's DNS by default, a table in tests. */
export type Resolver = (hostname: string, options: dns.LookupOptions) => Promise<dns.LookupAddress[]>;

const systemResolver: Resolver = (hostname, options) => dns.promises.lookup(hostname, { ...options, all: true });

/** `address` is undefined when the host name itself was refused, before any lookup. */
export function blockedAddressError(
	host: string,
	address: string | undefined,
	refusal: Refusal,
): Error & { code: string } {
	const target = address === undefined || host === address ? (address ?? host) : `${host} (${address})`;
	const message = `Refused to connect to ${target}: ${refusal.reason}. ${refusal.remedy}`;
	return Object.assign(new Error(message), { code: BLOCKED_ADDRESS_CODE });
}

/** A `lookup` for http.request that resolves the name itself and refuses it when the policy refuses the name
 * or any of its addresses (by default: any address that is not public). The socket then connects to exactly
 * the addresses checked here, so a name that resolves to a public address once and a private one later (DNS
 * rebinding) cannot slip through between check and connect. */
export function createGuardedLookup(options: {
	policy?: DestinationPolicy;
	allowPrivateNetwork?: boolean;
	resolve?: Resolver;
}): LookupFunction {
	const resolve = options.resolve ?? systemResolver;
	const policy = options.policy ?? compileDestinationPolicy({ allowPrivateNetwork: options.allowPrivateNetwork });
	return (hostname, lookupOptions, callback) => {
		const verdict = policy.checkHostname(hostname);
		if (verdict.kind === 'refused') {
			callback(blockedAddressError(hostname, undefined, verdict.refusal), '');
			return;
		}
		resolve(hostname, lookupOptions).then(
			(addresses) => {
				if (addresses.length === 0) {
					callback(Object.assign(new Error(`No address found for ${hostname}`), { code: 'ENOTFOUND' }), '');
					return;
				}
				for (const { address } of addresses) {
					const refusal = verdict.kind === 'trusted' ? undefined : policy.checkAddress(address);
					if (refusal) {
						callback(blockedAddressError(hostname, address, refusal), '');
						return;
					}
				}
				if (lookupOptions.all) callback(null, addresses);
				else callback(null, addresses[0].address, addresses[0].family);
			},
			(error: NodeJS.ErrnoException) => callback(error, ''),
		);
	};
}
