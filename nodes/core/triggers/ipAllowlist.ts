/** The `allowedIps` setting: which client addresses a trigger answers at all. */
import { BlockList, isIP } from 'node:net';

import { parseCidr } from '../delivery/destinationPolicy';

export interface IpAllowlist {
	readonly ranges: BlockList;
}

export type IpAllowlistParse = { ok: true; allowlist: IpAllowlist | undefined } | { ok: false; problems: string[] };

const family = (address: string) => (isIP(address) === 4 ? 'ipv4' : 'ipv6');

/** What is wrong with one entry, as the user can fix it; undefined when it is a sound address or range. */
function entryProblem(entry: string): string | undefined {
	// A zone names an interface of this host, not a caller, and would silently be dropped by the match below.
	if (entry.includes('%')) return `Allowed IPs: "${entry}" has a zone id (the part from %): write it without`;
	if (isIP(entry) !== 0 || parseCidr(entry)) return undefined;
	return `Allowed IPs: "${entry}" is not an IPv4 or IPv6 address or CIDR range (e.g. 203.0.113.7, 10.0.0.0/8, 2001:db8::/32)`;
}

/**
 * Comma-separated addresses and CIDR ranges of both families; newlines and spaces separate too, since a list
 * pasted from elsewhere often has them. An empty list is no allowlist (undefined: every caller). Every bad
 * entry is named at once, and one bad entry refuses the whole list rather than silently narrowing or widening
 * it. A range written with host bits set (10.1.2.3/8) means its network, as BlockList reads it.
 */
export function parseIpAllowlist(text: string): IpAllowlistParse {
	const entries = text.split(/[\s,]+/).filter((entry) => entry !== '');
	const problems = entries.map(entryProblem).filter((problem) => problem !== undefined);
	if (problems.length > 0) return { ok: false, problems };
	if (entries.length === 0) return { ok: true, allowlist: undefined };
	const ranges = new BlockList();
	for (const entry of entries) {
		const cidr = parseCidr(entry);
		if (cidr) ranges.addSubnet(cidr.network, cidr.prefix, cidr.family);
		else ranges.addAddress(entry, family(entry));
	}
	return { ok: true, allowlist: { ranges } };
}

/**
 * Whether the client may call. BlockList compares IPv4 with the IPv4-mapped IPv6 form in both directions, so
 * `::ffff:203.0.113.7` (how a dual-stack socket reports an IPv4 client) matches 203.0.113.0/24, and `::/0`
 * admits IPv4 clients too. A zone id on the client (`fe80::1%eth0`, as Node reports link-local callers) names
 * the interface it came in on, not the caller, so the address alone is matched. No address, or one that is
 * not an IP, is refused: the allowlist fails closed.
 */
export function isAllowedIp(allowlist: IpAllowlist, address: string | undefined): boolean {
	if (typeof address !== 'string') return false;
	const [bare] = address.split('%');
	if (isIP(bare) === 0) return false;
	return allowlist.ranges.check(bare, family(bare));
}
