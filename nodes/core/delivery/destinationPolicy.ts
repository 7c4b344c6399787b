import { BlockList, isIP } from 'node:net';

import { addSubnetBlocking, blockedReason } from './addressPolicy';

/**
 * Where an outbound request may go. The built-in rule refuses every non-public address unless
 * `allowPrivateNetwork` is on. An operator's lists (an instance-wide SSRF policy) refine it:
 * - `allowedRanges` (CIDR): an address inside is allowed, whatever else says;
 * - `allowedHostnames` (`name` or `*.suffix`): a matching host name is trusted as such, its addresses unchecked;
 * - `blockedRanges` (CIDR): an address inside is refused, even with `allowPrivateNetwork` on (a node's own
 *   switch must not lift a rule the operator set for the whole instance);
 * - `blockedHostnames`: a matching host name is refused before it is resolved, unless it is also allowed.
 */
export interface DestinationRules {
	allowPrivateNetwork?: boolean;
	allowedRanges?: readonly string[];
	blockedRanges?: readonly string[];
	allowedHostnames?: readonly string[];
	blockedHostnames?: readonly string[];
	/** How refusals name the lists, e.g. after the settings they come from. */
	labels?: Partial<RuleLabels>;
}

export interface RuleLabels {
	allowedRanges: string;
	blockedRanges: string;
	allowedHostnames: string;
	blockedHostnames: string;
}

const DEFAULT_LABELS: RuleLabels = {
	allowedRanges: 'the allowed ranges',
	blockedRanges: 'the blocked ranges',
	allowedHostnames: 'the allowed host names',
	blockedHostnames: 'the blocked host names',
};

/** Why a destination is refused: what it is, then what would let it through. */
export interface Refusal {
	reason: string;
	remedy: string;
}

export type HostnameVerdict = { kind: 'trusted' } | { kind: 'refused'; refusal: Refusal } | { kind: 'checkAddresses' };

export interface DestinationPolicy {
	/** Asked for a host name before it is resolved (never for an IP literal). */
	checkHostname(hostname: string): HostnameVerdict;
	/** Asked for every address a request would connect to; undefined when it may. */
	checkAddress(address: string): Refusal | undefined;
	/** Entries of the lists that are no valid CIDR range or host name; they are ignored. */
	readonly ignoredEntries: readonly string[];
}

/** `network/prefix` with a prefix in range for the family; a bare address is not a range. */
export function parseCidr(entry: string): { network: string; prefix: number; family: 'ipv4' | 'ipv6' } | undefined {
	const match = /^([^/\s]+)\/(\d{1,3})$/.exec(entry.trim());
	if (!match) return undefined;
	const version = isIP(match[1]);
	const prefix = Number(match[2]);
	if (version === 0 || prefix > (version === 4 ? 32 : 128)) return undefined;
	return { network: match[1], prefix, family: version === 4 ? 'ipv4' : 'ipv6' };
}

function rangeList(entries: readonly string[], ignored: string[], embed: boolean): BlockList | undefined {
	let list: BlockList | undefined;
	for (const entry of entries) {
		if (entry.trim() === '') continue;
		const cidr = parseCidr(entry);
		if (!cidr) {
			ignored.push(entry.trim());
			continue;
		}
		list ??= new BlockList();
		if (embed) addSubnetBlocking(list, cidr.network, cidr.prefix, cidr.family);
		else list.addSubnet(cidr.network, cidr.prefix, cidr.family);
	}
	return list;
}

const normaliseHostname = (hostname: string) => hostname.trim().toLowerCase().replace(/\.$/, '');

/** Exact names, or `*.example.com` for every name below example.com (not example.com itself). */
export function hostnameMatcher(patterns: readonly string[]): (hostname: string) => boolean {
	const exact = new Set<string>();
	const suffixes: string[] = [];
	for (const pattern of patterns.map(normaliseHostname)) {
		if (pattern.startsWith('*.')) suffixes.push(pattern.slice(1));
		else if (pattern !== '') exact.add(pattern);
	}
	return (hostname) => {
		const name = normaliseHostname(hostname);
		return exact.has(name) || suffixes.some((suffix) => name.length > suffix.length && name.endsWith(suffix));
	};
}

const familyOf = (address: string) => (isIP(address) === 4 ? 'ipv4' : 'ipv6');

export function compileDestinationPolicy(rules: DestinationRules = {}): DestinationPolicy {
	const labels = { ...DEFAULT_LABELS, ...rules.labels };
	const ignoredEntries: string[] = [];
	const allowed = rangeList(rules.allowedRanges ?? [], ignoredEntries, false);
	// An operator's block is widened to the IPv6 forms of its IPv4 ranges; an allowance is not.
	const blocked = rangeList(rules.blockedRanges ?? [], ignoredEntries, true);
	const trustedName = hostnameMatcher(rules.allowedHostnames ?? []);
	const blockedName = hostnameMatcher(rules.blockedHostnames ?? []);
	// With operator lists in force (even empty ones), a refusal also says how the operator can lift it.
	const operatorRules = [rules.allowedRanges, rules.blockedRanges, rules.allowedHostnames, rules.blockedHostnames].some(
		(list) => list !== undefined,
	);
	const operatorRemedy =
		`an administrator can allow it with ${labels.allowedRanges} (for its address) ` +
		`or ${labels.allowedHostnames} (for its host name)`;

	return {
		ignoredEntries,
		checkHostname(hostname) {
			if (trustedName(hostname)) return { kind: 'trusted' };
			if (blockedName(hostname)) {
				return {
					kind: 'refused',
					refusal: {
						reason: `its host name is blocked by ${labels.blockedHostnames}`,
						remedy: `"Allow Private Network Addresses" does not lift this rule; ${labels.allowedHostnames} can`,
					},
				};
			}
			return { kind: 'checkAddresses' };
		},
		checkAddress(address) {
			const bare = address.split('%')[0];
			if (isIP(bare) === 0) throw new TypeError(`Not an IP address: "${address}"`);
			if (allowed?.check(bare, familyOf(bare))) return undefined;
			if (blocked?.check(bare, familyOf(bare))) {
				return {
					reason: `it is in a range blocked by ${labels.blockedRanges}`,
					remedy: `"Allow Private Network Addresses" does not lift this rule; ${operatorRemedy}`,
				};
			}
			const reason = rules.allowPrivateNetwork ? undefined : blockedReason(bare);
			if (!reason) return undefined;
			const nodeRemedy =
				'Requests to private networks are blocked; turn on "Allow Private Network Addresses" if the receiver is meant to be inside your network';
			return { reason: `it is ${reason}`, remedy: operatorRules ? `${nodeRemedy}, or ${operatorRemedy}` : nodeRemedy };
		},
	};
}
