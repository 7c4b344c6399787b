import { createHmac, randomUUID } from 'node:crypto';
import v8 from 'node:v8';
import vm from 'node:vm';

import type { INodeTypeDescription } from 'n8n-workflow';

import { HooklineTrigger } from '../../nodes/HooklineTrigger/HooklineTrigger.node';
import { mockWebhookFunctions, runWebhook } from '../support/mockWebhookFunctions';
import { useThrowawayUserFolder } from '../support/userFolder';

/** The fast path keeps nothing per refused request: the heap after a forced collection does not grow with the
 * number of forged, rate-limited or duplicate requests answered. */

v8.setFlagsFromString('--expose_gc');
const gc = vm.runInNewContext('gc') as () => void;

const node = new HooklineTrigger();
const description = node.description as INodeTypeDescription;
const SECRET = 'memory-test-secret';
const BODY = JSON.stringify({ event: 'flood', padding: 'x'.repeat(2048) });
useThrowawayUserFolder('hookline-memory-');

const workflowId = randomUUID();
const signature = (secret: string) => `sha256=${createHmac('sha256', secret).update(BODY).digest('hex')}`;

async function request(parameters: Record<string, unknown>, headers: Record<string, string>) {
	const { ctx, response } = mockWebhookFunctions({
		properties: description.properties,
		parameters: { path: 'memory', verification: 'github', ...parameters },
		credentials: { hooklineSecretApi: { secret: SECRET } },
		request: { body: BODY, headers },
		workflowId,
	});
	await runWebhook(node, ctx, response);
	return response.status;
}

async function heapGrowth(requests: number, send: () => Promise<number | undefined>, expectedStatus: number) {
	for (let i = 0; i < 500; i++) await send();
	gc();
	const before = process.memoryUsage().heapUsed;
	for (let i = 0; i < requests; i++) expect(await send()).toBe(expectedStatus);
	gc();
	return process.memoryUsage().heapUsed - before;
}

describe('Hookline Trigger fast path memory', () => {
	const REQUESTS = 10_000;
	const BOUND = 2 * 1024 * 1024;

	it(`keeps the heap flat over ${REQUESTS} forged requests`, async () => {
		const growth = await heapGrowth(REQUESTS, () => request({}, { 'x-hub-signature-256': signature('forged') }), 401);
		expect(growth).toBeLessThan(BOUND);
	});

	it(`keeps the heap flat over ${REQUESTS} rate-limited requests`, async () => {
		const growth = await heapGrowth(
			REQUESTS,
			() => request({ rateLimitPerMinute: 1 }, { 'x-hub-signature-256': signature(SECRET) }),
			429,
		);
		expect(growth).toBeLessThan(BOUND);
	});

	it(`keeps the heap flat over ${REQUESTS} duplicates`, async () => {
		const growth = await heapGrowth(
			REQUESTS,
			() =>
				request(
					{ idempotency: 'header', idempotencyHeader: 'Idempotency-Key' },
					{ 'x-hub-signature-256': signature(SECRET), 'idempotency-key': 'the-same-key' },
				),
			200,
		);
		expect(growth).toBeLessThan(BOUND);
	});
});
