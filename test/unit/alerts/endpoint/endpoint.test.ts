import { alertBody, checkEndpoint, endpointHeaders } from '../../../../nodes/core/alerts/endpoint';
import type { InboundAlert } from '../../../../nodes/core/schemas/alert';

const alert: InboundAlert = {
	title: 'Server unreachable',
	description: 'Monitoring probe failed 3 times in a row.',
	severity: 'high',
	category: 'system',
	customerTenantId: null,
	customerTenantDomain: 'client.onmicrosoft.com',
	dedupeKey: 'prtg:server-123',
	metadata: {},
};

describe('checkEndpoint', () => {
	it('accepts an http(s) URL and a token, trimming pasted white space', () => {
		expect(checkEndpoint({ url: ' https://api.example.com/api/v1/inbound/abc ', token: 'm365_hook_x\n' })).toEqual({
			ok: true,
			url: 'https://api.example.com/api/v1/inbound/abc',
			token: 'm365_hook_x',
		});
	});

	it.each([
		[{ url: '', token: 't' }, /not a valid URL/],
		[{ url: 'ftp://example.com/x', token: 't' }, /must start with https:\/\//],
		[{ url: 'https://user:pw@example.com/x', token: 't' }, /must not contain a user name or password/],
		[{ url: 'https://example.com/x', token: '  ' }, /has no token/],
		[{ url: 'https://example.com/x', token: 'a\u0000b' }, /control characters/],
	])('refuses %j', (endpoint, message) => {
		const checked = checkEndpoint(endpoint);
		expect(checked.ok).toBe(false);
		expect(!checked.ok && checked.message).toMatch(message);
	});
});

describe('the request', () => {
	it('is the Manage365 body with only the fields that have a value', () => {
		expect(JSON.parse(alertBody(alert).toString())).toEqual({
			title: 'Server unreachable',
			description: 'Monitoring probe failed 3 times in a row.',
			severity: 'high',
			category: 'system',
			customerTenantDomain: 'client.onmicrosoft.com',
			dedupeKey: 'prtg:server-123',
		});
		const full = { ...alert, customerTenantId: '0f8fad5b-d9cb-469f-a165-70867728950e', metadata: { probe: 3 } };
		expect(JSON.parse(alertBody(full).toString())).toMatchObject({
			customerTenantId: full.customerTenantId,
			metadata: { probe: 3 },
		});
	});

	it('carries the token as a bearer token and asks for JSON', () => {
		expect(endpointHeaders('m365_hook_x')).toMatchObject({
			Authorization: 'Bearer m365_hook_x',
			'Content-Type': 'application/json',
			Accept: 'application/json',
		});
	});
});
