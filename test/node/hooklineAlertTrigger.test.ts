import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

import type { INodeTypeDescription } from 'n8n-workflow';

import * as stores from '../../nodes/n8n/stores/stores';
import { HooklineAlertTrigger } from '../../nodes/HooklineAlertTrigger/HooklineAlertTrigger.node';
import { MemoryStore } from '../../nodes/core/stores/memoryStore';
import { StoreUnavailableError } from '../../nodes/core/stores/storeUnavailableError';
import { mockWebhookFunctions, runWebhook } from '../support/mockWebhookFunctions';
import type { WebhookRequestInit } from '../support/mockWebhookFunctions';
import { ALERT_DEFAULTS } from '../support/alertDefaults';
import { useThrowawayUserFolder } from '../support/userFolder';

const node = new HooklineAlertTrigger();
const description = node.description as INodeTypeDescription;
const TOKEN = 'm365_hook_7d1f0c2b9e8a4f6b';
const CONTOSO = '0f8fad5b-d9cb-469f-a165-70867728950e';

afterEach(() => jest.restoreAllMocks());
const userFolder = useThrowawayUserFolder('hookline-alert-trigger-');
const journal = () => path.join(userFolder, '.n8n', 'hookline', 'store.jsonl');
const journalBytes = () => (existsSync(journal()) ? statSync(journal()).size : 0);

/** The body of the Manage365 example, byte for byte. */
const MANAGE365_BODY =
	'{"title":"Server down","description":"SRV-01 is not responding to ping","severity":"critical","category":"system","customerTenantDomain":"contoso.com","dedupeKey":"srv-01-down","metadata":{"source":"PRTG"}}';

const manage365 = (body = MANAGE365_BODY, token = TOKEN): WebhookRequestInit => ({
	body,
	headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', 'User-Agent': 'curl/8.5.0' },
});

/** One request to a trigger of its own workflow (so its health and, by default, its namespace are its own),
 * verified by the credential `credentialId` (whose secret is TOKEN). */
async function send(
	request: WebhookRequestInit,
	parameters: Record<string, unknown> = {},
	workflowId = randomUUID(),
	credentialId = 'HooklineAlertCred1',
) {
	const { ctx, response } = mockWebhookFunctions({
		properties: description.properties,
		parameters: {
			path: 'alerts',
			namespace: workflowId,
			tenants: { tenant: [{ domain: 'contoso.com', id: CONTOSO }] },
			...parameters,
		},
		credentials: { hooklineSecretApi: { secret: TOKEN, previousSecret: 'm365_hook_previous' } },
		nodeCredentials: { hooklineSecretApi: { id: credentialId, name: 'Alert hook token' } },
		request,
		workflowId,
		nodeId: 'alert-trigger',
	});
	const result = await runWebhook(node, ctx, response);
	return { result, response };
}

describe('Hookline Alert Trigger node', () => {
	it('registers a full-path POST webhook, two or three named outputs and the lifecycle methods', () => {
		expect(description.name).toBe('hooklineAlertTrigger');
		expect(description.webhooks?.[0]).toMatchObject({
			isFullPath: true,
			path: '={{$parameter["path"]}}',
			responseMode: 'onReceived',
		});
		expect(description.inputs).toEqual([]);
		expect(description.outputs).toEqual(expect.stringContaining('"New alert"'));
		expect(description.outputs).toEqual(expect.stringContaining('"Repeated alert"'));
		expect(description).not.toHaveProperty('usableAsTool');
		expect(description.credentials?.map((credential) => credential.name)).toEqual(['hooklineSecretApi', 'redis']);
		expect(description.properties.find((p) => p.name === 'httpMethod')?.default).toBe('POST');
		expect(description.properties.find((p) => p.name === 'responseCode')?.default).toBe(202);
		expect(description.properties.find((p) => p.name === 'namespace')?.default).toBe('default');
		expect(description.properties.every((p) => p.description)).toBe(true);
		expect(Object.keys(node.webhookMethods.default)).toEqual(['checkExists', 'create', 'delete']);
	});

	it('accepts the Manage365 curl example with 202 and starts the New alert output', async () => {
		const { result, response } = await send(manage365());
		expect(response.status).toBe(202);
		const alertId = (response.body as { alertId: string }).alertId;
		expect(response.body).toEqual({ ok: true, alertId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
		// Answered by n8n once the execution has started (onReceived), with the body the node returned.
		expect(result.noWebhookResponse).toBeUndefined();
		expect(result.webhookResponse).toEqual(response.body);
		expect(result.workflowData).toHaveLength(2);
		expect(result.workflowData![1]).toEqual([]);
		const item = result.workflowData![0][0].json;
		expect(item).toEqual({
			alertId,
			status: 'open',
			title: 'Server down',
			description: 'SRV-01 is not responding to ping',
			severity: 'critical',
			category: 'system',
			customerTenantId: CONTOSO,
			customerTenantDomain: 'contoso.com',
			dedupeKey: 'srv-01-down',
			metadata: { source: 'PRTG' },
			occurrences: 1,
			firstSeenAt: item.receivedAt,
			lastSeenAt: item.receivedAt,
			isNew: true,
			hookHealth: {
				successCount: 1,
				failureCount: 0,
				lastFiredAt: item.receivedAt,
				lastSuccessAt: item.receivedAt,
				lastFailureAt: null,
				lastError: null,
				store: {
					kind: 'local',
					entries: expect.any(Number),
					maxEntries: 1_000_000,
					bytes: expect.any(Number),
					maxBytes: 256 * 1024 * 1024,
					full: false,
				},
			},
			receivedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
		});
		expect(JSON.stringify(result)).not.toContain(TOKEN);
	});

	it('applies the contract defaults to a minimal alert', async () => {
		const { result, response } = await send(manage365('{"title":"Backup failed","description":"Job 7 failed"}'));
		expect(response.status).toBe(202);
		expect(result.workflowData![0][0].json).toMatchObject({
			...ALERT_DEFAULTS,
			occurrences: 1,
		});
	});

	it('accepts the previous token during a rotation, and uses the configured response code', async () => {
		const { response } = await send(manage365(MANAGE365_BODY, 'm365_hook_previous'), { responseCode: 200 });
		expect(response.status).toBe(200);
		expect(response.body).toEqual({ ok: true, alertId: expect.any(String) });
	});

	it.each([
		['a wrong token', manage365(MANAGE365_BODY, 'm365_hook_guess')],
		['no token', { body: MANAGE365_BODY, headers: { 'Content-Type': 'application/json' } }],
	])('answers %s with a bare 401 and starts no execution', async (_case, request) => {
		const { result, response } = await send(request);
		expect(response.status).toBe(401);
		expect(response.body).toEqual({ ok: false, error: 'unauthorized' });
		expect(result).toEqual({ noWebhookResponse: true });
	});

	it('answers 400 with details for a missing title', async () => {
		const { result, response } = await send(manage365('{"description":"no title here"}'));
		expect(response.status).toBe(400);
		expect(response.body).toEqual({ ok: false, error: 'invalid_payload', details: ['title: Required'] });
		expect(result).toEqual({ noWebhookResponse: true });
	});

	it('answers 400 for a domain that is not in the tenant table, and for a bad enum or UUID', async () => {
		const unknown = await send(manage365(MANAGE365_BODY.replace('contoso.com', 'fabrikam.com')));
		expect(unknown.response.status).toBe(400);
		expect(unknown.response.body).toEqual({
			ok: false,
			error: 'invalid_payload',
			details: ['customerTenantDomain: Unknown tenant domain "fabrikam.com"'],
		});
		const bad = await send(manage365('{"title":"t","description":"d","severity":"urgent","customerTenantId":"42"}'));
		expect(bad.response.status).toBe(400);
		expect((bad.response.body as { details: string[] }).details).toEqual([
			expect.stringMatching(/^severity: /),
			'customerTenantId: Must be a UUID',
		]);
	});

	it('routes a second alert with the open dedupe key to Repeated alert: same id, two occurrences', async () => {
		const workflowId = randomUUID();
		const first = await send(manage365(), {}, workflowId);
		const second = await send(manage365(MANAGE365_BODY.replace('critical', 'high')), {}, workflowId);
		expect(second.response.status).toBe(202);
		expect(second.response.body).toEqual(first.response.body);
		expect(second.result.workflowData![0]).toEqual([]);
		const repeated = second.result.workflowData![1][0].json;
		expect(repeated).toMatchObject({
			alertId: (first.response.body as { alertId: string }).alertId,
			occurrences: 2,
			severity: 'high',
			isNew: false,
			hookHealth: { successCount: 2, failureCount: 0 },
		});
		expect(repeated.firstSeenAt).toBe(first.result.workflowData![0][0].json.firstSeenAt);
	});

	it('keeps namespaces apart: the same dedupe key opens an alert in each', async () => {
		const workflowId = randomUUID();
		const a = await send(manage365(), { namespace: `${workflowId}-a` }, workflowId);
		const b = await send(manage365(), { namespace: `${workflowId}-b` }, workflowId);
		expect(a.result.workflowData![0]).toHaveLength(1);
		expect(b.result.workflowData![0]).toHaveLength(1);
		expect(b.response.body).not.toEqual(a.response.body);
	});

	it('shares one namespace between two workflows: a repeat from the other workflow is Repeated', async () => {
		const namespace = randomUUID();
		const first = await send(manage365(), { namespace });
		const second = await send(manage365(), { namespace });
		expect(second.result.workflowData![1][0].json).toMatchObject({
			alertId: (first.response.body as { alertId: string }).alertId,
			occurrences: 2,
			// Health is per hook: the second workflow's trigger has seen one request.
			hookHealth: { successCount: 1 },
		});
	});

	it('keeps the default namespace per credential: another sender with the same dedupe key gets its own alert', async () => {
		const body = MANAGE365_BODY.replace('srv-01-down', `srv-${randomUUID()}`);
		const first = await send(manage365(body), { namespace: 'default' }, randomUUID(), 'HooklineRmmA');
		// Another credential (another secret in real life; here the same, so only the id differs).
		const lowered = body.replace('critical', 'low').replace('Server down', 'All fine');
		const other = await send(manage365(lowered), { namespace: '' }, randomUUID(), 'HooklineRmmB');
		const firstId = (first.response.body as { alertId: string }).alertId;
		expect(other.response.status).toBe(202);
		expect(other.result.workflowData![0]).toHaveLength(1);
		expect((other.response.body as { alertId: string }).alertId).not.toBe(firstId);
		// The same credential on a trigger of another workflow repeats the first alert, untouched by the other.
		const again = await send(manage365(body), { namespace: 'default' }, randomUUID(), 'HooklineRmmA');
		expect(again.result.workflowData![1][0].json).toMatchObject({
			alertId: firstId,
			occurrences: 2,
			severity: 'critical',
			title: 'Server down',
		});
	});

	it('shares a named namespace across credentials, as today', async () => {
		const namespace = `shared-${randomUUID()}`;
		const first = await send(manage365(), { namespace }, randomUUID(), 'HooklineRmmA');
		const other = await send(manage365(), { namespace }, randomUUID(), 'HooklineRmmB');
		expect(other.result.workflowData![1][0].json).toMatchObject({
			alertId: (first.response.body as { alertId: string }).alertId,
			occurrences: 2,
		});
	});

	it('records refused requests on Rejected when asked: reason, status, headers without credentials, health; never the body', async () => {
		const workflowId = randomUUID();
		const parameters = { recordRejected: true };
		const forged = await send(manage365(MANAGE365_BODY, 'm365_hook_guess'), parameters, workflowId);
		expect(forged.result.workflowData).toHaveLength(3);
		expect(forged.result.workflowData!.slice(0, 2)).toEqual([[], []]);
		const rejected = forged.result.workflowData![2][0].json;
		expect(rejected).toEqual({
			reason: 'unauthorized',
			detail: 'The signature or token does not match the secret',
			status: 401,
			headers: { 'content-type': 'application/json', 'user-agent': 'curl/8.5.0' },
			hookHealth: {
				successCount: 0,
				failureCount: 1,
				lastFiredAt: rejected.receivedAt,
				lastSuccessAt: null,
				lastFailureAt: rejected.receivedAt,
				lastError: 'unauthorized: The signature or token does not match the secret',
				store: expect.objectContaining({ kind: 'local', full: false }),
			},
			receivedAt: expect.any(String),
		});
		expect(JSON.stringify(forged.result)).not.toContain('SRV-01');
		expect(JSON.stringify(forged.result)).not.toContain('m365_hook');

		const invalid = await send(manage365('{"description":"SRV-02"}'), parameters, workflowId);
		expect(invalid.result.workflowData![2][0].json).toMatchObject({
			reason: 'invalid_payload',
			status: 400,
			details: ['title: Required'],
			hookHealth: { successCount: 0, failureCount: 2, lastError: 'invalid_payload: Invalid alert: title' },
		});
		expect(JSON.stringify(invalid.result)).not.toContain('SRV-02');

		const accepted = await send(manage365(), parameters, workflowId);
		expect(accepted.result.workflowData).toHaveLength(3);
		expect(accepted.result.workflowData![0][0].json.hookHealth).toMatchObject({
			successCount: 1,
			failureCount: 2,
			lastError: 'invalid_payload: Invalid alert: title',
		});
		expect(accepted.result.workflowData![2]).toEqual([]);
	});

	it('counts failures in the health even when nothing is recorded', async () => {
		const workflowId = randomUUID();
		await send(manage365(MANAGE365_BODY, 'm365_hook_guess'), {}, workflowId);
		await send(manage365('{}'), {}, workflowId);
		const { result } = await send(manage365(), {}, workflowId);
		expect(result.workflowData![0][0].json.hookHealth).toMatchObject({
			successCount: 1,
			failureCount: 2,
			lastError: 'invalid_payload: Invalid alert: title, description',
		});
	});

	it('answers 503 store_unavailable when the store fails, with no health to show', async () => {
		const broken = new MemoryStore();
		const down = new StoreUnavailableError('Redis store at 127.0.0.1:6399 is unavailable: connect ECONNREFUSED');
		for (const method of ['claim', 'get', 'set', 'increment'] as const)
			jest.spyOn(broken, method).mockRejectedValue(down);
		jest.spyOn(stores, 'openStore').mockResolvedValue(broken);

		const { result, response } = await send(manage365(), { recordRejected: true });
		expect(response.status).toBe(503);
		expect(response.body).toEqual({ ok: false, error: 'store_unavailable' });
		expect(result.workflowData![2][0].json).toMatchObject({
			reason: 'store_unavailable',
			status: 503,
			hookHealth: null,
		});

		const quiet = await send(manage365());
		expect(quiet.response.status).toBe(503);
		expect(quiet.result).toEqual({ noWebhookResponse: true });
	});
});

describe('Hookline Alert Trigger under hostile input', () => {
	it.each<[string, unknown]>([
		['a JSON array', [JSON.parse(MANAGE365_BODY)]],
		['a JSON string', 'Server down'],
		['null', null],
		['a number', 42],
		['an object whose title is an object', { ...JSON.parse(MANAGE365_BODY), title: { $gt: '' } }],
		['an empty title', { ...JSON.parse(MANAGE365_BODY), title: '' }],
		['metadata that is an array', { ...JSON.parse(MANAGE365_BODY), metadata: [1, 2] }],
	])('answers 400 invalid_payload, without an execution, for %s', async (_case, parsedBody) => {
		const { result, response } = await send({ ...manage365(), body: JSON.stringify(parsedBody), parsedBody });
		expect(response.status).toBe(400);
		expect(response.body).toMatchObject({ ok: false, error: 'invalid_payload', details: expect.any(Array) });
		expect(result.workflowData).toBeUndefined();
	});

	it.each<[string, Record<string, string | string[]>]>([
		['two Authorization headers', { authorization: [`Bearer ${TOKEN}`, `Bearer ${TOKEN}`] }],
		[
			'a Basic scheme with the token as password',
			{ authorization: `Basic ${Buffer.from(`x:${TOKEN}`).toString('base64')}` },
		],
		['the token with trailing junk', { authorization: `Bearer ${TOKEN}junk` }],
		['the token in lower-case bearer with no space', { authorization: `bearer${TOKEN}` }],
	])('answers 401 for %s', async (_case, headers) => {
		const { result, response } = await send({
			body: MANAGE365_BODY,
			headers: { 'content-type': 'application/json', ...headers },
		});
		expect(response).toMatchObject({ status: 401, body: { ok: false, error: 'unauthorized' } });
		expect(result.workflowData).toBeUndefined();
	});

	it('accepts an alert at every field cap, compact or with non-ASCII escaped as a Python sender sends it', async () => {
		const alert = {
			...JSON.parse(MANAGE365_BODY),
			dedupeKey: `caps-${randomUUID()}`,
			title: '日'.repeat(500),
			description: '本'.repeat(20_000),
			metadata: { log: 'x'.repeat(64 * 1024 - '{"log":""}'.length) },
		};
		const compact = JSON.stringify(alert);
		// json.dumps' default (ensure_ascii) form: every non-ASCII character as \uXXXX.
		const escaped = compact.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
		expect(Buffer.byteLength(compact)).toBeGreaterThan(96 * 1024);
		expect(escaped.length).toBeGreaterThan(180 * 1024);
		const first = await send(manage365(compact));
		expect(first.response.status).toBe(202);
		const repeat = await send({ ...manage365(escaped), parsedBody: JSON.parse(escaped) });
		expect(repeat.response.status).toBe(202);
	});

	it('answers 413 for a body past 256 KiB once the token is good, storing and starting nothing', async () => {
		const workflowId = randomUUID();
		// The first refusal of a quiet hook writes its health at once; the ones that follow are counted in memory.
		await send(manage365(MANAGE365_BODY, 'm365_hook_guess'), {}, workflowId);
		const marker = `oversized-${randomUUID()}`;
		const huge = JSON.stringify({ ...JSON.parse(MANAGE365_BODY), metadata: { marker, pad: 'x'.repeat(256 * 1024) } });
		const before = journalBytes();
		const { result, response } = await send(manage365(huge), { recordRejected: true }, workflowId);
		expect(response.status).toBe(413);
		expect(response.body).toEqual({
			ok: false,
			error: 'payload_too_large',
			message: `The alert body is ${Buffer.byteLength(huge)} bytes; at most 262144 are accepted`,
		});
		expect(result.workflowData!.slice(0, 2)).toEqual([[], []]);
		expect(result.workflowData![2][0].json).toMatchObject({ reason: 'payload_too_large', status: 413 });
		expect(JSON.stringify(result)).not.toContain(marker);
		expect(journalBytes()).toBe(before);
		expect(readFileSync(journal(), 'utf8')).not.toContain(marker);

		// Without the token the size is never looked at: a forger gets the same bare 401 for any body.
		const forged = await send(manage365(huge, 'm365_hook_guess'), {}, workflowId);
		expect(forged.response).toMatchObject({ status: 401, body: { ok: false, error: 'unauthorized' } });
		expect(journalBytes()).toBe(before);
	});

	it('accepts unicode and metadata up to 64 KB from a genuine sender, and refuses more with a clear 400', async () => {
		const alert = {
			...JSON.parse(MANAGE365_BODY),
			title: 'Serveur arrêté ✓ 日本',
			metadata: { log: 'x'.repeat(60 * 1024) },
		};
		const { result, response } = await send({ ...manage365(JSON.stringify(alert)) });
		expect(response.status).toBe(202);
		expect(result.workflowData?.[0]?.[0]?.json).toMatchObject({ title: 'Serveur arrêté ✓ 日本', isNew: true });

		const tooBig = { ...alert, metadata: { log: 'x'.repeat(65 * 1024) } };
		const refused = await send({ ...manage365(JSON.stringify(tooBig)) });
		expect(refused.response).toMatchObject({
			status: 400,
			body: { details: ['metadata: Must be at most 65536 bytes as JSON'] },
		});
	});
});
