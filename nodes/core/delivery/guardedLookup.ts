import * as dns from 'node:dns';
import type { LookupFunction } from 'node:net';

import { blockedReason } from './addressPolicy';

/** The error code of a refused destination; permanent, so it is never retried. */
export const BLOCKED_ADDRESS_CODE = 'ERR_BLOCKED_ADDRESS';

/** Every address a name resolves to; node's DNS by default, a table in tests. */
export type Resolver = (hostname: string, options: dns.LookupOptions) => Promise<dns.LookupAddress[]>;

const systemResolver: Resolver = (hostname, options) => dns.promises.lookup(hostname, { ...options, all: true });

export function blockedAddressError(host: string, address: string, reason: string): Error & { code: string } {
	const target = host === address ? address : `${host} (${address})`;
	const message =
		`Refused to connect to ${target}: it is ${reason}. Requests to private networks are blocked; ` +
		'turn on "Allow Private Network Addresses" if the receiver is meant to be inside your network';
	return Object.assign(new Error(message), { code: BLOCKED_ADDRESS_CODE });
}

/** A `lookup` for http.request that resolves the name itself and refuses it when any address is not public.
 * The socket then connects to exactly the addresses checked here, so a name that resolves to a public
 * address once and a private one later (DNS rebinding) cannot slip through between check and connect. */
export function createGuardedLookup(options: { allowPrivateNetwork: boolean; resolve?: Resolver }): LookupFunction {
	const resolve = options.resolve ?? systemResolver;
	return (hostname, lookupOptions, callback) => {
		resolve(hostname, lookupOptions).then(
			(addresses) => {
				if (addresses.length === 0) {
					callback(Object.assign(new Error(`No address found for ${hostname}`), { code: 'ENOTFOUND' }), '');
					return;
				}
				for (const { address } of addresses) {
					const reason = options.allowPrivateNetwork ? undefined : blockedReason(address);
					if (reason) {
						callback(blockedAddressError(hostname, address, reason), '');
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
