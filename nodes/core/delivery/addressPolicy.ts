import { isIP } from 'node:net';

/** What an IP address reaches. Only `public` may receive a webhook unless the user allows private networks. */
export type AddressClass = 'public' | 'unspecified' | 'loopback' | 'private' | 'linkLocal' | 'multicast' | 'reserved';

type Range = readonly [prefix: readonly number[], bits: number, kind: AddressClass];

/** IANA special-purpose IPv4 ranges that must never be a webhook destination. */
const IPV4_RANGES: readonly Range[] = [
	[[0, 0, 0, 0], 8, 'unspecified'], // "this network": 0.0.0.0 connects to the local host on Linux
	[[10, 0, 0, 0], 8, 'private'],
	[[100, 64, 0, 0], 10, 'private'], // carrier-grade NAT; some clouds put metadata services here
	[[127, 0, 0, 0], 8, 'loopback'],
	[[169, 254, 0, 0], 16, 'linkLocal'], // includes the cloud metadata address 169.254.169.254
	[[172, 16, 0, 0], 12, 'private'],
	[[192, 0, 0, 0], 24, 'reserved'],
	[[192, 0, 2, 0], 24, 'reserved'],
	[[192, 168, 0, 0], 16, 'private'],
	[[198, 18, 0, 0], 15, 'reserved'],
	[[198, 51, 100, 0], 24, 'reserved'],
	[[203, 0, 113, 0], 24, 'reserved'],
	[[224, 0, 0, 0], 4, 'multicast'],
	[[240, 0, 0, 0], 4, 'reserved'], // includes the broadcast address
];

const IPV6_RANGES: readonly Range[] = [
	[[0x00, 0x64, 0xff, 0x9b, 0x00, 0x01], 48, 'private'], // local-use NAT64
	[[0x20, 0x01, 0x00, 0x00], 23, 'reserved'], // IETF protocol assignments: Teredo, benchmarking, ORCHID…
	[[0x20, 0x01, 0x0d, 0xb8], 32, 'reserved'], // documentation
	[[0x3f, 0xff], 20, 'reserved'], // documentation
	[[0xfc], 7, 'private'], // unique local
	[[0xfe, 0x80], 10, 'linkLocal'],
	[[0xfe, 0xc0], 10, 'private'], // deprecated site-local
	[[0xff], 8, 'multicast'],
];

/** IPv6 prefixes whose last bits carry an IPv4 address that the packet really reaches: IPv4-mapped
 * (::ffff:a.b.c.d, what dual-stack sockets use) and the NAT64 well-known prefix. 6to4 embeds it at byte 2. */
const EMBEDDED_IPV4: readonly (readonly [prefix: readonly number[], bits: number, offset: number])[] = [
	[[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff], 96, 12],
	[[0x00, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0], 96, 12],
	[[0x20, 0x02], 16, 2],
];

function matches(bytes: readonly number[], prefix: readonly number[], bits: number): boolean {
	for (let bit = 0; bit < bits; bit += 8) {
		const width = Math.min(8, bits - bit);
		const mask = (0xff << (8 - width)) & 0xff;
		if ((bytes[bit / 8] & mask) !== (prefix[bit / 8] & mask)) return false;
	}
	return true;
}

function parseIpv4(text: string): number[] {
	return text.split('.').map(Number);
}

/** 16 bytes of an IPv6 address in any textual form node accepts (compressed, dotted-quad tail, zone id). */
function parseIpv6(text: string): number[] {
	let address = text.split('%')[0];
	const tail: number[] = [];
	const lastColon = address.lastIndexOf(':');
	if (address.includes('.', lastColon)) {
		tail.push(...parseIpv4(address.slice(lastColon + 1)));
		address = `${address.slice(0, lastColon + 1)}0:0`;
	}
	const [head, rest] = address.split('::');
	const groups = (part: string | undefined) => (part ? part.split(':').map((group) => parseInt(group, 16)) : []);
	const left = groups(head);
	const right = groups(rest);
	const words =
		rest === undefined ? left : [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
	const bytes = words.flatMap((word) => [word >> 8, word & 0xff]);
	if (tail.length) bytes.splice(12, 4, ...tail);
	return bytes;
}

function classifyIpv4(bytes: readonly number[]): AddressClass {
	return IPV4_RANGES.find(([prefix, bits]) => matches(bytes, prefix, bits))?.[2] ?? 'public';
}

function classifyIpv6(bytes: readonly number[]): AddressClass {
	if (bytes.every((byte) => byte === 0)) return 'unspecified';
	if (bytes.slice(0, 15).every((byte) => byte === 0) && bytes[15] === 1) return 'loopback';
	for (const [prefix, bits, offset] of EMBEDDED_IPV4) {
		if (matches(bytes, prefix, bits)) return classifyIpv4(bytes.slice(offset, offset + 4));
	}
	const special = IPV6_RANGES.find(([prefix, bits]) => matches(bytes, prefix, bits));
	if (special) return special[2];
	// Only 2000::/3 is allocated for global unicast; everything else is special or unassigned.
	return matches(bytes, [0x20], 3) ? 'public' : 'reserved';
}

/** The class of an IPv4 or IPv6 address literal. Throws for text that is not an IP address. */
export function classifyAddress(address: string): AddressClass {
	const family = isIP(address.split('%')[0]);
	if (family === 4) return classifyIpv4(parseIpv4(address));
	if (family === 6) return classifyIpv6(parseIpv6(address));
	throw new TypeError(`Not an IP address: "${address}"`);
}

const LABELS: Record<Exclude<AddressClass, 'public'>, string> = {
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
