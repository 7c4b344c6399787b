import { createHash, createHmac, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import twilio from 'twilio';

import {
	BASIC_CREDENTIAL,
	DISCORD_KEY_CREDENTIAL,
	NEWER_RESPONDER,
	SECRET_CREDENTIAL,
	SENDGRID_KEY_CREDENTIAL,
	senderTriggers,
	sendersWorkflow,
} from './fixtures/sendersWorkflow';
import type { StoredExecution } from './support/n8nInstance';
import { N8nInstance } from './support/n8nInstance';

// Each sender signs as its own documentation and libraries say (sources in nodes/core/verification/presets.ts).
const SECRET = `senders-${randomBytes(16).toString('hex')}`;
const VERIFY_TOKEN = `meta-verify-${randomBytes(8).toString('hex')}`;
const HALO_PASSWORD = `halo-${randomBytes(12).toString('hex')}`;
const nowSeconds = () => Math.floor(Date.now() / 1000);
const hmac = (algorithm: string, content: string, encoding: 'hex' | 'base64', key = SECRET) =>
	createHmac(algorithm, key).update(content).digest(encoding);

const discordKeys = generateKeyPairSync('ed25519');
const discordPublicHex = Buffer.from(discordKeys.publicKey.export({ format: 'jwk' }).x!, 'base64url').toString('hex');
const sendgridKeys = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
const sendgridPublicBase64 = (sendgridKeys.publicKey.export({ format: 'der', type: 'spki' }) as Buffer).toString(
	'base64',
);

describe('Every sender an MSP wires up, in a real n8n', () => {
	let n8n: N8nInstance;
	let jwks: Server;
	let jwtKey: Awaited<ReturnType<typeof generateKeyPair>>;
	const expected: Record<string, number> = {};

	const url = (path: string, query = '') => `${n8n.baseUrl}/webhook/${path}${query}`;
	const post = (path: string, body: string, headers: Record<string, string>, query = '') =>
		fetch(url(path, query), { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
	const accepted = (name: string) => {
		expected[name] = (expected[name] ?? 0) + 1;
	};
	const executionsOf = (executions: StoredExecution[], name: string) =>
		executions.filter((e) => e.data?.resultData.runData[name] !== undefined);
	const itemOf = (execution: StoredExecution, name: string) =>
		execution.data!.resultData.runData[name][0].data!.main[0]![0].json;

	beforeAll(async () => {
		jwtKey = await generateKeyPair('RS256');
		const jwk = { ...(await exportJWK(jwtKey.publicKey)), kid: 'e2e-1', alg: 'RS256', use: 'sig' };
		// The same key server with ?down=1 is a key set host that fails.
		jwks = createServer((req, res) => {
			if (req.url?.includes('down=1')) res.writeHead(500).end();
			else res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] }));
		});
		await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
		const jwksUrl = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/jwks.json`;

		n8n = await N8nInstance.create({
			workflows: [
				sendersWorkflow('HooklineSenders01', senderTriggers(jwksUrl)),
				sendersWorkflow('HooklineSenders02', [NEWER_RESPONDER]),
			],
			secrets: [SECRET, VERIFY_TOKEN, HALO_PASSWORD],
			inactivePaths: [NEWER_RESPONDER.path],
			// As behind one reverse proxy: n8n takes the client address from the last X-Forwarded-For entry.
			extraEnv: { N8N_PROXY_HOPS: '1' },
			credentials: [
				{ ...SECRET_CREDENTIAL, type: 'hooklineSecretApi', data: { secret: SECRET, verifyToken: VERIFY_TOKEN } },
				{ ...DISCORD_KEY_CREDENTIAL, type: 'hooklinePublicKeyApi', data: { publicKey: discordPublicHex } },
				{ ...SENDGRID_KEY_CREDENTIAL, type: 'hooklinePublicKeyApi', data: { publicKey: sendgridPublicBase64 } },
				{ ...BASIC_CREDENTIAL, type: 'httpBasicAuth', data: { user: 'halo', password: HALO_PASSWORD } },
			],
		});
	}, 600_000);

	afterAll(async () => {
		await n8n?.dispose();
		await new Promise((resolve) => jwks?.close(resolve));
	});

	it('Slack: answers the signed url_verification with the challenge and no execution, then accepts events', async () => {
		const slack = (body: string, at = nowSeconds()) => ({
			'x-slack-request-timestamp': String(at),
			'x-slack-signature': `v0=${hmac('sha256', `v0:${at}:${body}`, 'hex')}`,
		});
		const challenge = '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P';
		const check = JSON.stringify({ token: 'x', challenge, type: 'url_verification' });
		const answer = await post('s/slack', check, slack(check));
		expect(answer.status).toBe(200);
		expect(await answer.text()).toBe(JSON.stringify({ challenge }));
		// Unsigned, the same check is refused: only Slack may learn the URL is ours.
		expect((await post('s/slack', check, slack(check, nowSeconds() - 3600))).status).toBe(401);

		const event = JSON.stringify({ type: 'event_callback', event: { type: 'app_mention', text: 'hi' } });
		expect((await post('s/slack', event, slack(event))).status).toBe(202);
		accepted('Slack');
	});

	it('Zoom: answers endpoint.url_validation with the HMAC of plainToken, then accepts events', async () => {
		const zoom = (body: string, at = nowSeconds()) => ({
			'x-zm-request-timestamp': String(at),
			'x-zm-signature': `v0=${hmac('sha256', `v0:${at}:${body}`, 'hex')}`,
		});
		const check = JSON.stringify({
			payload: { plainToken: 'qgg8vlvZRS6UYooatFL8Aw' },
			event: 'endpoint.url_validation',
		});
		const answer = await post('s/zoom', check, zoom(check));
		expect(answer.status).toBe(200);
		expect(await answer.json()).toEqual({
			plainToken: 'qgg8vlvZRS6UYooatFL8Aw',
			encryptedToken: hmac('sha256', 'qgg8vlvZRS6UYooatFL8Aw', 'hex'),
		});
		const event = JSON.stringify({ event: 'meeting.started', payload: { object: { id: '1' } } });
		expect((await post('s/zoom', event, zoom(event))).status).toBe(202);
		accepted('Zoom');
		expect((await post('s/zoom', event, { ...zoom(event), 'x-zm-signature': 'v0=00' })).status).toBe(401);
	});

	it('Discord: answers the Ed25519-signed PING with {"type":1}, accepts interactions, refuses tampered ones', async () => {
		const discord = (body: string, at = String(nowSeconds())) => ({
			'x-signature-timestamp': at,
			'x-signature-ed25519': sign(null, Buffer.from(at + body), discordKeys.privateKey).toString('hex'),
		});
		const ping = '{"type":1,"id":"1","application_id":"2"}';
		const answer = await post('s/discord', ping, discord(ping));
		expect(answer.status).toBe(200);
		expect(await answer.text()).toBe('{"type":1}');

		const interaction = JSON.stringify({ type: 2, data: { name: 'ticket' } });
		expect((await post('s/discord', interaction, discord(interaction))).status).toBe(202);
		accepted('Discord');
		expect((await post('s/discord', interaction.replace('ticket', 'tickets'), discord(interaction))).status).toBe(401);
		expect((await post('s/discord', ping, {})).status).toBe(401);
	});

	it('Meta: answers the GET subscription check with the challenge only for the Verify Token, then accepts events', async () => {
		const check = (token: string) =>
			fetch(url('s/meta', `?hub.mode=subscribe&hub.verify_token=${token}&hub.challenge=1158201444`));
		const answer = await check(VERIFY_TOKEN);
		expect(answer.status).toBe(200);
		expect(answer.headers.get('content-type')).toMatch(/^text\/plain/);
		expect(await answer.text()).toBe('1158201444');
		const refused = await check('not-the-token');
		expect(refused.status).toBe(403);
		expect(await refused.json()).toEqual({ ok: false, error: 'forbidden' });

		const event = JSON.stringify({ object: 'page', entry: [{ id: '1', changes: [] }] });
		const signed = { 'x-hub-signature-256': `sha256=${hmac('sha256', event, 'hex')}` };
		expect((await post('s/meta', event, signed)).status).toBe(202);
		accepted('Meta');
	});

	it('Microsoft Graph: echoes validationToken as text, accepts notifications whose clientState matches and drops it', async () => {
		const answer = await post('s/graph', '', {}, '?validationToken=Validation%3A%20Testing%20client%20application');
		expect(answer.status).toBe(200);
		expect(answer.headers.get('content-type')).toMatch(/^text\/plain/);
		expect(await answer.text()).toBe('Validation: Testing client application');

		const notification = (clientState: string) =>
			JSON.stringify({ value: [{ subscriptionId: 's1', clientState, changeType: 'created', resource: 'Users/1' }] });
		expect((await post('s/graph', notification(SECRET), {})).status).toBe(202);
		accepted('Graph');
		expect((await post('s/graph', notification('guess'), {})).status).toBe(401);
	});

	it("Twilio: accepts a form post signed as Twilio's own library signs it, refuses a changed parameter", async () => {
		const params = { CallSid: 'CA1234567890ABCDE', From: '+14158675309', To: '+18005551212', Digits: '1234' };
		const signedUrl = url('s/twilio', '?site=east');
		const signature = twilio.getExpectedTwilioSignature(SECRET, signedUrl, params);
		const form = (values: Record<string, string>) =>
			fetch(signedUrl, {
				method: 'POST',
				headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
				body: new URLSearchParams(values).toString(),
			});
		expect((await form(params)).status).toBe(202);
		accepted('Twilio');
		expect((await form({ ...params, Digits: '9999' })).status).toBe(401);
	});

	it('SendGrid: accepts events with the ECDSA signature of the timestamp and body, refuses tampered ones', async () => {
		const events = JSON.stringify([{ email: 'a@example.com', event: 'delivered', sg_event_id: 'e1' }]);
		const at = String(nowSeconds());
		const signature = sign('sha256', Buffer.from(at + events), { key: sendgridKeys.privateKey, dsaEncoding: 'der' });
		const headers = {
			'x-twilio-email-event-webhook-timestamp': at,
			'x-twilio-email-event-webhook-signature': signature.toString('base64'),
		};
		expect((await post('s/sendgrid', events, headers)).status).toBe(202);
		accepted('SendGrid');
		expect((await post('s/sendgrid', events.replace('delivered', 'bounce'), headers)).status).toBe(401);
	});

	it('PagerDuty, GitLab, Autotask and HaloPSA: their documented headers are accepted, a wrong one refused', async () => {
		const body = JSON.stringify({ event: { id: '1', event_type: 'incident.triggered' } });
		const pagerDuty = `v1=${hmac('sha256', body, 'hex', 'rotated-away')},v1=${hmac('sha256', body, 'hex')}`;
		expect((await post('s/pagerduty', body, { 'x-pagerduty-signature': pagerDuty })).status).toBe(202);
		accepted('PagerDuty');
		expect((await post('s/gitlab', body, { 'x-gitlab-token': SECRET })).status).toBe(202);
		accepted('GitLab');
		expect((await post('s/gitlab', body, { 'x-gitlab-token': 'guess' })).status).toBe(401);
		expect(
			(await post('s/autotask', body, { 'x-hook-signature': `sha1=${hmac('sha1', body, 'base64')}` })).status,
		).toBe(202);
		accepted('Autotask');
		const basic = (password: string) => `Basic ${Buffer.from(`halo:${password}`).toString('base64')}`;
		expect((await post('s/halopsa', body, { authorization: basic(HALO_PASSWORD) })).status).toBe(202);
		accepted('HaloPSA');
		expect((await post('s/halopsa', body, { authorization: basic('guess') })).status).toBe(401);
	});

	it('JWT: accepts a token from the JWKS, refuses a wrong audience and an HS256 token, answers 503 when the JWKS fails', async () => {
		const token = (audience: string, kid = 'e2e-1') =>
			new SignJWT({ sub: 'sender' })
				.setProtectedHeader({ alg: 'RS256', kid })
				.setIssuer('https://issuer.e2e')
				.setAudience(audience)
				.setIssuedAt()
				.setExpirationTime('5m')
				.sign(jwtKey.privateKey);
		const body = '{"event":"jwt"}';
		expect((await post('s/jwt', body, { authorization: `Bearer ${await token('hookline-e2e')}` })).status).toBe(202);
		accepted('JWT');
		expect((await post('s/jwt', body, { authorization: `Bearer ${await token('someone-else')}` })).status).toBe(401);
		const hs256 = await new SignJWT({})
			.setProtectedHeader({ alg: 'HS256', kid: 'e2e-1' })
			.setIssuer('https://issuer.e2e')
			.setAudience('hookline-e2e')
			.setExpirationTime('5m')
			.sign(createHash('sha256').update('public').digest());
		expect((await post('s/jwt', body, { authorization: `Bearer ${hs256}` })).status).toBe(401);

		// A key the cached set lacks: the set was fetched moments ago, so no refetch (at most one per 30 s) and a 401.
		expect(
			(await post('s/jwt', body, { authorization: `Bearer ${await token('hookline-e2e', 'e2e-2')}` })).status,
		).toBe(401);

		const down = await post('s/jwt-down', body, { authorization: `Bearer ${await token('hookline-e2e')}` });
		expect(down.status).toBe(503);
		expect(await down.json()).toEqual({ ok: false, error: 'keys_unavailable' });
		expect(down.headers.get('retry-after')).toMatch(/^\d+$/);
	});

	it('Query token on GET: accepted without the token reaching the item; refused without it', async () => {
		expect((await fetch(url('s/query', `?token=${SECRET}&ticket=42`))).status).toBe(202);
		accepted('Query');
		expect((await fetch(url('s/query', '?ticket=42'))).status).toBe(401);
		const [execution] = executionsOf(await n8n.waitForExecutions(1), 'Query');
		expect(itemOf(execution, 'Query').query).toEqual({ ticket: '42' });
	});

	it("Allowed IPs: 403 with no execution outside the list, accepted inside it, by the address n8n's proxy hops trust", async () => {
		const bearer = { authorization: `Bearer ${SECRET}` };
		expect((await post('s/allowed', '{}', bearer)).status).toBe(202);
		accepted('Allowed');
		const refused = await post('s/fenced', '{}', bearer);
		expect(refused.status).toBe(403);
		expect(await refused.json()).toEqual({ ok: false, error: 'forbidden' });
		// One trusted hop: the proxy (this test) says the client is 10.1.2.3, inside the list.
		expect((await post('s/fenced', '{}', { ...bearer, 'x-forwarded-for': '10.1.2.3' })).status).toBe(202);
		accepted('Fenced');
		// A client that writes its own X-Forwarded-For entry gains nothing: only the proxy's last entry counts.
		const spoofed = { ...bearer, 'x-forwarded-for': '10.1.2.3, 203.0.113.9' };
		expect((await post('s/fenced', '{}', spoofed)).status).toBe(403);
	});

	it('Only Run If: a false condition is answered 200 ignored with no execution; a true one runs', async () => {
		const bearer = { authorization: `Bearer ${SECRET}` };
		const ignored = await post('s/filtered', '{"action":"closed"}', bearer);
		expect(ignored.status).toBe(200);
		expect(await ignored.json()).toEqual({ ok: true, ignored: true });
		expect((await post('s/filtered', '{"action":"opened"}', bearer)).status).toBe(202);
		accepted('Filtered');
		expect((await post('s/filtered', '{"action":"closed"}', {})).status).toBe(401);
	});

	it('Respond: the last node answers in Last Node mode, a Respond to Webhook node (version 1) in Respond Node mode', async () => {
		const bearer = { authorization: `Bearer ${SECRET}` };
		const last = await post('s/last-node', '{}', bearer);
		expect(last.status).toBe(200);
		expect(await last.json()).toMatchObject({ handledBy: 'last node', deliveryId: expect.any(String) });
		accepted('LastNode');
		const responder = await post('s/responder', '{}', bearer);
		expect(responder.status).toBe(201);
		expect(await responder.json()).toMatchObject({ handledBy: 'respond node', deliveryId: expect.any(String) });
		accepted('Responder');
		// Refusals are still the trigger's.
		expect((await post('s/responder', '{}', {})).status).toBe(401);
	});

	it('refuses to activate Respond Node mode with Respond to Webhook 1.5, saying what to do', async () => {
		const reason = 'is Respond to Webhook version 1.5, which n8n only runs after its own Webhook node';
		// n8n activates published workflows one after another after it starts, and logs a refusal when it comes.
		for (let waited = 0; !n8n.log().includes(reason) && waited < 60_000; waited += 500) {
			await new Promise((resolve) => setTimeout(resolve, 500));
		}
		expect(n8n.log()).toContain(reason);
		expect((await post(NEWER_RESPONDER.path, '{}', { authorization: `Bearer ${SECRET}` })).status).toBe(404);
	});

	it('started exactly one execution per accepted delivery and none for handshakes, refusals or ignored ones', async () => {
		const total = Object.values(expected).reduce((sum, count) => sum + count, 0);
		const executions = await n8n.waitForExecutions(total);
		await new Promise((resolve) => setTimeout(resolve, 1000));
		for (const [name, count] of Object.entries(expected)) {
			expect([name, executionsOf(executions, name).length]).toEqual([name, count]);
		}
		expect(executions).toHaveLength(total);
		const graph = itemOf(executionsOf(executions, 'Graph')[0], 'Graph');
		expect(JSON.stringify(graph.body)).not.toContain('clientState');
	});
});
