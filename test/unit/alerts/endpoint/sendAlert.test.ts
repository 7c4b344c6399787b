import { probeAlertEndpoint, sendAlert } from '../../../../nodes/core/alerts/endpoint';
import { createNodeHttp } from '../../../../nodes/core/delivery/nodeHttp';
import type { HttpFunction } from '../../../../nodes/core/delivery/types';
import type { InboundAlert } from '../../../../nodes/core/schemas/alert';
import { startAlertEndpoint, type AlertEndpointServer } from '../../../support/alertEndpointServer';

const TOKEN = 'm365_hook_7d1f0c2b9e8a4f6b';
const CONTOSO = '0f8fad5b-d9cb-469f-a165-70867728950e';

const alert: InboundAlert = {
	title: 'Server unreachable',
	description: 'Monitoring probe failed 3 times in a row.',
	severity: 'high',
	category: 'system',
	customerTenantId: null,
	customerTenantDomain: 'contoso.com',
	dedupeKey: 'prtg:server-123',
	metadata: { probe: 'ping' },
};

let server: AlertEndpointServer;
// The test endpoint is on loopback, which a real send refuses unless the credential allows private addresses.
const http = createNodeHttp({ allowPrivateNetwork: true });
const noWait = { sleep: async () => undefined, random: () => 0 };
const options = { http, timeoutMs: 2000, maxAttempts: 3, ...noWait };

beforeAll(async () => {
	server = await startAlertEndpoint({
		hooks: { abc123: TOKEN, off: TOKEN },
		disabled: ['off'],
		tenants: [{ domain: 'contoso.com', id: CONTOSO }],
	});
});
afterAll(() => server.close());
beforeEach(() => server.received.splice(0));

describe('sendAlert against a Manage365-style endpoint', () => {
	it('POSTs the alert with the bearer token and returns the alertId of the 202; a repeat of the key names the same alert', async () => {
		const first = await sendAlert({ url: server.urlFor('abc123'), token: TOKEN }, alert, options);
		expect(first).toEqual({
			ok: true,
			alertId: expect.stringMatching(/^[0-9a-f-]{36}$/),
			status: 202,
			attempts: [{ n: 1, status: 202, error: null, durationMs: expect.any(Number) }],
		});
		const [request] = server.received;
		expect(request).toMatchObject({ method: 'POST', path: '/api/v1/inbound/abc123' });
		expect(request.headers).toMatchObject({ authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' });
		expect(JSON.parse(request.body)).toEqual({
			title: alert.title,
			description: alert.description,
			severity: 'high',
			category: 'system',
			customerTenantDomain: 'contoso.com',
			dedupeKey: 'prtg:server-123',
			metadata: { probe: 'ping' },
		});
		const second = await sendAlert({ url: server.urlFor('abc123'), token: TOKEN }, alert, options);
		expect(second.ok && second.alertId).toBe(first.ok && first.alertId);
	});

	it('reports 400 with the endpoint validation message, 401 and 404, each after one attempt', async () => {
		const invalid = await sendAlert(
			{ url: server.urlFor('abc123'), token: TOKEN },
			{ ...alert, customerTenantDomain: 'fabrikam.com' },
			options,
		);
		expect(invalid).toMatchObject({
			ok: false,
			reason: 'invalid_alert',
			message:
				'The alert endpoint rejected the alert as invalid (400): customerTenantDomain: Unknown tenant domain "fabrikam.com"',
			attempts: [{ n: 1, status: 400 }],
		});
		const refused = await sendAlert({ url: server.urlFor('abc123'), token: 'm365_hook_guess' }, alert, options);
		expect(refused).toMatchObject({ ok: false, reason: 'unauthorized', status: 401, attempts: [{ status: 401 }] });
		for (const slug of ['nope', 'off']) {
			const missing = await sendAlert({ url: server.urlFor(slug), token: TOKEN }, alert, options);
			expect(missing).toMatchObject({ ok: false, reason: 'not_found', status: 404, attempts: [{ status: 404 }] });
		}
		expect(JSON.stringify([invalid, refused])).not.toContain('m365_hook_');
	});

	it('retries 5xx and gives up after the last attempt, or succeeds once the endpoint recovers', async () => {
		server.failNext(503, 502);
		const recovered = await sendAlert({ url: server.urlFor('abc123'), token: TOKEN }, alert, options);
		expect(recovered).toMatchObject({ ok: true, attempts: [{ status: 503 }, { status: 502 }, { status: 202 }] });

		server.failNext(500, 500, 500);
		const failed = await sendAlert({ url: server.urlFor('abc123'), token: TOKEN }, alert, options);
		expect(failed).toMatchObject({
			ok: false,
			reason: 'server_error',
			message: 'The alert endpoint failed with HTTP 500 after 3 attempts: unavailable',
		});
	});

	it('reports an endpoint it cannot reach without the token, and an invalid credential without sending', async () => {
		const down = await sendAlert({ url: 'http://127.0.0.1:1/api/v1/inbound/abc123', token: TOKEN }, alert, {
			...options,
			maxAttempts: 2,
		});
		expect(down).toMatchObject({ ok: false, reason: 'unreachable', status: null });
		expect(!down.ok && down.message).toMatch(/^Could not reach the alert endpoint after 2 attempts: .*ECONNREFUSED/);
		expect(JSON.stringify(down)).not.toContain(TOKEN);

		const blocked = await sendAlert({ url: server.urlFor('abc123'), token: TOKEN }, alert, {
			...options,
			http: createNodeHttp(),
		});
		expect(blocked).toMatchObject({ ok: false, reason: 'blocked_address', attempts: [{ n: 1, status: null }] });
		expect(!blocked.ok && blocked.description).toMatch(
			/turn on Allow Private Network Addresses in the Hookline Alert Endpoint credential/,
		);

		const invalid = await sendAlert({ url: 'not a url', token: TOKEN }, alert, options);
		expect(invalid).toMatchObject({ ok: false, reason: 'invalid_endpoint', attempts: [] });
	});

	it('blanks the bare token from transport errors that quote it', async () => {
		const leaky: HttpFunction = async () => {
			throw Object.assign(new Error(`socket hang up near ${TOKEN}`), { code: 'ECONNRESET' });
		};
		const result = await sendAlert({ url: server.urlFor('abc123'), token: TOKEN }, alert, {
			...options,
			http: leaky,
			maxAttempts: 1,
		});
		expect(JSON.stringify(result)).not.toContain(TOKEN);
		expect(!result.ok && result.message).toContain('[redacted]');
	});

	it('refuses a 2xx that names no alert', async () => {
		const blank: HttpFunction = async () => ({ status: 200, headers: {}, body: Buffer.from('OK') });
		const result = await sendAlert({ url: server.urlFor('abc123'), token: TOKEN }, alert, { ...options, http: blank });
		expect(result).toMatchObject({ ok: false, reason: 'no_alert_id', status: 200 });
	});
});

describe('probeAlertEndpoint (the credential test)', () => {
	const probe = (url: string, token = TOKEN) => probeAlertEndpoint({ url, token }, { http, timeoutMs: 2000 });

	it('counts the 400 to an empty test alert as an accepted token, and creates nothing', async () => {
		expect(await probe(server.urlFor('abc123'))).toEqual({
			ok: true,
			message: 'The endpoint accepted the token (it refused the empty test alert with 400, as expected)',
		});
		expect(server.received.map((request) => request.body)).toEqual(['{}']);
	});

	it('names a refused token, a URL that is no hook, a failing and an unreachable endpoint', async () => {
		expect(await probe(server.urlFor('abc123'), 'm365_hook_guess')).toMatchObject({
			ok: false,
			message: expect.stringMatching(/^The alert endpoint refused the token \(401\)/),
		});
		expect(await probe(server.urlFor('nope'))).toMatchObject({
			ok: false,
			message: expect.stringMatching(/^No such alert endpoint \(404\)/),
		});
		server.failNext(500);
		expect(await probe(server.urlFor('abc123'))).toMatchObject({
			ok: false,
			message: expect.stringMatching(/HTTP 500/),
		});
		const down = await probe('http://127.0.0.1:1/x');
		expect(down).toMatchObject({
			ok: false,
			message: expect.stringMatching(/^Could not reach the alert endpoint: .*ECONNREFUSED/),
		});
		expect(down.message).not.toContain(TOKEN);
		expect((await probe('')).message).toMatch(/not a valid URL/);
	});

	it('still accepts an endpoint that takes even an empty alert, and says so', async () => {
		const lenient: HttpFunction = async () => ({
			status: 202,
			headers: {},
			body: Buffer.from('{"ok":true,"alertId":"x"}'),
		});
		expect(
			await probeAlertEndpoint({ url: server.urlFor('abc123'), token: TOKEN }, { http: lenient, timeoutMs: 1000 }),
		).toEqual({
			ok: true,
			message: expect.stringMatching(/also accepted an empty test alert \(HTTP 202\)/),
		});
	});
});
