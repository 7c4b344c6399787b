import { randomUUID } from 'node:crypto';

import type { INodeTypeDescription } from 'n8n-workflow';

import { HooklineAlertTrigger } from '../../nodes/HooklineAlertTrigger/HooklineAlertTrigger.node';
import { HooklineTrigger } from '../../nodes/HooklineTrigger/HooklineTrigger.node';
import { mockWebhookFunctions, runWebhook } from '../support/mockWebhookFunctions';
import { useThrowawayUserFolder } from '../support/userFolder';

const trigger = new HooklineTrigger();
const SECRET = 'bound-secret';
const workflowId = randomUUID();

async function deliver(key: string, parameters: Record<string, unknown> = {}) {
	const { ctx, response } = mockWebhookFunctions({
		properties: (trigger.description as INodeTypeDescription).properties,
		parameters: { path: 'hook', verification: 'bearer', idempotency: 'header', ...parameters },
		credentials: { hooklineSecretApi: { secret: SECRET } },
		request: { body: '{"event":"x"}', headers: { Authorization: `Bearer ${SECRET}`, 'Idempotency-Key': key } },
		workflowId,
	});
	const result = await runWebhook(trigger, ctx, response);
	return { response, item: result.workflowData?.flat()[0]?.json };
}

function withEnv(name: string, value: string) {
	const previous = process.env[name];
	beforeAll(() => {
		process.env[name] = value;
	});
	afterAll(() => {
		if (previous === undefined) delete process.env[name];
		else process.env[name] = previous;
	});
}

describe('The local store bound (HOOKLINE_LOCAL_STORE_MAX_ENTRIES)', () => {
	useThrowawayUserFolder('hookline-bound-');
	withEnv('HOOKLINE_LOCAL_STORE_MAX_ENTRIES', '2');

	it('refuses a new delivery with 503 + Retry-After when full of live keys, and still knows the earlier ones', async () => {
		expect((await deliver('k1')).response.status).toBe(202);
		expect((await deliver('k2')).response.status).toBe(202);
		const full = await deliver('k3', { recordRejected: true });
		expect(full.response.status).toBe(503);
		expect(Number(full.response.headers['retry-after'])).toBeGreaterThan(86_000);
		expect(full.item).toMatchObject({
			reason: 'store_unavailable',
			detail: expect.stringContaining('The store holds its maximum of 2 live entries'),
		});
		expect((await deliver('k1')).response).toMatchObject({ status: 200, body: { duplicate: true } });
	});
});

describe('The local store byte bound (HOOKLINE_LOCAL_STORE_MAX_MB)', () => {
	useThrowawayUserFolder('hookline-bound-mb-');
	withEnv('HOOKLINE_LOCAL_STORE_MAX_MB', '1');

	it('accepts deliveries until their keys fill 1 MiB, then refuses with 503 naming the bound', async () => {
		// Keys of the longest length the trigger takes (512 characters): each entry costs about 700.
		const key = (i: number) => `${String(i).padStart(6, '0')}${'k'.repeat(506)}`;
		let accepted = 0;
		let refused: Awaited<ReturnType<typeof deliver>> | undefined;
		while (refused === undefined && accepted < 3_000) {
			const answer = await deliver(key(accepted), { recordRejected: true });
			if (answer.response.status === 202) accepted++;
			else refused = answer;
		}
		expect(accepted).toBeGreaterThan(1_000);
		expect(accepted).toBeLessThan(2_000);
		expect(refused?.response.status).toBe(503);
		expect(refused?.item).toMatchObject({ detail: expect.stringContaining('1024 KiB of live keys and values') });
	});
});

describe('The local store bound on the Alert Trigger', () => {
	useThrowawayUserFolder('hookline-bound-alerts-');
	withEnv('HOOKLINE_LOCAL_STORE_MAX_ENTRIES', '12');
	const alertTrigger = new HooklineAlertTrigger();

	async function raise(dedupeKey: string) {
		const { ctx, response } = mockWebhookFunctions({
			properties: (alertTrigger.description as INodeTypeDescription).properties,
			parameters: { path: 'alerts', recordRejected: true },
			credentials: { hooklineSecretApi: { secret: SECRET } },
			nodeCredentials: { hooklineSecretApi: { id: 'HooklineBoundCred', name: 'Alert hook token' } },
			request: {
				body: JSON.stringify({ title: 'Disk full', description: 'C: at 99%', dedupeKey }),
				headers: { Authorization: `Bearer ${SECRET}` },
			},
			workflowId,
		});
		const result = await runWebhook(alertTrigger, ctx, response);
		return { response, item: result.workflowData?.flat()[0]?.json };
	}

	it('says in the hook health how full the store is, and that it is full when it refuses with 503', async () => {
		const first = await raise('disk-1');
		expect(first.response.status).toBe(202);
		expect(first.item?.hookHealth).toMatchObject({
			store: { kind: 'local', entries: 6, maxEntries: 12, bytes: expect.any(Number), full: false },
		});
		let refused: Awaited<ReturnType<typeof raise>> | undefined;
		for (let i = 2; refused === undefined && i < 10; i++) {
			const answer = await raise(`disk-${i}`);
			if (answer.response.status !== 202) refused = answer;
		}
		expect(refused?.response.status).toBe(503);
		expect(refused?.item).toMatchObject({
			reason: 'store_unavailable',
			hookHealth: { failureCount: 1, store: { kind: 'local', entries: 12, maxEntries: 12, full: true } },
		});
	});
});

describe('A HOOKLINE_LOCAL_STORE_MAX_ENTRIES that is not a whole number', () => {
	useThrowawayUserFolder('hookline-bound-bad-');
	withEnv('HOOKLINE_LOCAL_STORE_MAX_ENTRIES', '1e3.5');

	it('answers 503 naming the setting, never a 500', async () => {
		const refused = await deliver('k1', { recordRejected: true });
		expect(refused.response.status).toBe(503);
		expect(refused.item).toMatchObject({
			reason: 'store_unavailable',
			detail: expect.stringContaining('HOOKLINE_LOCAL_STORE_MAX_ENTRIES must be a whole number of at least 1'),
		});
	});
});
