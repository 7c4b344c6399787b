import { isAllowedIp, parseIpAllowlist, type IpAllowlist } from '../../../nodes/core/triggers';

function allowlist(text: string): IpAllowlist {
	const parsed = parseIpAllowlist(text);
	if (!parsed.ok || !parsed.allowlist) throw new Error(`expected an allowlist from ${text}`);
	return parsed.allowlist;
}

describe('parseIpAllowlist', () => {
	it('reads an empty list as no allowlist: every caller', () => {
		expect(parseIpAllowlist('')).toEqual({ ok: true, allowlist: undefined });
		expect(parseIpAllowlist(' ,\n , ')).toEqual({ ok: true, allowlist: undefined });
	});

	it('separates entries by commas, spaces and newlines alike', () => {
		const list = allowlist('203.0.113.7,  10.0.0.0/8\n2001:db8::/32\r\n::1');
		for (const address of ['203.0.113.7', '10.200.1.1', '2001:db8:ffff::1', '::1']) {
			expect(isAllowedIp(list, address)).toBe(true);
		}
	});

	it('names every bad entry at once, and refuses the whole list', () => {
		expect(
			parseIpAllowlist('203.0.113.7, 10.0.0.300, 10.0.0.0/33, 2001:db8::/129, example.com, 01.2.3.4, 10.0.0.0/, /8'),
		).toEqual({
			ok: false,
			problems: ['10.0.0.300', '10.0.0.0/33', '2001:db8::/129', 'example.com', '01.2.3.4', '10.0.0.0/', '/8'].map(
				(entry) =>
					`Allowed IPs: "${entry}" is not an IPv4 or IPv6 address or CIDR range (e.g. 203.0.113.7, 10.0.0.0/8, 2001:db8::/32)`,
			),
		});
	});

	it('refuses entries with a zone id, which name an interface of this host rather than a caller', () => {
		expect(parseIpAllowlist('fe80::1%eth0, fe80::%eth0/10')).toEqual({
			ok: false,
			problems: [
				'Allowed IPs: "fe80::1%eth0" has a zone id (the part from %): write it without',
				'Allowed IPs: "fe80::%eth0/10" has a zone id (the part from %): write it without',
			],
		});
	});
});

describe('isAllowedIp', () => {
	it('matches single IPv4 addresses exactly', () => {
		const list = allowlist('203.0.113.7');
		expect(isAllowedIp(list, '203.0.113.7')).toBe(true);
		expect(isAllowedIp(list, '203.0.113.8')).toBe(false);
	});

	it('matches IPv4 ranges at their edges', () => {
		const list = allowlist('198.51.100.0/24');
		expect(isAllowedIp(list, '198.51.100.0')).toBe(true);
		expect(isAllowedIp(list, '198.51.100.255')).toBe(true);
		expect(isAllowedIp(list, '198.51.101.0')).toBe(false);
		expect(isAllowedIp(list, '198.51.99.255')).toBe(false);
	});

	it('reads a range with host bits set as its network', () => {
		const list = allowlist('10.1.2.3/8');
		expect(isAllowedIp(list, '10.9.9.9')).toBe(true);
		expect(isAllowedIp(list, '11.0.0.0')).toBe(false);
	});

	it('matches IPv6 addresses in any spelling, and IPv6 ranges', () => {
		const list = allowlist('::1, 2001:db8::/32');
		expect(isAllowedIp(list, '0:0:0:0:0:0:0:1')).toBe(true);
		expect(isAllowedIp(list, '::2')).toBe(false);
		expect(isAllowedIp(list, '2001:DB8:1234::abcd')).toBe(true);
		expect(isAllowedIp(list, '2001:db9::1')).toBe(false);
	});

	it('matches IPv4-mapped IPv6 clients (dual-stack sockets) against IPv4 entries', () => {
		const list = allowlist('203.0.113.7, 10.0.0.0/8');
		expect(isAllowedIp(list, '::ffff:203.0.113.7')).toBe(true);
		expect(isAllowedIp(list, '::ffff:cb00:7107')).toBe(true);
		expect(isAllowedIp(list, '::ffff:10.20.30.40')).toBe(true);
		expect(isAllowedIp(list, '::ffff:203.0.113.8')).toBe(false);
		expect(isAllowedIp(list, '::ffff:11.0.0.1')).toBe(false);
	});

	it('keeps the families apart otherwise', () => {
		expect(isAllowedIp(allowlist('10.0.0.0/8'), '::a00:1')).toBe(false);
		expect(isAllowedIp(allowlist('2001:db8::/32'), '203.0.113.7')).toBe(false);
	});

	it('admits IPv4 clients under ::/0, since every IPv4 address has an IPv6 form', () => {
		expect(isAllowedIp(allowlist('::/0'), '203.0.113.7')).toBe(true);
	});

	it('matches a link-local client by its address, whatever interface (zone) it came in on', () => {
		const list = allowlist('fe80::/10');
		expect(isAllowedIp(list, 'fe80::1%eth0')).toBe(true);
		expect(isAllowedIp(allowlist('::1'), 'fe80::1%eth0')).toBe(false);
	});

	it('fails closed without a usable client address', () => {
		const list = allowlist('0.0.0.0/0, ::/0');
		for (const address of [undefined, '', 'localhost', '203.0.113.7:443', ' 203.0.113.7', '%eth0']) {
			expect(isAllowedIp(list, address)).toBe(false);
		}
		expect(isAllowedIp(list, 42 as unknown as string)).toBe(false);
	});
});
