import type { INodeProperties } from 'n8n-workflow';

/** Every trigger's caller allowlist. */
export const allowedIpsProperty: INodeProperties = {
	displayName: 'Allowed IPs',
	name: 'allowedIps',
	type: 'string',
	default: '',
	placeholder: '203.0.113.7, 198.51.100.0/24, 2001:db8::/32',
	description:
		'Comma-separated IPv4 and IPv6 addresses and CIDR ranges allowed to call; others are answered 403 before anything else. Empty allows any address.',
	hint: "The caller's address is the one n8n trusts: behind a reverse proxy set N8N_PROXY_HOPS, never trust a raw X-Forwarded-For",
};
