import { blockedReason, classifyAddress, type AddressClass } from '../../../nodes/core/delivery/addressPolicy';

const cases: Array<[string, AddressClass]> = [
	// IPv4
	['0.0.0.0', 'unspecified'],
	['0.1.2.3', 'unspecified'],
	['10.0.0.1', 'private'],
	['10.255.255.255', 'private'],
	['100.64.0.1', 'private'],
	['100.100.100.200', 'private'],
	['100.128.0.1', 'public'],
	['127.0.0.1', 'loopback'],
	['127.255.255.254', 'loopback'],
	['169.254.169.254', 'linkLocal'],
	['172.15.255.255', 'public'],
	['172.16.0.1', 'private'],
	['172.31.255.255', 'private'],
	['172.32.0.1', 'public'],
	['192.0.0.8', 'reserved'],
	['192.0.2.1', 'reserved'],
	['192.168.1.1', 'private'],
	['198.18.0.1', 'reserved'],
	['198.19.255.255', 'reserved'],
	['198.51.100.7', 'reserved'],
	['203.0.113.9', 'reserved'],
	['192.88.99.1', 'reserved'],
	['::ffff:192.88.99.1', 'reserved'],
	['2002:c058:6301::', 'reserved'],
	['224.0.0.1', 'multicast'],
	['239.255.255.250', 'multicast'],
	['240.0.0.1', 'reserved'],
	['255.255.255.255', 'reserved'],
	['1.1.1.1', 'public'],
	['8.8.8.8', 'public'],
	['93.184.216.34', 'public'],
	// IPv6
	['::', 'unspecified'],
	['::1', 'loopback'],
	['0:0:0:0:0:0:0:1', 'loopback'],
	['::ffff:127.0.0.1', 'loopback'],
	['::ffff:7f00:1', 'loopback'],
	['::ffff:10.1.2.3', 'private'],
	['::ffff:169.254.169.254', 'linkLocal'],
	['::ffff:0.0.0.0', 'unspecified'],
	['::ffff:8.8.8.8', 'public'],
	['64:ff9b::a9fe:a9fe', 'linkLocal'],
	['64:ff9b::808:808', 'public'],
	['64:ff9b:1::1', 'private'],
	['2002:7f00:1::', 'loopback'],
	['2002:0808:0808::1', 'public'],
	['::127.0.0.1', 'reserved'],
	['100::1', 'reserved'],
	['2001::1', 'reserved'],
	['2001:db8::1', 'reserved'],
	['3fff::1', 'reserved'],
	['fc00::1', 'private'],
	['fd12:3456:789a::1', 'private'],
	['fe80::1', 'linkLocal'],
	['fe80::1%eth0', 'linkLocal'],
	['febf::1', 'linkLocal'],
	['fec0::1', 'private'],
	['ff02::1', 'multicast'],
	['4000::1', 'reserved'],
	['2606:4700:4700::1111', 'public'],
	['2a00:1450:4001:81b::200e', 'public'],
	['2001:4860:4860::8888', 'public'],
];

describe('classifyAddress', () => {
	it.each(cases)('%s is %s', (address, expected) => {
		expect(classifyAddress(address)).toBe(expected);
	});

	it('reads an IPv6 address the same in every textual form', () => {
		const forms = ['fd00::1', 'FD00:0:0:0:0:0:0:1', 'fd00:0000::0001', 'fd00::0.0.0.1'];
		expect(forms.map(classifyAddress)).toEqual(forms.map(() => 'private'));
	});

	it('refuses text that is not an IP address', () => {
		expect(() => classifyAddress('localhost')).toThrow(TypeError);
		expect(() => classifyAddress('256.0.0.1')).toThrow(TypeError);
		expect(() => classifyAddress('')).toThrow(TypeError);
	});
});

describe('blockedReason', () => {
	it('names the class of a refused address and passes public ones', () => {
		expect(blockedReason('127.0.0.1')).toBe('a loopback address');
		expect(blockedReason('::ffff:192.168.0.10')).toBe('a private address');
		expect(blockedReason('169.254.169.254')).toBe('a link-local address');
		expect(blockedReason('1.1.1.1')).toBeUndefined();
		expect(blockedReason('2606:4700:4700::1111')).toBeUndefined();
	});
});
