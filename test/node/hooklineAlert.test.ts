import { randomUUID } from 'node:crypto';

import type {
	ICredentialDataDecryptedObject,
	ICredentialTestFunctions,
	IDataObject,
	INodeExecutionData,
	INodeTypeDescription,
} from 'n8n-workflow';

import * as stores from '../../nodes/n8n/stores/stores';
import { openStore } from '../../nodes/n8n/stores/stores';
import { HooklineAlert } from '../../nodes/HooklineAlert/HooklineAlert.node';
import { HooklineAlertTrigger } from '../../nodes/HooklineAlertTrigger/HooklineAlertTrigger.node';
import { MemoryStore } from '../../nodes/core/stores/memoryStore';
import { StoreUnavailableError } from '../../nodes/core/stores/storeUnavailableError';
import { startAlertEndpoint, type AlertEndpointServer } from '../support/alertEndpointServer';
import { mockExecuteFunctions } from '../support/mockExecuteFunctions';
import { mockWebhookFunctions, runWebhook } from '../support/mockWebhookFunctions';
import { startRedis, type RedisServer } from '../support/redisServer';
import { useThrowawayUserFolder } from '../support/userFolder';

jest.setTimeout(20_000);

const node = new HooklineAlert();
const description = node.description as INodeTypeDescription;
const CONTOSO = '0f8fad5b-d9cb-469f-a165-70867728950e';
const TOKEN = 'm365_hook_7d1f0c2b9e8a4f6b';

let endpoint: AlertEndpointServer;

beforeAll(async () => {
	endpoint = await startAlertEndpoint({ hooks: { abc123: TOKEN }, tenants: [{ domain: 'contoso.com', id: CONTOSO }] });
});
afterAll(async () => {
	await endpoint.close();
});
useThrowawayUserFolder('hookline-alert-node-');

const serverDown = {
	title: 'Server SRV-01 is down',
	description: 'SRV-01 did not answer three pings in a row',
	severity: 'critical',
	dedupeKey: 'srv-01-down',
	metadata: '{"source":"ping"}',
};

interface RunOptions {
	items?: INodeExecutionData[];
	continueOnFail?: boolean;
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	cancelSignal?: AbortSignal;
}

/** One execution of the node with these parameters, as n8n would run it. */
async function run(parameters: Record<string, unknown>, options: RunOptions = {}) {
	const ctx = mockExecuteFunctions({
		properties: description.properties,
		parameters,
		items: options.items,
		continueOnFail: options.continueOnFail,
		credentials: options.credentials,
		nodeType: 'n8n-nodes-hookline.hooklineAlert',
		cancelSignal: options.cancelSignal,
	});
	return await node.execute.call(ctx);
}

const jsonOf = (items: INodeExecutionData[]) => items.map((item) => item.json);

/** A namespace of the test's own, so tests never see each other's alerts in the shared local store. */
const fresh = () => ({ namespace: randomUUID() });

describe('Hookline Alert node: description', () => {
	it('has the design names, per-operation outputs, the credentials and a description on every parameter', () => {
		expect(description.name).toBe('hooklineAlert');
		expect(description.usableAsTool).toBe(true);
		expect(description.outputs).toEqual(expect.stringContaining('($parameter["operation"] || "raise") === "raise"'));
		expect(description.outputs).toEqual(expect.stringContaining('"New alert"'));
		expect(description.outputs).toEqual(expect.stringContaining('"Repeated alert"'));
		expect(description.credentials?.map((credential) => credential.name)).toEqual([
			'hooklineAlertEndpointApi',
			'redis',
		]);
		expect(description.credentials?.[0]).toMatchObject({ testedBy: 'hooklineAlertEndpointApiTest' });
		expect(Object.keys(node.methods.credentialTest)).toEqual(['hooklineAlertEndpointApiTest']);

		const operation = description.properties.find((p) => p.name === 'operation');
		expect(operation?.default).toBe('raise');
		expect(operation?.options?.map((option) => (option as { value: string }).value).sort()).toEqual([
			'acknowledge',
			'get',
			'list',
			'raise',
			'resolve',
			'send',
		]);
		const names = new Set(description.properties.map((p) => p.name));
		for (const name of [
			'title',
			'description',
			'severity',
			'category',
			'customerTenantId',
			'customerTenantDomain',
			'dedupeKey',
			'metadata',
			'alertId',
			'store',
			'namespace',
		]) {
			expect(names).toContain(name);
		}
		expect(description.properties.filter((p) => !p.description).map((p) => p.name)).toEqual([]);
	});
});

describe('Hookline Alert node: raise', () => {
	it('opens an alert on New alert, then counts repeats on Repeated alert with the same id', async () => {
		const ns = fresh();
		const [created, none] = await run({ ...serverDown, ...ns });
		expect(none).toEqual([]);
		const alert = created[0].json;
		expect(alert).toEqual({
			alertId: expect.stringMatching(/^[0-9a-f-]{36}$/),
			status: 'open',
			title: 'Server SRV-01 is down',
			description: 'SRV-01 did not answer three pings in a row',
			severity: 'critical',
			category: 'system',
			customerTenantId: null,
			customerTenantDomain: null,
			dedupeKey: 'srv-01-down',
			metadata: { source: 'ping' },
			occurrences: 1,
			firstSeenAt: expect.any(String),
			lastSeenAt: alert.firstSeenAt,
			isNew: true,
		});
		expect(created[0].pairedItem).toEqual({ item: 0 });

		const [again, repeated] = await run(
			{ ...serverDown, ...ns, severity: 'high' },
			{ items: [{ json: {} }, { json: {} }] },
		);
		expect(again).toEqual([]);
		expect(jsonOf(repeated)).toEqual([
			expect.objectContaining({ alertId: alert.alertId, occurrences: 2, severity: 'high', isNew: false }),
			expect.objectContaining({ alertId: alert.alertId, occurrences: 3, isNew: false }),
		]);
		expect(repeated.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});

	it('opens a new alert every time without a dedupe key', async () => {
		const ns = fresh();
		const [created] = await run(
			{ title: 'Backup failed', description: 'Job 7', ...ns },
			{ items: [{ json: {} }, { json: {} }] },
		);
		expect(created).toHaveLength(2);
		expect(created[0].json.alertId).not.toBe(created[1].json.alertId);
	});

	it('takes metadata as an object from an expression', async () => {
		const [[created]] = await run({ ...serverDown, ...fresh(), metadata: { latencyMs: 0, checks: [1, 2] } });
		expect(created.json.metadata).toEqual({ latencyMs: 0, checks: [1, 2] });
	});

	it('resolves a customer domain through Tenants, refuses an unknown one, and keeps it as given without a table', async () => {
		const tenants = { tenant: [{ domain: 'contoso.com', id: CONTOSO }] };
		const [[resolved]] = await run({ ...serverDown, ...fresh(), customerTenantDomain: 'Contoso.com', tenants });
		expect(resolved.json).toMatchObject({ customerTenantId: CONTOSO, customerTenantDomain: 'contoso.com' });

		await expect(run({ ...serverDown, ...fresh(), customerTenantDomain: 'fabrikam.com', tenants })).rejects.toThrow(
			'Invalid alert: customerTenantDomain: Unknown tenant domain "fabrikam.com"',
		);
		const [[labelled]] = await run({ ...serverDown, ...fresh(), customerTenantDomain: 'fabrikam.com' });
		expect(labelled.json).toMatchObject({ customerTenantId: null, customerTenantDomain: 'fabrikam.com' });
	});

	it('names every invalid field, and with Continue On Fail emits an error item for that item only', async () => {
		const bad = { ...serverDown, ...fresh(), title: ' ', severity: 'urgent', customerTenantId: '42' };
		await expect(run(bad)).rejects.toThrow(
			/^Invalid alert: title: Must not be empty; severity: .*; customerTenantId: Must be a UUID$/,
		);
		await expect(run({ ...serverDown, ...fresh(), metadata: '{source: ping}' })).rejects.toThrow(
			/^Invalid alert: metadata: Not valid JSON/,
		);

		const [errors, repeated] = await run(bad, { continueOnFail: true });
		expect(repeated).toEqual([]);
		expect(errors).toEqual([
			{
				json: {
					error: expect.stringMatching(/^Invalid alert: title/),
					details: [
						'title: Must not be empty',
						expect.stringMatching(/^severity: /),
						'customerTenantId: Must be a UUID',
					],
				},
				pairedItem: { item: 0 },
			},
		]);
	});
});

describe('Hookline Alert node: acknowledge, resolve, get and list', () => {
	it('acknowledges, gets and resolves by alert ID; the next raise of the key opens a new alert', async () => {
		const ns = fresh();
		const [[opened]] = await run({ ...serverDown, ...ns });
		const alertId = opened.json.alertId as string;

		const [[acknowledged]] = await run({ operation: 'acknowledge', alertId, ...ns });
		expect(acknowledged.json).toMatchObject({ alertId, status: 'acknowledged', occurrences: 1, isNew: false });
		const [[repeat]] = (await run({ ...serverDown, ...ns })).slice(1);
		expect(repeat.json).toMatchObject({ alertId, status: 'acknowledged', occurrences: 2 });

		const [[resolved]] = await run({ operation: 'resolve', alertId: ` ${alertId} `, ...ns });
		expect(resolved.json).toMatchObject({ alertId, status: 'resolved', occurrences: 2 });
		const [[got]] = await run({ operation: 'get', alertId, ...ns });
		expect(got.json).toEqual(resolved.json);

		const [[reopened], repeated] = await run({ ...serverDown, ...ns });
		expect(repeated).toEqual([]);
		expect(reopened.json).toMatchObject({ status: 'open', occurrences: 1, isNew: true });
		expect(reopened.json.alertId).not.toBe(alertId);
	});

	it('finds the open alert by dedupe key and tenant; no open alert is no item, not an error', async () => {
		const ns = fresh();
		const tenants = { tenant: [{ domain: 'contoso.com', id: CONTOSO }] };
		const [[opened]] = await run({ ...serverDown, ...ns, customerTenantDomain: 'contoso.com', tenants });
		const byKey = { findBy: 'dedupeKey', dedupeKey: 'srv-01-down', ...ns };

		expect(await run({ operation: 'resolve', ...byKey })).toEqual([[]]);
		const [[got]] = await run({ operation: 'get', ...byKey, customerTenantId: CONTOSO });
		expect(got.json.alertId).toBe(opened.json.alertId);
		const [[resolved]] = await run({ operation: 'resolve', ...byKey, customerTenantDomain: 'contoso.com', tenants });
		expect(resolved.json).toMatchObject({ alertId: opened.json.alertId, status: 'resolved' });
		expect(await run({ operation: 'resolve', ...byKey, customerTenantId: CONTOSO })).toEqual([[]]);
		await expect(run({ operation: 'get', ...byKey, dedupeKey: ' ' })).rejects.toThrow(
			'Invalid alert: dedupeKey: Required',
		);
	});

	it('names an unknown alert ID, and with Continue On Fail fails only that item', async () => {
		const ns = fresh();
		await expect(run({ operation: 'get', alertId: 'no-such-alert', ...ns })).rejects.toThrow(
			`No alert with ID "no-such-alert" in namespace "${ns.namespace}"`,
		);
		await expect(run({ operation: 'resolve', alertId: '', ...ns })).rejects.toThrow('No alert ID given');

		const [[opened]] = await run({ ...serverDown, ...ns });
		const ctx = mockExecuteFunctions({
			properties: description.properties,
			parameters: { operation: 'acknowledge', ...ns },
			items: [{ json: { id: opened.json.alertId } }, { json: { id: 'missing' } }],
			continueOnFail: true,
		});
		// The mock has no expressions: alertId is read per item, as n8n resolves {{ $json.id }}.
		const read = ctx.getNodeParameter;
		ctx.getNodeParameter = ((name: string, itemIndex: number, fallback?: unknown) =>
			name === 'alertId' ? ctx.getInputData()[itemIndex].json.id : read(name, itemIndex, fallback)) as typeof read;
		const [items] = await node.execute.call(ctx);
		expect(items).toEqual([
			{
				json: expect.objectContaining({ alertId: opened.json.alertId, status: 'acknowledged' }),
				pairedItem: { item: 0 },
			},
			{ json: { error: `No alert with ID "missing" in namespace "${ns.namespace}"` }, pairedItem: { item: 1 } },
		]);
	});

	it('lists newest first with filters, a limit or all', async () => {
		const ns = fresh();
		const ids: string[] = [];
		for (const [dedupeKey, severity, customerTenantId] of [
			['a', 'critical', CONTOSO],
			['b', 'low', ''],
			['c', 'critical', ''],
		]) {
			const [[created]] = await run({ ...serverDown, ...ns, dedupeKey, severity, customerTenantId });
			ids.push(created.json.alertId as string);
			await new Promise((resolve) => setTimeout(resolve, 5));
		}
		await run({ operation: 'resolve', alertId: ids[2], ...ns });
		const list = async (parameters: Record<string, unknown>) =>
			jsonOf((await run({ operation: 'list', ...ns, ...parameters }))[0]).map((alert) => alert.alertId);

		expect(await list({})).toEqual([ids[2], ids[1], ids[0]]);
		expect(await list({ limit: 2 })).toEqual([ids[2], ids[1]]);
		expect(await list({ returnAll: true, limit: 1 })).toHaveLength(3);
		expect(await list({ filters: { status: 'open', severity: 'critical' } })).toEqual([ids[0]]);
		expect(await list({ filters: { customerTenantId: CONTOSO.toUpperCase() } })).toEqual([ids[0]]);
		expect(await list({ filters: { status: 'resolved' } })).toEqual([ids[2]]);
		expect(await list({ filters: { status: '' } })).toHaveLength(3);
		await expect(list({ filters: { status: 'closed' } })).rejects.toThrow('Unknown status filter "closed"');
		expect(await run({ operation: 'list', ...fresh() })).toEqual([[]]);
	});
});

describe('Hookline Alert node and Alert Trigger', () => {
	it('share alerts of one store and namespace: a trigger alert repeats on the node, the node resolves it', async () => {
		const trigger = new HooklineAlertTrigger();
		const ns = fresh();
		const tenants = { tenant: [{ domain: 'contoso.com', id: CONTOSO }] };
		const fromPrtg = async () => {
			const { ctx, response } = mockWebhookFunctions({
				properties: (trigger.description as INodeTypeDescription).properties,
				parameters: { path: 'alerts', tenants, ...ns },
				credentials: { hooklineSecretApi: { secret: TOKEN } },
				request: {
					body: JSON.stringify({
						title: 'Server down',
						description: 'SRV-01',
						customerTenantDomain: 'contoso.com',
						dedupeKey: 'srv-01-down',
					}),
					headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
				},
				workflowId: 'wf-prtg',
			});
			await runWebhook(trigger, ctx, response);
			return (response.body as { alertId: string }).alertId;
		};

		const alertId = await fromPrtg();
		const [created, [repeated]] = await run({ ...serverDown, ...ns, customerTenantDomain: 'contoso.com', tenants });
		expect(created).toEqual([]);
		expect(repeated.json).toMatchObject({ alertId, occurrences: 2 });

		await run({ operation: 'resolve', alertId, ...ns });
		const next = await fromPrtg();
		expect(next).not.toBe(alertId);
	});
});

describe('Hookline Alert node over Redis', () => {
	let redis: RedisServer;
	const credentials = () => ({ redis: { host: '127.0.0.1', port: redis.port } });

	beforeAll(async () => {
		redis = await startRedis();
	});
	afterAll(async () => {
		const ctx = mockExecuteFunctions({ properties: description.properties, credentials: credentials() });
		await (await openStore(ctx, 'redis')).close();
		await redis.stop();
	});

	it('dedupes, resolves and lists through the redis store', async () => {
		const parameters = { ...serverDown, ...fresh(), store: 'redis' };
		const [[opened]] = await run(parameters, { credentials: credentials() });
		const [, [repeated]] = await run(parameters, { credentials: credentials() });
		expect(repeated.json).toMatchObject({ alertId: opened.json.alertId, occurrences: 2 });
		// The local store of this process knows nothing of it.
		await expect(
			run({ operation: 'get', alertId: opened.json.alertId, namespace: parameters.namespace }),
		).rejects.toThrow(/No alert with ID/);

		const [[resolved]] = await run(
			{
				operation: 'resolve',
				findBy: 'dedupeKey',
				dedupeKey: 'srv-01-down',
				namespace: parameters.namespace,
				store: 'redis',
			},
			{ credentials: credentials() },
		);
		expect(resolved.json).toMatchObject({ alertId: opened.json.alertId, status: 'resolved' });
		const [listed] = await run(
			{ operation: 'list', namespace: parameters.namespace, store: 'redis' },
			{ credentials: credentials() },
		);
		expect(jsonOf(listed)).toEqual([expect.objectContaining({ alertId: opened.json.alertId, status: 'resolved' })]);
	});

	it('reports a store that cannot answer as an item error naming it', async () => {
		const broken = new MemoryStore();
		const down = new StoreUnavailableError('Redis store at 127.0.0.1:6399 is unavailable: connect ECONNREFUSED');
		for (const method of ['claim', 'get', 'set', 'increment'] as const)
			jest.spyOn(broken, method).mockRejectedValue(down);
		const spy = jest.spyOn(stores, 'openStore').mockResolvedValue(broken);
		try {
			await expect(run({ ...serverDown, ...fresh() })).rejects.toThrow(/Redis store at 127.0.0.1:6399 is unavailable/);
			const [errors] = await run({ operation: 'get', alertId: 'a-1', ...fresh() }, { continueOnFail: true });
			expect(jsonOf(errors)).toEqual([{ error: expect.stringMatching(/is unavailable/) }]);
		} finally {
			spy.mockRestore();
		}
	});

	it('needs the redis credential when the store is redis', async () => {
		await expect(run({ ...serverDown, ...fresh(), store: 'redis' })).rejects.toThrow(/credentials set for "redis"/);
	});
});

describe('Hookline Alert node: send', () => {
	const credentials = (overrides: IDataObject = {}) => ({
		hooklineAlertEndpointApi: { url: endpoint.urlFor('abc123'), token: TOKEN, allowPrivateNetwork: true, ...overrides },
	});
	const send = (parameters: Record<string, unknown> = {}, options: RunOptions = {}) =>
		run(
			{ operation: 'send', ...serverDown, customerTenantDomain: 'contoso.com', ...parameters },
			{ credentials: credentials(), ...options },
		);

	beforeEach(() => endpoint.received.splice(0));

	it('POSTs the alert with the bearer token and outputs it with the endpoint alertId', async () => {
		const [[sent], ...rest] = await send();
		expect(rest).toEqual([]);
		expect(sent.json).toEqual({
			alertId: expect.stringMatching(/^[0-9a-f-]{36}$/),
			title: 'Server SRV-01 is down',
			description: 'SRV-01 did not answer three pings in a row',
			severity: 'critical',
			category: 'system',
			customerTenantId: null,
			customerTenantDomain: 'contoso.com',
			dedupeKey: 'srv-01-down',
			metadata: { source: 'ping' },
			delivery: { status: 202, attempts: [{ n: 1, status: 202, error: null, durationMs: expect.any(Number) }] },
		});
		expect(endpoint.received).toHaveLength(1);
		expect(endpoint.received[0].headers.authorization).toBe(`Bearer ${TOKEN}`);
		expect(JSON.parse(endpoint.received[0].body)).toMatchObject({
			title: 'Server SRV-01 is down',
			dedupeKey: 'srv-01-down',
		});
		expect(JSON.stringify(sent)).not.toContain(TOKEN);
	});

	// Credential overrides are functions: the endpoint's URL exists only once it listens.
	it.each<[string, () => IDataObject, Record<string, unknown>, string]>([
		[
			'an unknown domain (400)',
			() => ({}),
			{ customerTenantDomain: 'fabrikam.com' },
			'The alert endpoint rejected the alert as invalid (400): customerTenantDomain: Unknown tenant domain "fabrikam.com"',
		],
		['a wrong token (401)', () => ({ token: 'm365_hook_guess' }), {}, 'The alert endpoint refused the token (401)'],
		[
			'an unknown hook (404)',
			() => ({ url: endpoint.urlFor('nope') }),
			{},
			'No such alert endpoint (404): the hook in the URL does not exist or is disabled',
		],
	])('names %s in the error, without the token', async (_case, credential, parameters, message) => {
		const error = await send(parameters, { credentials: credentials(credential()) }).catch((caught: Error) => caught);
		expect(error).toMatchObject({ message });
		expect(JSON.stringify(error)).not.toContain('m365_hook_');
		expect(endpoint.received).toHaveLength(1);
	});

	it('retries a failing endpoint, then reports the failure with its attempts on Continue On Fail', async () => {
		endpoint.failNext(503, 503);
		const [errors] = await send({ options: { maxAttempts: 2 } }, { continueOnFail: true });
		expect(errors).toEqual([
			{
				json: {
					error: 'The alert endpoint failed with HTTP 503 after 2 attempts: unavailable',
					details: {
						reason: 'server_error',
						status: 503,
						validation: ['unavailable'],
						attempts: [expect.objectContaining({ n: 1, status: 503 }), expect.objectContaining({ n: 2, status: 503 })],
					},
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	it("keeps the cause in the message when the endpoint cannot be reached (not n8n's generic sentence)", async () => {
		const unreachable = credentials({ url: 'http://127.0.0.1:1/api/v1/inbound/abc123' });
		await expect(send({ options: { maxAttempts: 1 } }, { credentials: unreachable })).rejects.toThrow(
			/^Could not reach the alert endpoint: .*ECONNREFUSED 127.0.0.1:1/,
		);
	});

	it('refuses a private endpoint unless the credential allows it, and checks the alert before sending', async () => {
		await expect(send({}, { credentials: credentials({ allowPrivateNetwork: false }) })).rejects.toThrow(
			/^Could not reach the alert endpoint: ERR_BLOCKED_ADDRESS/,
		);
		await expect(send({ title: '' })).rejects.toThrow('Invalid alert: title: Must not be empty');
		expect(endpoint.received).toEqual([]);
	});

	it('tests the credential: 400 to the empty test alert means the token was accepted', async () => {
		const test = (data: IDataObject) =>
			node.methods.credentialTest.hooklineAlertEndpointApiTest.call({} as ICredentialTestFunctions, {
				id: 'c1',
				name: 'Endpoint',
				type: 'hooklineAlertEndpointApi',
				data: { url: endpoint.urlFor('abc123'), token: TOKEN, allowPrivateNetwork: true, ...data },
			});
		expect(await test({})).toEqual({
			status: 'OK',
			message: expect.stringMatching(/^The endpoint accepted the token/),
		});
		expect(await test({ token: 'm365_hook_guess' })).toEqual({
			status: 'Error',
			message: expect.stringMatching(/^The alert endpoint refused the token \(401\)/),
		});
		expect(await test({ url: endpoint.urlFor('nope') })).toEqual({
			status: 'Error',
			message: expect.stringMatching(/^No such alert endpoint \(404\)/),
		});
		expect(await test({ allowPrivateNetwork: false })).toEqual({
			status: 'Error',
			message: expect.stringMatching(/ERR_BLOCKED_ADDRESS/),
		});
	});
});

describe('Hookline Alert node: send, stopped', () => {
	beforeEach(() => endpoint.received.splice(0));

	// The stop lands while the first 503 is read or in the 0.5-1 s wait after it: either way the send ends at once.
	it('stopping the execution during a send ends it at once, with no further attempt', async () => {
		endpoint.failNext(503); // the retry would be accepted: only the stop keeps it from being sent
		const controller = new AbortController();
		const running = run(
			{ operation: 'send', ...serverDown, customerTenantDomain: 'contoso.com', options: { maxAttempts: 2 } },
			{
				credentials: {
					hooklineAlertEndpointApi: { url: endpoint.urlFor('abc123'), token: TOKEN, allowPrivateNetwork: true },
				},
				cancelSignal: controller.signal,
			},
		).catch((error: Error & { context?: IDataObject }) => error);
		while (endpoint.received.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
		const stoppedAt = Date.now();
		controller.abort();
		const error = await running;
		expect(Date.now() - stoppedAt).toBeLessThan(450); // the wait is at least 500 ms
		expect(error).toMatchObject({ message: 'Sending the alert was cancelled: the execution was stopped' });
		expect((error as { context?: IDataObject }).context?.details).toMatchObject({
			reason: 'cancelled',
			attempts: [{ n: 1 }],
		});
		await new Promise((resolve) => setTimeout(resolve, 1200));
		expect(endpoint.received).toHaveLength(1);
	});
});
