/** The second release's inbound senders through the real nodes (Hookline Trigger and Hookline Verify) with n8n's
 * contexts mocked: handshakes answered by the trigger itself, Only Run If, Allowed IPs, secrets kept out of items,
 * the response modes, JWTs against a key set on 127.0.0.1, and what activation refuses. Senders sign as their
 * documentation says (test/support/senderSigners.ts). */
import { createHmac, randomUUID } from 'node:crypto';

import { SignJWT } from 'jose';
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IHookFunctions,
	INodeExecutionData,
	NodeTypeAndVersion,
} from 'n8n-workflow';
import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks';

import { HooklineTrigger } from '../../nodes/HooklineTrigger/HooklineTrigger.node';
import { HooklineVerify } from '../../nodes/HooklineVerify/HooklineVerify.node';
import { newSigningKey, signToken, startJwksServer, type JwksServer, type SigningKey } from '../support/jwksServer';
import { mockExecuteFunctions } from '../support/mockExecuteFunctions';
import {
	mockWebhookFunctions,
	runWebhook,
	type CapturedResponse,
	type WebhookRequestInit,
} from '../support/mockWebhookFunctions';
import {
	HALO_PASSWORD,
	HALO_USER,
	META_VERIFY_TOKEN,
	PUBLIC_URL,
	rsaPublicKeyPem,
	SENDER_SECRET,
	senderFor,
	type SignedDelivery,
} from '../support/senderSigners';
import { useThrowawayUserFolder } from '../support/userFolder';

useThrowawayUserFolder('hookline-senders-');

const trigger = new HooklineTrigger();
const verify = new HooklineVerify();
const properties = trigger.description.properties;
const SECRET_CREDENTIAL = { hooklineSecretApi: { secret: SENDER_SECRET, previousSecret: '' } };
const BASIC_CREDENTIAL = { httpBasicAuth: { user: HALO_USER, password: HALO_PASSWORD } };
const nowSeconds = () => Math.floor(Date.now() / 1000);

interface DeliverOptions {
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	childNodes?: NodeTypeAndVersion[];
}

async function deliver(parameters: Record<string, unknown>, request: WebhookRequestInit, options: DeliverOptions = {}) {
	const { ctx, response } = mockWebhookFunctions({
		properties,
		parameters: { path: 'hook', ...parameters },
		credentials: options.credentials ?? SECRET_CREDENTIAL,
		request,
		workflowId: randomUUID(),
	});
	const result = await runWebhook(trigger, ctx, response);
	return { result, response };
}

/** The request n8n hands the trigger for a signed delivery. */
const asRequest = (signed: SignedDelivery): WebhookRequestInit => ({
	method: signed.method,
	body: signed.body,
	headers: signed.headers,
	parsedBody: signed.parsedBody,
	query: signed.query,
	originalUrl: signed.originalUrl,
});

/** A delivery's accepted item (the trigger's first output). */
const itemOf = (response: CapturedResponse): IDataObject => {
	expect(response.execution).toBeDefined();
	return (response.execution!.outputs[0] as INodeExecutionData[])[0].json;
};

/** The trigger answered by itself with exactly these bytes, and started nothing. */
function expectAnsweredAlone(
	{ result, response }: Awaited<ReturnType<typeof deliver>>,
	status: number,
	contentType: 'application/json' | 'text/plain',
	body: string,
) {
	expect(response.status).toBe(status);
	expect(response.headers).toEqual({
		'content-type': `${contentType}; charset=utf-8`,
		'x-content-type-options': 'nosniff',
	});
	expect(response.body).toBe(body);
	expect(result).toEqual({ noWebhookResponse: true });
	expect(response.execution).toBeUndefined();
}

/** Refused by the trigger with this JSON answer; nothing started. */
function expectRefused({ result, response }: Awaited<ReturnType<typeof deliver>>, status: number, body: object) {
	expect(response.status).toBe(status);
	expect(response.body).toEqual(body);
	expect(result.workflowData).toBeUndefined();
	expect(result.noWebhookResponse).toBe(true);
	expect(response.execution).toBeUndefined();
}

describe('handshakes the trigger answers itself, with the exact bytes and no execution', () => {
	it('Slack: the signed url_verification gets {"challenge":c}; unsigned it is refused', async () => {
		const challenge = '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P';
		const check = JSON.stringify({ token: 'Jhj5dZrVaK7ZwHHjRyZWjbDl', challenge, type: 'url_verification' });
		const slack = senderFor('slack');
		expectAnsweredAlone(
			await deliver({ verification: 'slack' }, asRequest(await slack.sign(check))),
			200,
			'application/json',
			`{"challenge":"${challenge}"}`,
		);
		const forged = await slack.sign(check, { forger: true });
		expectRefused(await deliver({ verification: 'slack' }, asRequest(forged)), 401, {
			ok: false,
			error: 'unauthorized',
		});
	});

	const zoomCheck = JSON.stringify({
		payload: { plainToken: 'qgg8vlvZRS6UYooatFL8Aw' },
		event: 'endpoint.url_validation',
	});
	const encrypted = (secret: string) => createHmac('sha256', secret).update('qgg8vlvZRS6UYooatFL8Aw').digest('hex');

	it('Zoom: endpoint.url_validation gets plainToken and its HMAC-SHA256 under the secret, in hex', async () => {
		expectAnsweredAlone(
			await deliver({ verification: 'zoom' }, asRequest(await senderFor('zoom').sign(zoomCheck))),
			200,
			'application/json',
			`{"plainToken":"qgg8vlvZRS6UYooatFL8Aw","encryptedToken":"${encrypted(SENDER_SECRET)}"}`,
		);
	});

	it('Zoom during a rotation: a check signed with the previous secret is answered with that secret', async () => {
		const credentials = { hooklineSecretApi: { secret: 'the-new-zoom-secret', previousSecret: SENDER_SECRET } };
		const answered = await deliver({ verification: 'zoom' }, asRequest(await senderFor('zoom').sign(zoomCheck)), {
			credentials,
		});
		expectAnsweredAlone(
			answered,
			200,
			'application/json',
			`{"plainToken":"qgg8vlvZRS6UYooatFL8Aw","encryptedToken":"${encrypted(SENDER_SECRET)}"}`,
		);
		expect(String(answered.response.body)).not.toContain(encrypted('the-new-zoom-secret'));
	});

	it('Discord: the signed PING gets {"type":1}; an unsigned one is refused', async () => {
		const ping = '{"type":1,"id":"1","application_id":"2","token":"t"}';
		const discord = senderFor('discord');
		const parameters = { verification: 'discord' };
		const options = { credentials: discord.credentials };
		expectAnsweredAlone(
			await deliver(parameters, asRequest(await discord.sign(ping)), options),
			200,
			'application/json',
			'{"type":1}',
		);
		const unsigned = { body: ping, headers: { 'Content-Type': 'application/json' } };
		expectRefused(await deliver(parameters, unsigned, options), 401, { ok: false, error: 'unauthorized' });
	});

	describe("Meta's GET subscription check", () => {
		const check = (token: string) => ({
			method: 'GET',
			query: { 'hub.mode': 'subscribe', 'hub.verify_token': token, 'hub.challenge': '1158201444' },
			originalUrl: `/webhook/hook?hub.mode=subscribe&hub.verify_token=${token}&hub.challenge=1158201444`,
		});
		const forbidden = '{"ok":false,"error":"forbidden"}';

		it('gets the challenge as text/plain for the Verify Token', async () => {
			expectAnsweredAlone(
				await deliver({ verification: 'meta' }, check(META_VERIFY_TOKEN), {
					credentials: senderFor('meta').credentials,
				}),
				200,
				'text/plain',
				'1158201444',
			);
		});

		it('is refused 403 for another token', async () => {
			expectAnsweredAlone(
				await deliver({ verification: 'meta' }, check('guessed'), { credentials: senderFor('meta').credentials }),
				403,
				'application/json',
				forbidden,
			);
		});

		it('is refused 403 while the credential has no Verify Token, even for an empty one', async () => {
			for (const token of ['', META_VERIFY_TOKEN]) {
				expectAnsweredAlone(await deliver({ verification: 'meta' }, check(token)), 403, 'application/json', forbidden);
			}
		});
	});

	it.each(['POST', 'GET'])(
		'Microsoft Graph: ?validationToken= by %s is echoed as text/plain, nosniff',
		async (method) => {
			const token = 'Validation: Token <b>&amp;</b> 🎉';
			expectAnsweredAlone(
				await deliver(
					{ verification: 'microsoftGraph' },
					{
						method,
						query: { validationToken: token },
						originalUrl: `/webhook/hook?validationToken=${encodeURIComponent(token)}`,
						headers: method === 'POST' ? { 'Content-Type': 'text/plain' } : {},
						body: method === 'POST' ? '' : undefined,
					},
				),
				200,
				'text/plain',
				token,
			);
		},
	);
});

describe('Only Run If', () => {
	const github = senderFor('github');
	const parameters = { verification: 'github', filter: 'body.action = "opened"' };

	it('lets a delivery it holds true for start an execution', async () => {
		const { response } = await deliver(parameters, asRequest(await github.sign('{"action":"opened"}')));
		expect(response.status).toBe(202);
		expect(itemOf(response).body).toEqual({ action: 'opened' });
	});

	it('answers 200 {"ok":true,"ignored":true} to one it holds false for, and starts nothing', async () => {
		expectRefused(await deliver(parameters, asRequest(await github.sign('{"action":"closed"}'))), 200, {
			ok: true,
			ignored: true,
		});
	});

	it('answers 400 invalid_payload when the condition fails', async () => {
		const failing = { ...parameters, filter: '$error("no such field")' };
		const answered = await deliver(failing, asRequest(await github.sign('{"action":"opened"}')));
		expectRefused(answered, 400, {
			ok: false,
			error: 'invalid_payload',
			details: [expect.stringMatching(/^filter: /)],
		});
	});

	it('is checked only after verification: a forged delivery is 401 whatever the condition', async () => {
		const forged = await github.sign('{"action":"closed"}', { forger: true });
		expectRefused(await deliver(parameters, asRequest(forged)), 401, { ok: false, error: 'unauthorized' });
	});
});

describe('Allowed IPs', () => {
	const parameters = { verification: 'github', allowedIps: '203.0.113.0/24, 2001:db8::/32' };
	const from = async (ip: string) => deliver(parameters, { ...asRequest(await senderFor('github').sign('{}')), ip });

	it.each(['198.51.100.7', '::ffff:198.51.100.7', '2001:db9::1', '127.0.0.1'])(
		'refuses a genuine delivery from %s with 403 forbidden, and starts nothing',
		async (ip) => {
			expectRefused(await from(ip), 403, { ok: false, error: 'forbidden' });
		},
	);

	it.each(['203.0.113.9', '::ffff:203.0.113.9', '2001:db8::5', '2001:DB8:0:0:0:0:0:1'])(
		'accepts one from %s',
		async (ip) => {
			expect((await from(ip)).response.status).toBe(202);
		},
	);
});

describe('secrets a scheme reads from the request never reach the item', () => {
	it('queryToken: the token is removed from the query', async () => {
		const { response } = await deliver(
			{ verification: 'queryToken' },
			{
				body: '{"alert":"disk"}',
				headers: { 'Content-Type': 'application/json' },
				query: { token: SENDER_SECRET, site: '1' },
				originalUrl: `/webhook/hook?token=${encodeURIComponent(SENDER_SECRET)}&site=1`,
			},
		);
		expect(response.status).toBe(202);
		const item = itemOf(response);
		expect(item.query).toEqual({ site: '1' });
		expect(JSON.stringify(item)).not.toContain(SENDER_SECRET);
	});

	it('queryToken: a wrong or missing token is refused', async () => {
		for (const query of [{ token: 'guessed' }, {}]) {
			expectRefused(await deliver({ verification: 'queryToken' }, { body: '{}', query }), 401, {
				ok: false,
				error: 'unauthorized',
			});
		}
	});

	it('microsoftGraph: every clientState is removed from the body', async () => {
		const notifications = JSON.stringify({
			value: [
				{ subscriptionId: 's1', changeType: 'created', resource: 'Users/1/Messages/a' },
				{ subscriptionId: 's2', changeType: 'updated', resource: 'Users/1/Messages/b' },
			],
		});
		const { response } = await deliver(
			{ verification: 'microsoftGraph' },
			asRequest(await senderFor('microsoftGraph').sign(notifications)),
		);
		expect(response.status).toBe(202);
		const item = itemOf(response);
		expect(item.body).toEqual({
			value: [
				{ subscriptionId: 's1', changeType: 'created', resource: 'Users/1/Messages/a' },
				{ subscriptionId: 's2', changeType: 'updated', resource: 'Users/1/Messages/b' },
			],
		});
		expect(JSON.stringify(item)).not.toContain(SENDER_SECRET);
	});

	it('twilio: X-Twilio-Signature is removed from the headers; the form arrives parsed', async () => {
		const form = 'From=%2B15005550006&To=%2B15005550001&Body=Server%20down%20%E2%9C%93';
		const signed = await senderFor('twilio').sign(form, { contentType: 'application/x-www-form-urlencoded' });
		const { response } = await deliver({ verification: 'twilio' }, asRequest(signed));
		expect(response.status).toBe(202);
		const item = itemOf(response);
		expect(Object.keys(item.headers as object).map((name) => name.toLowerCase())).not.toContain('x-twilio-signature');
		expect(item.body).toEqual({ From: '+15005550006', To: '+15005550001', Body: 'Server down ✓' });
		expect(item.verification).toEqual({ method: 'twilio', secret: 'current' });
	});

	it('twilio: the URL n8n publishes is what is checked, with the query as received', async () => {
		const form = 'From=%2B15005550006&Body=hi';
		const url = `${PUBLIC_URL}?site=7`;
		const signature = getExpectedTwilioSignature(SENDER_SECRET, url, { From: '+15005550006', Body: 'hi' });
		const request = (originalUrl: string): WebhookRequestInit => ({
			body: form,
			headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Twilio-Signature': signature },
			parsedBody: { From: '+15005550006', Body: 'hi' },
			query: { site: '7' },
			originalUrl,
		});
		expect((await deliver({ verification: 'twilio' }, request('/webhook/hook?site=7'))).response.status).toBe(202);
		expect((await deliver({ verification: 'twilio' }, request('/webhook/hook?site=8'))).response.status).toBe(401);
	});

	it.each(['basicAuth', 'haloPsa'])('%s: the Authorization header is removed', async (verification) => {
		const authorization = `Basic ${Buffer.from(`${HALO_USER}:${HALO_PASSWORD}`).toString('base64')}`;
		const { response } = await deliver(
			{ verification },
			{ body: '{"ticket_id":42}', headers: { 'Content-Type': 'application/json', Authorization: authorization } },
			{ credentials: BASIC_CREDENTIAL },
		);
		expect(response.status).toBe(202);
		const item = itemOf(response);
		expect(Object.keys(item.headers as object)).not.toContain('authorization');
		expect(JSON.stringify(item)).not.toContain(HALO_PASSWORD);
		expect(JSON.stringify(item)).not.toContain(authorization.slice(6));
	});
});

describe("the user's expressions see the request as the item carries it, so no secret reaches their results", () => {
	const secretFree = (value: unknown) => expect(JSON.stringify(value)).not.toContain(SENDER_SECRET);

	it('microsoftGraph: the mapping sees no clientState', async () => {
		const notifications = JSON.stringify({ value: [{ subscriptionId: 's1', changeType: 'created' }] });
		const { response } = await deliver(
			{ verification: 'microsoftGraph', mapping: '{ "notifications": value }' },
			asRequest(await senderFor('microsoftGraph').sign(notifications)),
		);
		expect(response.status).toBe(202);
		expect(itemOf(response).mapped).toEqual({ notifications: [{ subscriptionId: 's1', changeType: 'created' }] });
		secretFree(itemOf(response));
	});

	it('microsoftGraph: an idempotency expression cannot make clientState the stored key', async () => {
		const notifications = JSON.stringify({ value: [{ subscriptionId: 's1' }] });
		const answered = await deliver(
			{ verification: 'microsoftGraph', idempotency: 'expression', idempotencyExpression: 'value[0].clientState' },
			asRequest(await senderFor('microsoftGraph').sign(notifications)),
		);
		expect(answered.response.status).toBe(400);
		secretFree(answered.response.body);
	});

	it('microsoftGraph: Only Run If cannot pass on clientState', async () => {
		const notifications = JSON.stringify({ value: [{ subscriptionId: 's1' }] });
		const answered = await deliver(
			{ verification: 'microsoftGraph', filter: '$exists(body.value[0].clientState)' },
			asRequest(await senderFor('microsoftGraph').sign(notifications)),
		);
		expectRefused(answered, 200, { ok: true, ignored: true });
	});

	it.each([
		['queryToken', '$error("no: " & $string(query.token))'],
		['queryToken', '$number(query.token & "x")'],
		['bearer', '$error("no: " & $string(headers.authorization))'],
		['microsoftGraph', '$error("no: " & $string(body.value[0].clientState))'],
	])(
		'%s: a failing condition (%s) cannot echo the secret into the answer or the Rejected output',
		async (verification, filter) => {
			const graph = await senderFor('microsoftGraph').sign(JSON.stringify({ value: [{ subscriptionId: 's1' }] }));
			const request: WebhookRequestInit =
				verification === 'microsoftGraph'
					? asRequest(graph)
					: {
							body: '{"a":1}',
							headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${SENDER_SECRET}` },
							query: { token: SENDER_SECRET },
						};
			const { result, response } = await deliver({ verification, filter, recordRejected: true }, request);
			expect(response.status).toBe(400);
			expect(response.body).toMatchObject({ ok: false, error: 'invalid_payload' });
			secretFree(response.body);
			secretFree(result.workflowData);
			secretFree(response.execution);
		},
	);
});

describe('Respond: accepted deliveries in the workflow-answered modes', () => {
	it.each(['lastNode', 'responseNode'])(
		'%s: the execution starts with the item and n8n, not the trigger, answers',
		async (responseMode) => {
			const { result, response } = await deliver(
				{ verification: 'github', responseMode },
				asRequest(await senderFor('github').sign('{"a":1}')),
			);
			expect(result.workflowData).toEqual([
				[expect.objectContaining({ json: expect.objectContaining({ body: { a: 1 } }) })],
			]);
			expect(result).not.toHaveProperty('webhookResponse');
			expect(result.noWebhookResponse).toBeUndefined();
			expect(response.execution?.tags.hooklineOutcome).toBe('accepted');
		},
	);

	it('responseNode: refusals are still answered by the trigger', async () => {
		const forged = await senderFor('github').sign('{}', { forger: true });
		expectRefused(await deliver({ verification: 'github', responseMode: 'responseNode' }, asRequest(forged)), 401, {
			ok: false,
			error: 'unauthorized',
		});
	});
});

describe('JWT against a key set on 127.0.0.1', () => {
	let key: SigningKey;
	let server: JwksServer;
	const jwtParameters = (allowPrivate: boolean) => ({
		verification: 'jwt',
		jwtKeySource: 'jwks',
		jwksUrl: server.url,
		jwksAllowPrivateNetwork: allowPrivate,
		jwtIssuer: 'https://idp.example',
		jwtAudience: 'hookline',
	});
	const bearer = async (claims: Record<string, unknown> = {}) => ({
		body: '{"event":"signed-in"}',
		headers: {
			'Content-Type': 'application/json',
			Authorization: `Bearer ${await signToken(
				key.privateKey,
				{ alg: 'RS256', kid: key.kid },
				{ nowS: nowSeconds(), claims: { iss: 'https://idp.example', aud: 'hookline', ...claims } },
			)}`,
		},
	});

	beforeAll(async () => {
		key = await newSigningKey('RS256', 'node-tier-1');
	});
	// A server per test: the key-set cache is process-wide and keyed by URL.
	beforeEach(async () => {
		server = await startJwksServer([key.jwk]);
	});
	afterEach(() => server.close());

	it('accepts a token signed by a key of the set, with the claims pinned; the token stays out of the item', async () => {
		const request = await bearer();
		const { response } = await deliver(jwtParameters(true), request, { credentials: {} });
		expect(response.status).toBe(202);
		const item = itemOf(response);
		expect(item.verification).toEqual({ method: 'jwt', secret: 'none' });
		expect(JSON.stringify(item)).not.toContain(request.headers.Authorization.slice(7));
		expect(server.requests).toBe(1);
	});

	it('refuses another audience with 401', async () => {
		expectRefused(await deliver(jwtParameters(true), await bearer({ aud: 'someone-else' }), { credentials: {} }), 401, {
			ok: false,
			error: 'unauthorized',
		});
	});

	it('answers 503 keys_unavailable with Retry-After when the key set cannot be fetched', async () => {
		server.behaviour = 'error';
		const answered = await deliver(jwtParameters(true), await bearer(), { credentials: {} });
		expectRefused(answered, 503, { ok: false, error: 'keys_unavailable' });
		expect(answered.response.headers['retry-after']).toMatch(/^[1-9][0-9]*$/);
		expect(server.requests).toBe(1);
	});

	it("answers 503 when the set is on a private address and Allow Private Network is off (n8n's SSRF guard)", async () => {
		const answered = await deliver(jwtParameters(false), await bearer(), { credentials: {} });
		expectRefused(answered, 503, { ok: false, error: 'keys_unavailable' });
		expect(answered.response.headers['retry-after']).toBeDefined();
		expect(server.requests).toBe(0);
	});
});

describe('activation (checkExists)', () => {
	const RESPOND = 'n8n-nodes-base.respondToWebhook';

	async function activate(
		parameters: Record<string, unknown>,
		options: { credentials?: Record<string, ICredentialDataDecryptedObject>; childNodes?: NodeTypeAndVersion[] } = {},
	) {
		const { ctx } = mockWebhookFunctions({
			properties,
			parameters: { path: 'hook', ...parameters },
			credentials: options.credentials ?? SECRET_CREDENTIAL,
			request: {},
			childNodes: options.childNodes,
		});
		return await trigger.webhookMethods.default.checkExists.call(ctx as unknown as IHookFunctions);
	}
	const responder = (typeVersion: number, name = 'Respond to Webhook'): NodeTypeAndVersion => ({
		name,
		type: RESPOND,
		typeVersion,
		disabled: false,
	});

	it('refuses Respond to Webhook mode with no Respond to Webhook node after the trigger', async () => {
		await expect(activate({ responseMode: 'responseNode' })).rejects.toThrow(
			/no Respond to Webhook node follows this trigger/,
		);
		await expect(
			activate(
				{ responseMode: 'responseNode' },
				{ childNodes: [{ name: 'Set', type: 'n8n-nodes-base.set', typeVersion: 3, disabled: false }] },
			),
		).rejects.toThrow(/no Respond to Webhook node follows this trigger/);
	});

	it('refuses a Respond to Webhook node of version 1.5, naming it and version 1', async () => {
		const refusal = activate({ responseMode: 'responseNode' }, { childNodes: [responder(1.5, 'Answer Halo')] });
		await expect(refusal).rejects.toThrow('"Answer Halo" is Respond to Webhook version 1.5');
		await expect(refusal).rejects.toThrow(/replace it with version 1\b/);
	});

	it('activates with a Respond to Webhook node of version 1, and ignores responders in the other modes', async () => {
		await expect(activate({ responseMode: 'responseNode' }, { childNodes: [responder(1)] })).resolves.toBe(true);
		await expect(activate({ responseMode: 'lastNode' }, { childNodes: [responder(1.5)] })).resolves.toBe(true);
	});

	it('refuses Google Pub/Sub without the service account (or the audience)', async () => {
		await expect(
			activate({ verification: 'googlePubSub', jwtAudience: 'https://n8n.example.com/webhook/hook' }),
		).rejects.toThrow(/Google Pub\/Sub Push needs Service Account Email/);
		await expect(
			activate({ verification: 'googlePubSub', jwtEmail: 'push@p.iam.gserviceaccount.com' }),
		).rejects.toThrow(/Google Pub\/Sub Push needs Audience/);
	});

	it.each([
		['garbage', 'not-a-key-at-all-0123456789abcdef'],
		['an RSA key', rsaPublicKeyPem()],
	])('refuses a public-key credential holding %s, clearly and without echoing it', async (_kind, publicKey) => {
		for (const verification of ['discord', 'sendgrid', 'ed25519', 'ecdsa']) {
			const error = await activate(
				{ verification },
				{ credentials: { hooklinePublicKeyApi: { publicKey, previousPublicKey: '' } } },
			).then(
				() => undefined,
				(thrown: Error & { description?: string }) => thrown,
			);
			expect(error).toBeDefined();
			expect(error!.message).toMatch(/public key credential cannot be used/);
			const said = `${error!.message} ${error!.description ?? ''}`;
			const keyText = publicKey.replace(/-----[A-Z ]+-----|\s/g, '');
			expect(said).not.toContain(keyText.slice(0, 24));
			expect(said).not.toContain(keyText.slice(-24));
		}
	});

	it('refuses an Allowed IPs entry that is no address, naming it', async () => {
		await expect(activate({ verification: 'github', allowedIps: '10.0.0.1, 10.0.0.300' })).rejects.toThrow(
			'"10.0.0.300" is not an IPv4 or IPv6 address or CIDR range',
		);
	});
});

describe('Hookline Verify routes the new schemes to Valid and Invalid', () => {
	async function route(
		parameters: Record<string, unknown>,
		items: INodeExecutionData[],
		credentials: Record<string, ICredentialDataDecryptedObject> = SECRET_CREDENTIAL,
	) {
		const ctx = mockExecuteFunctions({ properties: verify.description.properties, parameters, items, credentials });
		const [valid, invalid] = (await verify.execute!.call(ctx)) as INodeExecutionData[][];
		return {
			valid: valid.map((item) => item.json.id),
			invalid: invalid.map((item) => [item.json.id, (item.json.verification as IDataObject).reason]),
		};
	}

	it('basicAuth, against the Basic Auth credential', async () => {
		const basic = (user: string, password: string) => ({
			authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`,
		});
		const items = [
			{ json: { id: 'right', headers: basic(HALO_USER, HALO_PASSWORD) } },
			{ json: { id: 'wrong', headers: basic(HALO_USER, 'guess') } },
			{ json: { id: 'none', headers: {} } },
		];
		expect(await route({ verification: 'basicAuth' }, items, BASIC_CREDENTIAL)).toEqual({
			valid: ['right'],
			invalid: [
				['wrong', 'signature_mismatch'],
				['none', 'missing_header'],
			],
		});
	});

	it('queryToken, reading the query from Query Field', async () => {
		const items = [
			{ json: { id: 'right', headers: {}, request: { query: { key: SENDER_SECRET } } } },
			{ json: { id: 'wrong', headers: {}, request: { query: { key: 'guess' } } } },
			{ json: { id: 'elsewhere', headers: {}, query: { key: SENDER_SECRET } } },
		];
		expect(
			await route({ verification: 'queryToken', queryParameter: 'key', queryField: 'request.query' }, items),
		).toEqual({
			valid: ['right'],
			invalid: [
				['wrong', 'signature_mismatch'],
				['elsewhere', 'missing_parameter'],
			],
		});
	});

	it('jwt with the secret (HS256)', async () => {
		const token = async (secret: string, claims: Record<string, unknown> = {}) =>
			`Bearer ${await new SignJWT({ aud: 'hookline', ...claims })
				.setProtectedHeader({ alg: 'HS256' })
				.setIssuedAt()
				.setExpirationTime('10m')
				.sign(Buffer.from(secret, 'utf8'))}`;
		const items = [
			{ json: { id: 'right', headers: { authorization: await token(SENDER_SECRET) } } },
			{ json: { id: 'forged', headers: { authorization: await token('guess') } } },
			{ json: { id: 'otherAudience', headers: { authorization: await token(SENDER_SECRET, { aud: 'x' }) } } },
		];
		expect(await route({ verification: 'jwt', jwtAudience: 'hookline' }, items)).toEqual({
			valid: ['right'],
			invalid: [
				['forged', 'signature_mismatch'],
				['otherAudience', 'claim_mismatch'],
			],
		});
	});

	it('twilio, with the public URL in Request URL', async () => {
		const url = 'https://n8n.example.com/webhook/twilio?site=1';
		const form = 'From=%2B15005550006&Body=hello';
		const params = { From: '+15005550006', Body: 'hello' };
		const item = (id: string, signedUrl: string) => ({
			json: { id, headers: { 'x-twilio-signature': getExpectedTwilioSignature(SENDER_SECRET, signedUrl, params) } },
			binary: { data: { data: Buffer.from(form).toString('base64'), mimeType: 'application/x-www-form-urlencoded' } },
		});
		const items = [item('right', url), item('otherUrl', 'https://n8n.example.com/webhook/twilio?site=2')];
		expect(await route({ verification: 'twilio', requestUrl: url }, items)).toEqual({
			valid: ['right'],
			invalid: [['otherUrl', 'signature_mismatch']],
		});
		// Without the URL nothing can verify.
		expect(await route({ verification: 'twilio', requestUrl: '' }, [item('right', url)])).toEqual({
			valid: [],
			invalid: [['right', 'missing_url']],
		});
	});

	it('microsoftGraph, reading the notifications from Body Field', async () => {
		const notifications = (...states: string[]) => ({
			value: states.map((clientState, n) => ({ subscriptionId: `s${n}`, clientState })),
		});
		const items = [
			{ json: { id: 'right', headers: {}, payload: notifications(SENDER_SECRET, SENDER_SECRET) } },
			{ json: { id: 'oneWrong', headers: {}, payload: notifications(SENDER_SECRET, 'guess') } },
			{ json: { id: 'elsewhere', headers: {}, body: notifications(SENDER_SECRET) } },
		];
		expect(await route({ verification: 'microsoftGraph', bodyField: 'payload' }, items)).toEqual({
			valid: ['right'],
			invalid: [
				['oneWrong', 'signature_mismatch'],
				['elsewhere', 'malformed_body'],
			],
		});
	});
});
