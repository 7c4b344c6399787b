import { BlockList, isIP } from 'node:net';

/** What an IP address reaches. Only `public` may receive a webhook unless the user allows private networks. */
export type AddressClass = 'public' | 'unspecified' | 'loopback' | 'private' | 'linkLocal' | 'multicast' | 'reserved';

type BlockedClass = Exclude<AddressClass, 'public'>;
type Subnet = readonly [network: string, prefix: number, kind: BlockedClass];

/** IANA special-purpose IPv4 ranges that must never be a webhook destination. */
const IPV4_RANGES: readonly Subnet[] = [
	['0.0.0.0', 8, 'unspecified'], // "this network": 0.0.0.0 connects to the local host on Linux
	['10.0.0.0', 8, 'private'],
	['100.64.0.0', 10, 'private'], // carrier-grade NAT; some clouds put metadata services here
	['127.0.0.0', 8, 'loopback'],
	['169.254.0.0', 16, 'linkLocal'], // includes the cloud metadata address 169.254.169.254
	['172.16.0.0', 12, 'private'],
	['192.0.0.0', 24, 'reserved'],
	['192.0.2.0', 24, 'reserved'],
	['192.88.99.0', 24, 'reserved'], // deprecated 6to4 relay anycast
	['192.168.0.0', 16, 'private'],
	['198.18.0.0', 15, 'reserved'],
	['198.51.100.0', 24, 'reserved'],
	['203.0.113.0', 24, 'reserved'],
	['224.0.0.0', 4, 'multicast'],
	['240.0.0.0', 4, 'reserved'], // includes the broadcast address
];

/** IPv6 prefixes whose last bits carry an IPv4 address that the packet really reaches, with where it starts:
 * the NAT64 well-known prefix and 6to4. (IPv4-mapped ::ffff:a.b.c.d needs no entry: BlockList matches it
 * against the IPv4 ranges itself.) */
const EMBEDDING_IPV4: readonly (readonly [expand: (ipv4Hex: string) => string, offsetBits: number])[] = [
	[(hex) => `64:ff9b::${hex}`, 96],
	[(hex) => `2002:${hex}::`, 16],
];

const IPV6_RANGES: readonly Subnet[] = [
	['::', 128, 'unspecified'],
	['::1', 128, 'loopback'],
	['64:ff9b:1::', 48, 'private'], // local-use NAT64
	['2001::', 23, 'reserved'], // IETF protocol assignments: Teredo, benchmarking, ORCHID…
	['2001:db8::', 32, 'reserved'], // documentation
	['3fff::', 20, 'reserved'], // documentation
	['fc00::', 7, 'private'], // unique local
	['fe80::', 10, 'linkLocal'],
	['fec0::', 10, 'private'], // deprecated site-local
	['ff00::', 8, 'multicast'],
];

const ipv4Hex = (address: string) => {
	const [a, b, c, d] = address.split('.').map(Number);
	return `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
};

/** Adds a subnet to `list`; an IPv4 subnet also in the IPv6 forms that reach it (NAT64, 6to4), so a block
 * cannot be stepped around by writing the address another way. */
export function addSubnetBlocking(list: BlockList, network: string, prefix: number, family: 'ipv4' | 'ipv6'): void {
	list.addSubnet(network, prefix, family);
	if (family === 'ipv6') return;
	for (const [expand, offset] of EMBEDDING_IPV4) list.addSubnet(expand(ipv4Hex(network)), offset + prefix, 'ipv6');
}

/** One BlockList per class, in the order they are asked: an address takes the first class that holds it. */
const LISTS: ReadonlyArray<readonly [BlockedClass, BlockList]> = (() => {
	const lists = new Map<BlockedClass, BlockList>();
	const listOf = (kind: BlockedClass) => {
		if (!lists.has(kind)) lists.set(kind, new BlockList());
		return lists.get(kind)!;
	};
	for (const [network, prefix, kind] of IPV6_RANGES) addSubnetBlocking(listOf(kind), network, prefix, 'ipv6');
	for (const [network, prefix, kind] of IPV4_RANGES) addSubnetBlocking(listOf(kind), network, prefix, 'ipv4');
	return [...lists];
})();

/** Only 2000::/3 is allocated for global unicast, plus the IPv6 forms of IPv4 addresses (mapped and NAT64),
 * which the lists above have already classed by their IPv4 address; everything else is special or unassigned. */
const PUBLIC_IPV6 = new BlockList();
PUBLIC_IPV6.addSubnet('2000::', 3, 'ipv6');
PUBLIC_IPV6.addSubnet('::ffff:0:0', 96, 'ipv6');
PUBLIC_IPV6.addSubnet('64:ff9b::', 96, 'ipv6');

/** The class of an IPv4 or IPv6 address literal (a zone id such as `%eth0` is ignored). Throws for text that
 * is not an IP address. */
export function classifyAddress(address: string): AddressClass {
	const bare = address.split('%')[0];
	const family = isIP(bare);
	if (family === 0) throw new TypeError(`Not an IP address: "${address}"`);
	const type = family === 4 ? 'ipv4' : 'ipv6';
	for (const [kind, list] of LISTS) if (list.check(bare, type)) return kind;
	return family === 4 || PUBLIC_IPV6.check(bare, type) ? 'public' : 'reserved';
}

const LABELS: Record<BlockedClass, string> = {
	unspecified: 'an unspecified',
	loopback: 'a loopback',
	private: 'a private',
	linkLocal: 'a link-local',
	multicast: 'a multicast',
	reserved: 'a reserved',
};

/** Why a destination address is refused ("a loopback address"), or undefined when it is public. */
export function blockedReason(address: string): string | undefined {
	const kind = classifyAddress(address);
	return kind === 'public' ? undefined : `${LABELS[kind]} address`;
}
