import { createHmac, randomUUID } from 'node:crypto';

import type { IExecuteFunctions, INode, INodeTypeDescription, IWebhookDescription } from 'n8n-workflow';
import { resolveWebhookDescriptionField, webhookDescriptionIsNativelyResolvable } from 'n8n-workflow';
import { Webhook } from 'standardwebhooks';

import { HooklineAlertTrigger } from '../../nodes/HooklineAlertTrigger/HooklineAlertTrigger.node';
import { HooklineTrigger } from '../../nodes/HooklineTrigger/HooklineTrigger.node';
import { mockWebhookFunctions, runWebhook } from '../support/mockWebhookFunctions';
import type { WebhookRequestInit } from '../support/mockWebhookFunctions';
import { resolveParameters } from '../support/nodeParameters';
import { useThrowawayUserFolder } from '../support/userFolder';

const node = new HooklineTrigger();
const description = node.description as INodeTypeDescription;
const SECRET = 'trigger-node-secret';

useThrowawayUserFolder('hookline-trigger-');

const github = (body: string, secret = SECRET) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

async function deliver(parameters: Record<string, unknown>, request: WebhookRequestInit, workflowId = randomUUID()) {
	const { ctx, response } = mockWebhookFunctions({
		properties: description.properties,
		parameters: { path: 'hook', ...parameters },
		credentials: { hooklineSecretApi: { secret: SECRET, previousSecret: 'old-secret' } },
		request,
		workflowId,
	});
	const result = await runWebhook(node, ctx, response);
	return { result, response };
}

describe('Hookline Trigger node', () => {
	it('registers a full-path webhook with the user path and method, and a lifecycle', () => {
		expect(description.webhooks).toHaveLength(1);
		expect(description.webhooks?.[0]).toMatchObject({
			name: 'default',
			isFullPath: true,
			path: '={{$parameter["path"]}}',
			responseMode: '={{$parameter["responseMode"] || "onReceived"}}',
			responseCode: '={{$parameter["responseCode"]}}',
		});
		expect(description.inputs).toEqual([]);
		// A notice's text is its display name; every other parameter explains itself.
		const described = description.properties.filter((p) => p.type !== 'notice');
		expect(described.filter((p) => !p.description).map((p) => p.name)).toEqual([]);
		expect(Object.keys(node.webhookMethods.default).sort()).toEqual(['checkExists', 'create', 'delete']);
	});

	describe("webhook description: n8n 2.40's native resolvers and the templates the editor (and older n8n) evaluate", () => {
		/** A template's expression, evaluated as the plain JavaScript it is over $parameter. */
		const evaluateTemplate = (template: unknown, parameters: Record<string, unknown>) => {
			const match = /^=\{\{([\s\S]*)\}\}$/.exec(String(template));
			if (!match) throw new Error(`not a template: ${String(template)}`);
			return new Function('$parameter', `return (${match[1]});`)(parameters) as unknown;
		};
		const FIELDS = ['httpMethod', 'path', 'responseMode', 'responseCode', 'responseData'] as const;
		const resolve = (webhook: IWebhookDescription, parameters: Record<string, unknown>, field: string) => {
			const instance = { parameters } as unknown as INode;
			return resolveWebhookDescriptionField(instance, webhook, field);
		};

		const CASES: Array<[string, Record<string, unknown>, Partial<Record<(typeof FIELDS)[number], unknown>>]> = [
			[
				'the defaults',
				{},
				{ httpMethod: 'POST', path: 'hook', responseMode: 'onReceived', responseCode: 202, responseData: '' },
			],
			['Meta (a GET handshake)', { verification: 'meta' }, { httpMethod: 'POST,GET' }],
			['Microsoft Graph with PUT', { verification: 'microsoftGraph', httpMethod: 'PUT' }, { httpMethod: 'PUT,GET' }],
			['Meta whose deliveries use GET', { verification: 'meta', httpMethod: 'GET' }, { httpMethod: 'GET' }],
			['Slack (no GET handshake)', { verification: 'slack', httpMethod: 'PATCH' }, { httpMethod: 'PATCH' }],
			['Last Node', { responseMode: 'lastNode' }, { responseMode: 'lastNode', responseData: 'firstEntryJson' }],
			[
				'Last Node, all entries, 201',
				{ responseMode: 'lastNode', responseData: 'allEntries', responseCode: 201 },
				{ responseMode: 'lastNode', responseData: 'allEntries', responseCode: 201 },
			],
			['Respond to Webhook', { responseMode: 'responseNode' }, { responseMode: 'responseNode', responseData: '' }],
		];

		it.each(CASES)(
			'%s: each resolver gives what its template gives, and what n8n must register',
			(_name, given, expected) => {
				const webhook = description.webhooks![0];
				expect(webhookDescriptionIsNativelyResolvable(webhook)).toBe(true);
				// As n8n stores the node (its defaults filled in), and as a workflow saved with only a path holds it.
				for (const parameters of [
					resolveParameters(description.properties, { path: 'hook', ...given }),
					{ path: 'hook', ...given },
				]) {
					for (const field of FIELDS) {
						const native = resolve(webhook, parameters, field);
						expect(native).toEqual({ resolved: true, value: evaluateTemplate(webhook[field], parameters) });
					}
				}
				const stored = resolveParameters(description.properties, { path: 'hook', ...given });
				for (const [field, value] of Object.entries(expected)) {
					expect(resolve(webhook, stored, field)).toEqual({ resolved: true, value });
				}
			},
		);

		it('the Alert Trigger: resolvers and templates agree too, and it always answers on receipt', () => {
			const alert = new HooklineAlertTrigger().description as INodeTypeDescription;
			const webhook = alert.webhooks![0];
			expect(webhook).toMatchObject({ responseMode: 'onReceived', responseData: '', isFullPath: true });
			expect(webhookDescriptionIsNativelyResolvable(webhook)).toBe(true);
			for (const given of [{}, { httpMethod: 'PUT' }, { responseCode: 201 }]) {
				const parameters = resolveParameters(alert.properties, { path: 'alerts', ...given });
				for (const field of ['httpMethod', 'path', 'responseCode']) {
					expect(resolve(webhook, parameters, field)).toEqual({
						resolved: true,
						value: evaluateTemplate(webhook[field as keyof IWebhookDescription], parameters),
					});
				}
			}
		});
	});

	it('accepts a genuine GitHub delivery: 202, the design item, credential headers stripped', async () => {
		const body = '{"action":"opened","number":1}';
		const { result, response } = await deliver(
			{ verification: 'github', idempotency: 'header', idempotencyHeader: 'X-GitHub-Delivery' },
			{
				body,
				headers: {
					'X-Hub-Signature-256': github(body),
					'X-GitHub-Delivery': 'gh-1',
					Authorization: 'token x',
					Cookie: 'c',
				},
				query: { source: 'gh' },
			},
		);
		expect(response.status).toBe(202);
		const deliveryId = (response.body as { deliveryId: string }).deliveryId;
		expect(response.body).toEqual({ ok: true, deliveryId: expect.any(String) });
		// n8n writes the answer once the execution is started (onReceived), and the execution starts with the item.
		expect(result.noWebhookResponse).toBeUndefined();
		expect(result.webhookResponse).toEqual(response.body);
		expect(result.workflowData).toHaveLength(1);
		expect(response.execution).toEqual({
			outputs: result.workflowData,
			tags: { deliveryId, hooklineOutcome: 'accepted' },
		});
		const item = result.workflowData![0][0].json;
		expect(item).toEqual({
			body: { action: 'opened', number: 1 },
			headers: { 'x-github-delivery': 'gh-1' },
			query: { source: 'gh' },
			params: {},
			deliveryId,
			idempotencyKey: 'gh-1',
			receivedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
			verification: { method: 'hmac', secret: 'current' },
		});
	});

	it('refuses a forged delivery with a bare 401 and starts no execution', async () => {
		const body = '{"a":1}';
		const { result, response } = await deliver(
			{ verification: 'github' },
			{ body, headers: { 'x-hub-signature-256': github(body, 'forged') } },
		);
		expect(response.status).toBe(401);
		expect(response.body).toEqual({ ok: false, error: 'unauthorized' });
		expect(result).toEqual({ noWebhookResponse: true });
	});

	it('records refused requests on the Rejected output when asked, without the body or secrets', async () => {
		const body = '{"secret-looking":"payload"}';
		const { result } = await deliver(
			{ verification: 'github', recordRejected: true },
			{ body, headers: { 'x-hub-signature-256': github(body, 'forged'), 'user-agent': 'curl' } },
		);
		expect(result.workflowData?.[0]).toEqual([]);
		const rejected = result.workflowData![1][0].json;
		expect(rejected).toEqual({
			status: 401,
			reason: 'unauthorized',
			detail: 'The signature or token does not match the secret',
			headers: { 'user-agent': 'curl' },
			receivedAt: expect.any(String),
		});
		expect(JSON.stringify(result)).not.toContain('payload');
		expect(JSON.stringify(result)).not.toContain(SECRET);
	});

	it('answers a duplicate 200 with the first delivery id, and no execution', async () => {
		const workflowId = randomUUID();
		const body = '{"n":1}';
		const request = { body, headers: { 'x-hub-signature-256': github(body), 'idempotency-key': 'once' } };
		const parameters = { verification: 'github', idempotency: 'header' };
		const first = await deliver(parameters, request, workflowId);
		const second = await deliver(parameters, request, workflowId);
		expect(second.response.status).toBe(200);
		expect(second.response.body).toEqual({
			ok: true,
			duplicate: true,
			deliveryId: (first.response.body as { deliveryId: string }).deliveryId,
		});
		expect(second.result).toEqual({ noWebhookResponse: true });
	});

	it('asks a repeat to retry while the first delivery has not started, and lets it run if the first never does', async () => {
		const workflowId = randomUUID();
		const body = '{"n":2}';
		const request = { body, headers: { 'x-hub-signature-256': github(body), 'idempotency-key': 'lost' } };
		// A five-second window bounds the pending claim to five seconds too, so the test need not wait 30 s.
		const parameters = { verification: 'github', idempotency: 'header', idempotencyWindowSeconds: 5 };
		const acceptedAt = Date.now();
		// The webhook accepted it, but n8n never started its execution (it could not queue it, say).
		const { ctx, response } = mockWebhookFunctions({
			properties: description.properties,
			parameters: { path: 'hook', ...parameters },
			credentials: { hooklineSecretApi: { secret: SECRET } },
			request,
			workflowId,
		});
		const lost = await node.webhook!.call(ctx);
		expect(lost.workflowData).toHaveLength(1);
		const repeat = await deliver(parameters, request, workflowId);
		expect(repeat.response).toEqual({
			status: 503,
			headers: { 'retry-after': '5' },
			body: { ok: false, error: 'in_progress' },
		});
		expect(repeat.result).toEqual({ noWebhookResponse: true });
		expect(response.status).toBeUndefined();

		// The repeat waited about 2 s for the first to start. Once its pending claim expires, the retry runs, once.
		expect(Date.now() - acceptedAt).toBeGreaterThanOrEqual(2000);
		await new Promise((resolve) => setTimeout(resolve, acceptedAt + 5100 - Date.now()));
		const retry = await deliver(parameters, request, workflowId);
		expect(retry.response.status).toBe(202);
		expect(retry.response.execution?.outputs[0]).toHaveLength(1);
		// The lost execution, started late after all, stops at the trigger: only the retry runs.
		const tags = new Map<string, string>();
		const late = await node.execute!.call({
			getInputData: (output = 0) => lost.workflowData![output],
			getNodeParameter: (name: string, _i: number, fallback?: unknown) => ctx.getNodeParameter(name, fallback),
			getCredentials: ctx.getCredentials.bind(ctx),
			getNode: ctx.getNode.bind(ctx),
			getWorkflow: ctx.getWorkflow.bind(ctx),
			customData: { set: (key: string, value: string) => tags.set(key, value) },
		} as unknown as IExecuteFunctions);
		expect(late).toEqual([[]]);
		expect(Object.fromEntries(tags)).toEqual({
			deliveryId: lost.workflowData![0][0].json.deliveryId,
			hooklineOutcome: 'duplicate',
		});
		const again = await deliver(parameters, request, workflowId);
		expect(again.response.body).toEqual({
			ok: true,
			duplicate: true,
			deliveryId: (retry.response.body as { deliveryId: string }).deliveryId,
		});
	}, 15_000);

	it('answers 429 with Retry-After over the rate limit', async () => {
		const workflowId = randomUUID();
		const body = '{}';
		const request = { body, headers: { 'x-hub-signature-256': github(body) } };
		const statuses = [];
		let last;
		for (let i = 0; i < 4; i++) {
			last = await deliver({ verification: 'github', rateLimitPerMinute: 3 }, request, workflowId);
			statuses.push(last.response.status);
		}
		expect(statuses).toEqual([202, 202, 202, 429]);
		expect(last!.response.body).toEqual({ ok: false, error: 'rate_limited' });
		expect(Number(last!.response.headers['retry-after'])).toBeGreaterThan(0);
	});

	it('accepts Standard Webhooks signed by the official library, signed with the previous secret', async () => {
		const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
		const body = '{"type":"user.created"}';
		const now = new Date();
		const { ctx, response } = mockWebhookFunctions({
			properties: description.properties,
			parameters: {
				path: 'sw',
				verification: 'standardWebhooks',
				idempotency: 'header',
				idempotencyHeader: 'webhook-id',
			},
			credentials: { hooklineSecretApi: { secret: 'whsec_dGhlIG5ldyBzZWNyZXQgMTIz', previousSecret: secret } },
			request: {
				body,
				headers: {
					'webhook-id': 'msg_1',
					'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
					'webhook-signature': new Webhook(secret).sign('msg_1', now, body),
				},
			},
			workflowId: randomUUID(),
		});
		const result = await runWebhook(node, ctx, response);
		expect(response.status).toBe(202);
		expect(result.workflowData![0][0].json).toMatchObject({
			idempotencyKey: 'msg_1',
			verification: { method: 'standardWebhooks', secret: 'previous' },
		});
		expect(result.workflowData![0][0].json.headers).not.toHaveProperty('webhook-signature');
	});

	it('answers 400 invalid_payload with the reason when the mapping fails, and maps when it works', async () => {
		const body = '{"device":{"id":7,"hostname":"srv"}}';
		const headers = { 'x-hub-signature-256': github(body) };
		const ok = await deliver(
			{ verification: 'github', mapping: '{ "external_id": device.id, "name": device.hostname }' },
			{ body, headers },
		);
		expect(ok.result.workflowData![0][0].json.mapped).toEqual({ external_id: 7, name: 'srv' });

		const bad = await deliver({ verification: 'github', mapping: '$error("no device")' }, { body, headers });
		expect(bad.response.status).toBe(400);
		expect(bad.response.body).toEqual({
			ok: false,
			error: 'invalid_payload',
			details: [expect.stringContaining('no device')],
		});
	});

	it('uses the configured response code and an accepted no-verification hook', async () => {
		const { response } = await deliver({ verification: 'none', responseCode: 200 }, { body: '{}' });
		expect(response.status).toBe(200);
	});

	it('fails closed when the raw body is missing', async () => {
		const { response } = await deliver(
			{ verification: 'github' },
			{ headers: { 'x-hub-signature-256': github('{}') }, parsedBody: {} },
		);
		expect(response.status).toBe(401);
	});
});
