import {
	compileDestinationPolicy,
	hostnameMatcher,
	parseCidr,
	type DestinationRules,
} from '../../../nodes/core/delivery/destinationPolicy';

const allows = (rules: DestinationRules, address: string) =>
	compileDestinationPolicy(rules).checkAddress(address) === undefined;

describe('compileDestinationPolicy: the built-in rule', () => {
	it('refuses non-public addresses unless private networks are allowed', () => {
		expect(allows({}, '93.184.216.34')).toBe(true);
		expect(allows({}, '10.1.2.3')).toBe(false);
		expect(allows({}, '::1')).toBe(false);
		expect(allows({ allowPrivateNetwork: true }, '10.1.2.3')).toBe(true);
		expect(allows({ allowPrivateNetwork: true }, '169.254.169.254')).toBe(true);
	});

	it('says what the address is and names the node switch, nothing about operator lists when there are none', () => {
		const refusal = compileDestinationPolicy().checkAddress('127.0.0.1');
		expect(refusal?.reason).toBe('it is a loopback address');
		expect(refusal?.remedy).toContain('Allow Private Network Addresses');
		expect(refusal?.remedy).not.toContain('administrator');
	});

	it('trusts no host name and refuses none by name', () => {
		expect(compileDestinationPolicy().checkHostname('localhost')).toEqual({ kind: 'checkAddresses' });
	});

	it('refuses text that is not an address', () => {
		expect(() => compileDestinationPolicy().checkAddress('example.com')).toThrow(TypeError);
	});
});

describe('compileDestinationPolicy: operator lists', () => {
	const labels = {
		allowedRanges: 'ALLOWED_RANGES',
		blockedRanges: 'BLOCKED_RANGES',
		allowedHostnames: 'ALLOWED_NAMES',
		blockedHostnames: 'BLOCKED_NAMES',
	};

	it('an allowed range lets private addresses through without the node switch, and only those', () => {
		const rules = { allowedRanges: ['10.20.0.0/16', 'fd00:1::/64'] };
		expect(allows(rules, '10.20.3.4')).toBe(true);
		expect(allows(rules, '::ffff:10.20.3.4')).toBe(true);
		expect(allows(rules, 'fd00:1::5')).toBe(true);
		expect(allows(rules, '10.21.0.1')).toBe(false);
		expect(allows(rules, '127.0.0.1')).toBe(false);
	});

	it('an allowed range wins over a blocked one, as in n8n', () => {
		expect(allows({ allowedRanges: ['10.0.0.5/32'], blockedRanges: ['10.0.0.0/8'] }, '10.0.0.5')).toBe(true);
		expect(allows({ allowedRanges: ['10.0.0.5/32'], blockedRanges: ['10.0.0.0/8'] }, '10.0.0.6')).toBe(false);
	});

	it('a blocked range adds to the built-in rule: public addresses too, and even with private networks allowed', () => {
		const rules = { blockedRanges: ['93.184.216.0/24', '10.0.0.0/8'], labels };
		expect(allows(rules, '93.184.216.34')).toBe(false);
		expect(allows(rules, '93.184.217.1')).toBe(true);
		expect(allows({ ...rules, allowPrivateNetwork: true }, '10.1.2.3')).toBe(false);
		expect(allows({ ...rules, allowPrivateNetwork: true }, '192.168.1.1')).toBe(true);
		const refusal = compileDestinationPolicy({ ...rules, allowPrivateNetwork: true }).checkAddress('10.1.2.3');
		expect(refusal?.reason).toBe('it is in a range blocked by BLOCKED_RANGES');
		expect(refusal?.remedy).toMatch(/does not lift this rule.*ALLOWED_RANGES.*ALLOWED_NAMES/);
	});

	it('a blocked IPv4 range also blocks the IPv6 forms that reach it', () => {
		const rules = { blockedRanges: ['93.184.216.0/24'] };
		expect(allows(rules, '::ffff:93.184.216.34')).toBe(false);
		expect(allows(rules, '64:ff9b::5db8:d822')).toBe(false); // NAT64 of 93.184.216.34
		expect(allows(rules, '2002:5db8:d822::1')).toBe(false); // 6to4 of 93.184.216.34
	});

	it('a refusal by the built-in rule also names the operator lists once they are in force', () => {
		const refusal = compileDestinationPolicy({ allowedRanges: [], labels }).checkAddress('10.1.2.3');
		expect(refusal?.remedy).toMatch(/Allow Private Network Addresses.*or an administrator.*ALLOWED_RANGES/);
	});

	it('an allowed host name is trusted as such; a blocked one is refused before any lookup', () => {
		const policy = compileDestinationPolicy({
			allowedHostnames: ['psa.internal', '*.corp.example'],
			blockedHostnames: ['*.corp.example', 'evil.example'],
			labels,
		});
		expect(policy.checkHostname('psa.internal')).toEqual({ kind: 'trusted' });
		expect(policy.checkHostname('PSA.Internal.')).toEqual({ kind: 'trusted' });
		expect(policy.checkHostname('tickets.corp.example')).toEqual({ kind: 'trusted' });
		expect(policy.checkHostname('other.example')).toEqual({ kind: 'checkAddresses' });
		const refused = policy.checkHostname('evil.example');
		expect(refused).toMatchObject({
			kind: 'refused',
			refusal: { reason: 'its host name is blocked by BLOCKED_NAMES' },
		});
	});

	it('ignores entries that are no CIDR range, and reports them', () => {
		const policy = compileDestinationPolicy({
			allowedRanges: ['10.0.0.5', ' 10.1.0.0/16 ', '', 'nonsense', '10.0.0.0/33'],
			blockedRanges: ['fd00::/129'],
		});
		expect(policy.ignoredEntries).toEqual(['10.0.0.5', 'nonsense', '10.0.0.0/33', 'fd00::/129']);
		expect(policy.checkAddress('10.1.2.3')).toBeUndefined();
		expect(policy.checkAddress('10.0.0.5')).toBeDefined();
	});
});

describe('parseCidr', () => {
	it.each([
		['10.0.0.0/8', { network: '10.0.0.0', prefix: 8, family: 'ipv4' }],
		['0.0.0.0/0', { network: '0.0.0.0', prefix: 0, family: 'ipv4' }],
		['fc00::/7', { network: 'fc00::', prefix: 7, family: 'ipv6' }],
		['::/0', { network: '::', prefix: 0, family: 'ipv6' }],
	])('reads %s', (entry, expected) => expect(parseCidr(entry)).toEqual(expected));

	it.each(['10.0.0.1', '10.0.0.0/', '10.0.0.0/33', '::/129', 'host/8', '10.0.0.0/8/8', '10.0.0.0/-1'])(
		'refuses %s',
		(entry) => expect(parseCidr(entry)).toBeUndefined(),
	);
});

describe('hostnameMatcher', () => {
	const matches = hostnameMatcher(['api.example.com', '*.n8n.internal', '  ', 'Upper.Example.']);

	it('matches exact names whatever their case or trailing dot', () => {
		expect(matches('api.example.com')).toBe(true);
		expect(matches('API.example.com.')).toBe(true);
		expect(matches('upper.example')).toBe(true);
		expect(matches('www.api.example.com')).toBe(false);
	});

	it('matches a wildcard below its suffix only, not the suffix itself nor a look-alike', () => {
		expect(matches('a.n8n.internal')).toBe(true);
		expect(matches('a.b.n8n.internal')).toBe(true);
		expect(matches('n8n.internal')).toBe(false);
		expect(matches('eviln8n.internal')).toBe(false);
	});

	it('matches nothing for an empty list', () => {
		expect(hostnameMatcher([])('example.com')).toBe(false);
	});
});
