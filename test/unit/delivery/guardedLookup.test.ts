import type { LookupAddress, LookupOptions } from 'node:dns';

import { compileDestinationPolicy, type DestinationRules } from '../../../nodes/core/delivery/destinationPolicy';
import { BLOCKED_ADDRESS_CODE, createGuardedLookup, type Resolver } from '../../../nodes/core/delivery/guardedLookup';

/** A DNS that answers from a table, and counts how often it was asked. */
function table(entries: Record<string, LookupAddress[]>) {
	const asked: string[] = [];
	const resolve: Resolver = async (hostname) => {
		asked.push(hostname);
		const found = entries[hostname];
		if (!found) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
		return found;
	};
	return { resolve, asked };
}

function lookupWith(
	resolve: Resolver,
	allowPrivateNetwork: boolean | DestinationRules,
	hostname: string,
	options: LookupOptions,
) {
	const lookup =
		typeof allowPrivateNetwork === 'boolean'
			? createGuardedLookup({ allowPrivateNetwork, resolve })
			: createGuardedLookup({ policy: compileDestinationPolicy(allowPrivateNetwork), resolve });
	return new Promise<{ error: NodeJS.ErrnoException | null; address: unknown; family?: number }>((done) =>
		lookup(hostname, options, (error, address, family) => done({ error, address, family })),
	);
}

const v4 = (address: string): LookupAddress => ({ address, family: 4 });
const v6 = (address: string): LookupAddress => ({ address, family: 6 });

const dns = table({
	'public.example': [v4('93.184.216.34'), v6('2606:2800:220:1:248:1893:25c8:1946')],
	'metadata.example': [v4('169.254.169.254')],
	'mixed.example': [v4('93.184.216.34'), v4('10.0.0.5')],
	'mapped.example': [v6('::ffff:127.0.0.1')],
	'empty.example': [],
});

describe('createGuardedLookup', () => {
	it('answers a public name in the form node asked for', async () => {
		const one = await lookupWith(dns.resolve, false, 'public.example', {});
		expect(one).toEqual({ error: null, address: '93.184.216.34', family: 4 });
		const all = await lookupWith(dns.resolve, false, 'public.example', { all: true });
		expect(all.error).toBeNull();
		expect(all.address).toEqual([v4('93.184.216.34'), v6('2606:2800:220:1:248:1893:25c8:1946')]);
	});

	it('refuses a name that resolves to a non-public address, naming both', async () => {
		const { error } = await lookupWith(dns.resolve, false, 'metadata.example', {});
		expect(error?.code).toBe(BLOCKED_ADDRESS_CODE);
		expect(error?.message).toContain('metadata.example (169.254.169.254)');
		expect(error?.message).toContain('a link-local address');
		expect(error?.message).toContain('Allow Private Network Addresses');
	});

	it('refuses a name when any of its addresses is private, and IPv4-mapped loopback', async () => {
		expect((await lookupWith(dns.resolve, false, 'mixed.example', { all: true })).error?.code).toBe(
			BLOCKED_ADDRESS_CODE,
		);
		expect((await lookupWith(dns.resolve, false, 'mapped.example', {})).error?.message).toContain('a loopback address');
	});

	it('asks DNS again on every connection, so a name rebound to a private address is caught', async () => {
		let answer = '93.184.216.34';
		const rebinding: Resolver = async () => [v4(answer)];
		expect((await lookupWith(rebinding, false, 'rebind.example', {})).error).toBeNull();
		answer = '127.0.0.1';
		expect((await lookupWith(rebinding, false, 'rebind.example', {})).error?.code).toBe(BLOCKED_ADDRESS_CODE);
	});

	it('lets private addresses through when allowed', async () => {
		expect(await lookupWith(dns.resolve, true, 'metadata.example', {})).toEqual({
			error: null,
			address: '169.254.169.254',
			family: 4,
		});
	});

	it('passes DNS failures on and turns an empty answer into ENOTFOUND', async () => {
		expect((await lookupWith(dns.resolve, false, 'nowhere.example', {})).error?.code).toBe('ENOTFOUND');
		expect((await lookupWith(dns.resolve, false, 'empty.example', {})).error?.code).toBe('ENOTFOUND');
	});

	it('trusts an allowed host name whatever it resolves to, as n8n does', async () => {
		const rules = { allowedHostnames: ['metadata.example'] };
		expect(await lookupWith(dns.resolve, rules, 'metadata.example', {})).toEqual({
			error: null,
			address: '169.254.169.254',
			family: 4,
		});
		expect((await lookupWith(dns.resolve, rules, 'mixed.example', {})).error?.code).toBe(BLOCKED_ADDRESS_CODE);
	});

	it('refuses a blocked host name without asking DNS', async () => {
		const { resolve, asked } = table({ 'public.example': [v4('93.184.216.34')] });
		const { error } = await lookupWith(
			resolve,
			{ blockedHostnames: ['public.example'], labels: { blockedHostnames: 'BLOCKED_NAMES' } },
			'public.example',
			{},
		);
		expect(error?.code).toBe(BLOCKED_ADDRESS_CODE);
		expect(error?.message).toBe(
			'Refused to connect to public.example: its host name is blocked by BLOCKED_NAMES. "Allow Private Network Addresses" does not lift this rule; the allowed host names can',
		);
		expect(asked).toEqual([]);
	});

	it('lets an allowed range through and refuses a blocked one among the resolved addresses', async () => {
		expect((await lookupWith(dns.resolve, { allowedRanges: ['10.0.0.0/24'] }, 'mixed.example', {})).error).toBeNull();
		const blocked = await lookupWith(
			dns.resolve,
			{ allowPrivateNetwork: true, blockedRanges: ['93.184.216.0/24'] },
			'public.example',
			{ all: true },
		);
		expect(blocked.error?.message).toContain('public.example (93.184.216.34): it is in a range blocked by');
	});
});
