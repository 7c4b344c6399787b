import { randomUUID } from 'node:crypto';

import { Redis } from 'ioredis';
import type {
	ICredentialDataDecryptedObject,
	IExecuteFunctions,
	INodeTypeDescription,
	IWebhookFunctions,
} from 'n8n-workflow';

import { openStore } from '../../nodes/n8n/stores/stores';
import { HooklineAlert } from '../../nodes/HooklineAlert/HooklineAlert.node';
import { HooklineAlertTrigger } from '../../nodes/HooklineAlertTrigger/HooklineAlertTrigger.node';
import { HooklineTrigger } from '../../nodes/HooklineTrigger/HooklineTrigger.node';
import { mockExecuteFunctions } from '../support/mockExecuteFunctions';
import { mockWebhookFunctions, runWebhook } from '../support/mockWebhookFunctions';
import { freePort, startRedis, type RedisServer } from '../support/redisServer';
import { useThrowawayUserFolder } from '../support/userFolder';

jest.setTimeout(30_000);

const trigger = new HooklineTrigger();
const alertTrigger = new HooklineAlertTrigger();
const alertNode = new HooklineAlert();
const describe_ = (node: { description: unknown }) => node.description as INodeTypeDescription;
const SECRET = 'store-fallback-secret';

/** Credentials this file opened connections with, closed at the end (the connections are per process). */
const opened: ICredentialDataDecryptedObject[] = [];
const redisCredential = (port: number, extra: ICredentialDataDecryptedObject = {}) => {
	const credential = { host: '127.0.0.1', port, ...extra };
	opened.push(credential);
	return credential;
};

async function closeConnections() {
	for (const credential of opened.splice(0)) {
		const ctx = mockExecuteFunctions({ properties: [], credentials: { redis: credential } });
		await (await openStore(ctx, 'redis')).close();
	}
}

afterAll(async () => {
	await closeConnections();
});
useThrowawayUserFolder('hookline-store-fallback-');

async function deliver(
	parameters: Record<string, unknown>,
	redis: ICredentialDataDecryptedObject,
	key: string,
	workflowId: string,
) {
	const { ctx, response } = mockWebhookFunctions({
		properties: describe_(trigger).properties,
		parameters: { path: 'hook', verification: 'bearer', idempotency: 'header', store: 'redis', ...parameters },
		credentials: { hooklineSecretApi: { secret: SECRET }, redis },
		request: { body: '{"event":"x"}', headers: { Authorization: `Bearer ${SECRET}`, 'Idempotency-Key': key } },
		workflowId,
	});
	const result = await runWebhook(trigger, ctx, response);
	return { result, response, item: result.workflowData?.flat()[0]?.json };
}

describe('If Redis Is Unavailable: the option', () => {
	it.each([
		['Hookline Trigger', describe_(trigger)],
		['Hookline Alert Trigger', describe_(alertTrigger)],
		['Hookline Alert', describe_(alertNode)],
	])('%s offers Fail (default) and Use Local Store, shown only with the Redis store', (_name, description) => {
		const property = description.properties.find((p) => p.name === 'redisUnavailable');
		expect(property).toMatchObject({
			type: 'options',
			default: 'fail',
			noDataExpression: true,
			description: expect.any(String),
		});
		expect(property!.options!.map((option) => (option as { value: string }).value)).toEqual(['fail', 'local']);
		expect(property!.displayOptions?.show).toEqual({ store: ['redis'] });
	});
});

describe('Hookline Trigger when Redis cannot be reached', () => {
	let port: number;
	beforeAll(async () => {
		port = await freePort();
	});

	it('fails closed by default: 503 store_unavailable, no execution, the Rejected output names the server', async () => {
		const redis = redisCredential(port);
		const quiet = await deliver({}, redis, 'k-1', randomUUID());
		expect(quiet.response.status).toBe(503);
		expect(quiet.response.body).toEqual({ ok: false, error: 'store_unavailable' });
		expect(quiet.result).toEqual({ noWebhookResponse: true });

		const recorded = await deliver({ recordRejected: true }, redis, 'k-1', randomUUID());
		expect(recorded.response.status).toBe(503);
		expect(recorded.result.workflowData![0]).toEqual([]);
		expect(recorded.item).toMatchObject({
			reason: 'store_unavailable',
			status: 503,
			detail: expect.stringContaining(`Redis store at 127.0.0.1:${port} is unavailable`),
		});
		expect(recorded.item).not.toHaveProperty('warning');
	});

	it('with Use Local Store: accepts with a warning on the item, and still refuses the duplicate and counts the rate', async () => {
		const redis = redisCredential(port);
		const workflowId = randomUUID();
		const parameters = { redisUnavailable: 'local', rateLimitPerMinute: 2 };
		const first = await deliver(parameters, redis, 'k-2', workflowId);
		expect(first.response.status).toBe(202);
		expect(first.item).toMatchObject({
			deliveryId: (first.response.body as { deliveryId: string }).deliveryId,
			warning: expect.stringMatching(new RegExp(`^Redis store at 127\\.0\\.0\\.1:${port} is unavailable.*local store`)),
		});

		const again = await deliver(parameters, redis, 'k-2', workflowId);
		expect(again.response.status).toBe(200);
		expect(again.response.body).toEqual({
			ok: true,
			duplicate: true,
			deliveryId: (first.response.body as { deliveryId: string }).deliveryId,
		});
		expect(again.result.workflowData).toBeUndefined();

		// The duplicate cost nothing: the second distinct delivery is still within the limit of 2.
		expect((await deliver(parameters, redis, 'k-3', workflowId)).response.status).toBe(202);
		const limited = await deliver(parameters, redis, 'k-4', workflowId);
		expect(limited.response.status).toBe(429);
	});
});

describe('Hookline Trigger through a Redis outage', () => {
	let server: RedisServer;
	beforeAll(async () => {
		server = await startRedis();
	});
	afterAll(async () => {
		await closeConnections();
		await server.stop();
	});

	/** Redis restarts empty here; the store's client reconnects on its own within a couple of seconds. */
	async function untilAnswered<T extends { response: { status?: number } }>(
		send: () => Promise<T>,
		status: number,
		decidedInRedis = (_answer: T) => true,
	) {
		const deadline = Date.now() + 10_000;
		for (;;) {
			const answer = await send();
			if ((answer.response.status === status && decidedInRedis(answer)) || Date.now() > deadline) return answer;
			await new Promise((resolve) => setTimeout(resolve, 100));
		}
	}

	it('decides in Redis while it is up, locally with a warning while it is down, and in Redis again after', async () => {
		const redis = redisCredential(server.port);
		const workflowId = randomUUID();
		const parameters = { redisUnavailable: 'local' };
		const before = await deliver(parameters, redis, 'before', workflowId);
		expect(before.response.status).toBe(202);
		expect(before.item).not.toHaveProperty('warning');

		await server.stop();
		const during = await deliver(parameters, redis, 'during', workflowId);
		expect(during.response.status).toBe(202);
		expect(during.item!.warning).toMatch(/is unavailable/);

		await server.restart();
		// The local store answers 202 too while the client reconnects: wait for an answer decided in Redis.
		const after = await untilAnswered(
			() => deliver(parameters, redis, `after-${randomUUID()}`, workflowId),
			202,
			(answer) => answer.item?.warning === undefined,
		);
		expect(after.response.status).toBe(202);
		expect((after as { item?: Record<string, unknown> }).item).not.toHaveProperty('warning');
		const raw = new Redis({ host: '127.0.0.1', port: server.port });
		try {
			expect(await raw.keys('hookline:idempotency:*')).toEqual([expect.stringContaining(':after-')]);
		} finally {
			raw.disconnect();
		}
	});

	it('in the default mode answers 503 while Redis is down and 202 once it is back', async () => {
		const redis = redisCredential(server.port, { database: 1 });
		const workflowId = randomUUID();
		expect((await deliver({}, redis, 'a', workflowId)).response.status).toBe(202);
		await server.stop();
		const down = await deliver({}, redis, 'b', workflowId);
		expect(down.response).toMatchObject({ status: 503, body: { ok: false, error: 'store_unavailable' } });
		await server.restart();
		expect((await untilAnswered(() => deliver({}, redis, 'b', workflowId), 202)).response.status).toBe(202);
	});

	it('keeps one connection per credential: an edited credential replaces its connection instead of adding one', async () => {
		const raw = new Redis({ host: '127.0.0.1', port: server.port });
		const clients = async () =>
			String(await raw.client('LIST'))
				.trim()
				.split('\n').length;
		const ctxFor = (database: number) =>
			({
				getCredentials: async () => ({ host: '127.0.0.1', port: server.port, database }),
				getNode: () => ({ credentials: { redis: { id: 'cred-1', name: 'Redis' } } }),
			}) as unknown as IExecuteFunctions;
		try {
			await (await openStore(ctxFor(2), 'redis')).get('probe');
			await (await openStore(ctxFor(2), 'redis')).get('probe');
			const withOne = await clients();
			await (await openStore(ctxFor(3), 'redis')).get('probe');
			// The old connection's QUIT is on its way; the count settles at once or a moment later.
			const deadline = Date.now() + 2000;
			while ((await clients()) !== withOne && Date.now() < deadline)
				await new Promise((resolve) => setTimeout(resolve, 50));
			expect(await clients()).toBe(withOne);
		} finally {
			await (await openStore(ctxFor(3), 'redis')).close();
			raw.disconnect();
		}
	});
});

describe('Alert nodes when Redis cannot be reached', () => {
	let port: number;
	beforeAll(async () => {
		port = await freePort();
	});
	const TOKEN = 'm365_hook_fallback';
	const alertBody = '{"title":"Server down","description":"SRV-01 is not responding","dedupeKey":"srv-01-down"}';

	async function sendAlert(parameters: Record<string, unknown>, workflowId = randomUUID()) {
		const { ctx, response } = mockWebhookFunctions({
			properties: describe_(alertTrigger).properties,
			parameters: { path: 'alerts', store: 'redis', namespace: workflowId, ...parameters },
			credentials: { hooklineSecretApi: { secret: TOKEN }, redis: redisCredential(port) },
			request: { body: alertBody, headers: { Authorization: `Bearer ${TOKEN}` } },
			workflowId,
		});
		return { result: await runWebhook(alertTrigger, ctx as IWebhookFunctions, response), response };
	}

	it('Alert Trigger: 503 by default; with Use Local Store, the alert is deduplicated locally and carries the warning', async () => {
		expect((await sendAlert({})).response).toMatchObject({
			status: 503,
			body: { ok: false, error: 'store_unavailable' },
		});

		const workflowId = randomUUID();
		const first = await sendAlert({ redisUnavailable: 'local' }, workflowId);
		expect(first.response.status).toBe(202);
		const [[created]] = first.result.workflowData!;
		expect(created.json).toMatchObject({
			isNew: true,
			warning: expect.stringMatching(/is unavailable/),
			hookHealth: { successCount: 1 },
		});

		const repeat = await sendAlert({ redisUnavailable: 'local' }, workflowId);
		const [, [repeated]] = repeat.result.workflowData!;
		expect(repeated.json).toMatchObject({ alertId: created.json.alertId, occurrences: 2, warning: expect.any(String) });
	});

	it('Alert node: the item fails naming Redis by default; with Use Local Store it raises locally with the warning', async () => {
		const run = (parameters: Record<string, unknown>) =>
			alertNode.execute.call(
				mockExecuteFunctions({
					properties: describe_(alertNode).properties,
					parameters: {
						title: 'Disk full',
						description: 'C: at 99%',
						dedupeKey: 'disk',
						store: 'redis',
						...parameters,
					},
					credentials: { redis: redisCredential(port) },
				}),
			);
		await expect(run({ namespace: randomUUID() })).rejects.toThrow(
			new RegExp(`Redis store at 127\\.0\\.0\\.1:${port} is unavailable`),
		);

		const namespace = randomUUID();
		const [[raised]] = await run({ namespace, redisUnavailable: 'local' });
		expect(raised.json).toMatchObject({ isNew: true, warning: expect.stringMatching(/local store/) });
		const [, [repeated]] = await run({ namespace, redisUnavailable: 'local' });
		expect(repeated.json).toMatchObject({ alertId: raised.json.alertId, occurrences: 2 });
	});
});
