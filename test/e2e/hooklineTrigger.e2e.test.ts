import { createHmac, randomBytes, randomUUID } from 'node:crypto';

import Stripe from 'stripe';
import { Webhook } from 'standardwebhooks';

import { CREDENTIAL, TRIGGERS, triggerWorkflow } from './fixtures/triggerWorkflow';
import type { StoredExecution } from './support/n8nInstance';
import { N8nInstance } from './support/n8nInstance';

// One secret for every scheme: a Standard Webhooks key (whsec_ + base64) is also a valid plain HMAC key.
const SECRET = `whsec_${randomBytes(24).toString('base64')}`;
const hmac = (content: string, encoding: 'hex' | 'base64', key = SECRET) =>
	createHmac('sha256', key).update(content).digest(encoding);
const nowSeconds = () => Math.floor(Date.now() / 1000);

type Signer = (body: string, at?: number, key?: string) => Record<string, string>;

/** How each real sender signs, written from its documentation and official libraries, not from Hookline. */
const SIGNERS: Record<string, Signer> = {
	GitHub: (body, _at, key) => ({ 'x-hub-signature-256': `sha256=${hmac(body, 'hex', key)}` }),
	Stripe: (body, at = nowSeconds(), key = SECRET) => ({
		'stripe-signature': new Stripe('sk_test_e2e').webhooks.generateTestHeaderString({
			payload: body,
			secret: key,
			timestamp: at,
		}),
	}),
	Shopify: (body, _at, key) => ({ 'x-shopify-hmac-sha256': hmac(body, 'base64', key) }),
	Slack: (body, at = nowSeconds(), key) => ({
		'x-slack-request-timestamp': String(at),
		'x-slack-signature': `v0=${hmac(`v0:${at}:${body}`, 'hex', key)}`,
	}),
	'MSP Manager': (body, _at, key) => ({ 'x-webhook-signature': hmac(body, 'base64', key) }),
	OneManage: (body, _at, key) => ({ 'x-onemanage-signature': hmac(body, 'hex', key) }),
	'Standard Webhooks': (body, at = nowSeconds(), key = SECRET) => ({
		'webhook-id': `msg_${at}`,
		'webhook-timestamp': String(at),
		'webhook-signature': new Webhook(key).sign(`msg_${at}`, new Date(at * 1000), body),
	}),
	Bearer: (_body, _at, key = SECRET) => ({ authorization: `Bearer ${key}` }),
};
const FORGED_KEY = `whsec_${randomBytes(24).toString('base64')}`;
const TIMESTAMPED = ['Stripe', 'Slack', 'Standard Webhooks'];

const pathOf = (name: string) => TRIGGERS.find((t) => t.name === name)!.path;

describe('Hookline Trigger in a real n8n', () => {
	let n8n: N8nInstance;
	let expectedExecutions = 0;

	const send = (name: string, body: string, headers: Record<string, string>) =>
		fetch(`${n8n.baseUrl}/webhook/${pathOf(name)}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', ...headers },
			body,
		});

	const executionsOf = (executions: StoredExecution[], name: string) =>
		executions.filter((e) => e.data?.resultData.runData[name] !== undefined);

	beforeAll(async () => {
		n8n = await N8nInstance.create({
			workflows: [triggerWorkflow()],
			secrets: [SECRET],
			credentials: [{ ...CREDENTIAL, type: 'hooklineSecretApi', data: { secret: SECRET } }],
		});
	}, 600_000);

	afterAll(async () => {
		await n8n?.dispose();
	});

	it.each(Object.keys(SIGNERS))('%s: genuine accepted with 202, forged and tampered refused with 401', async (name) => {
		const body = JSON.stringify({ event: 'e2e', preset: name, note: 'Grüße ✓' });
		const accepted = await send(name, body, SIGNERS[name](body));
		expect(accepted.status).toBe(202);
		const answer = (await accepted.json()) as { ok: boolean; deliveryId: string };
		expect(answer).toEqual({ ok: true, deliveryId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
		expectedExecutions += 1;

		const forged = await send(name, body, SIGNERS[name](body, undefined, FORGED_KEY));
		expect(forged.status).toBe(401);
		expect(await forged.json()).toEqual({ ok: false, error: 'unauthorized' });

		if (name !== 'Bearer') {
			const tampered = await send(name, body.replace('e2e', 'E2E'), SIGNERS[name](body));
			expect(tampered.status).toBe(401);
		}
		if (TIMESTAMPED.includes(name)) {
			const stale = await send(name, body, SIGNERS[name](body, nowSeconds() - 3600));
			expect(stale.status).toBe(401);
			const future = await send(name, body, SIGNERS[name](body, nowSeconds() + 3600));
			expect(future.status).toBe(401);
		}
		const unsigned = await send(name, body, {});
		expect(unsigned.status).toBe(401);

		const executions = executionsOf(await n8n.waitForExecutions(expectedExecutions), name);
		expect(executions).toHaveLength(1);
		const item = executions[0].data!.resultData.runData[name][0].data!.main[0]![0].json;
		expect(item).toMatchObject({
			deliveryId: answer.deliveryId,
			body: JSON.parse(body),
			verification: { secret: 'current' },
		});
		// The executions list can find the delivery by its id.
		expect(executions[0].customData).toEqual({ deliveryId: answer.deliveryId, hooklineOutcome: 'accepted' });
		expect(JSON.stringify(item.headers)).not.toMatch(/signature|authorization/i);
	});

	it('answers on the test URL while the editor listens for a test event, as on the production URL', async () => {
		const rest = await n8n.restSession();
		const listen = async () => {
			const workflowData = await rest('workflows/HooklineTriggerE2E');
			return await rest('workflows/HooklineTriggerE2E/run', {
				method: 'POST',
				body: { workflowData, triggerToStartFrom: { name: 'GitHub' } },
			});
		};
		const sendTest = (body: string, headers: Record<string, string>) =>
			fetch(`${n8n.baseUrl}/webhook-test/${pathOf('GitHub')}`, {
				method: 'POST',
				headers: { 'content-type': 'application/json', ...headers },
				body,
			});
		const body = JSON.stringify({ event: 'listen-for-test-event' });

		expect(await listen()).toEqual({ waitingForWebhook: true });
		const forged = await sendTest(body, SIGNERS.GitHub(body, undefined, FORGED_KEY));
		expect(forged.status).toBe(401);

		expect(await listen()).toEqual({ waitingForWebhook: true });
		const genuine = await sendTest(body, SIGNERS.GitHub(body));
		expect(genuine.status).toBe(202);
		expectedExecutions += 1;
		const manual = (await n8n.waitForExecutions(expectedExecutions)).filter((e) => e.mode === 'manual');
		expect(manual).toHaveLength(1);
		expect(manual[0].data!.resultData.runData.GitHub[0].data!.main[0]![0].json).toMatchObject({
			body: JSON.parse(body),
		});
	});

	it('refuses to listen with settings that could only fail or pretend, saying what to change', async () => {
		const rest = await n8n.restSession();
		const created = (await rest('workflows', {
			method: 'POST',
			body: {
				name: 'Hookline misconfigured trigger (e2e)',
				nodes: [
					{
						id: 'bad',
						name: 'Misconfigured',
						type: 'n8n-nodes-hookline.hooklineTrigger',
						typeVersion: 1,
						position: [0, 0],
						webhookId: randomUUID(),
						parameters: { path: 'e2e/misconfigured', verification: 'github', rateLimitPerMinute: 2.5 },
						credentials: { hooklineSecretApi: CREDENTIAL },
					},
				],
				connections: {},
				settings: { executionOrder: 'v1' },
			},
		})) as { id: string };
		const workflowData = await rest(`workflows/${created.id}`);
		await expect(
			rest(`workflows/${created.id}/run`, {
				method: 'POST',
				body: { workflowData, triggerToStartFrom: { name: 'Misconfigured' } },
			}),
		).rejects.toThrow('Rate Limit (per Minute) must be a whole number of 0 or more (0 is off), not 2.5');
	});

	it('turns 20 concurrent identical deliveries into exactly one execution', async () => {
		const body = '{"action":"burst"}';
		const headers = { ...SIGNERS.GitHub(body), 'x-github-delivery': 'burst-1' };
		const responses = await Promise.all(Array.from({ length: 20 }, () => send('Dedupe', body, headers)));
		const statuses = responses.map((r) => r.status);
		expect(statuses.filter((s) => s === 202)).toHaveLength(1);
		const answers = (await Promise.all(responses.map((r) => r.json()))) as Array<{ deliveryId?: string }>;
		// A copy that arrives while the first is being started is told to come back (it might yet not run); one
		// that arrives after is its duplicate. Retried, every copy names the one delivery.
		for (const [i, status] of statuses.entries()) {
			if (status === 503) {
				expect(answers[i]).toEqual({ ok: false, error: 'in_progress' });
				expect(responses[i].headers.get('retry-after')).toBe('5');
				const retried = await send('Dedupe', body, headers);
				expect(retried.status).toBe(200);
				answers[i] = (await retried.json()) as { deliveryId: string };
			} else if (status !== 202) expect(status).toBe(200);
		}
		expect(new Set(answers.map((a) => a.deliveryId)).size).toBe(1);
		expectedExecutions += 1;
		await new Promise((resolve) => setTimeout(resolve, 1500));
		expect(executionsOf(await n8n.waitForExecutions(expectedExecutions), 'Dedupe')).toHaveLength(1);
	});

	it('verifies a form-encoded delivery over its exact bytes and passes its fields parsed; refuses multipart with 415', async () => {
		// GitHub's "application/x-www-form-urlencoded" content type: the JSON in a payload field, signed as sent.
		const form = `payload=${encodeURIComponent(JSON.stringify({ action: 'form', note: 'a+b & c' }))}`;
		const accepted = await fetch(`${n8n.baseUrl}/webhook/${pathOf('GitHub')}`, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded', ...SIGNERS.GitHub(form) },
			body: form,
		});
		expect(accepted.status).toBe(202);
		const { deliveryId } = (await accepted.json()) as { deliveryId: string };
		expectedExecutions += 1;
		const executions = executionsOf(await n8n.waitForExecutions(expectedExecutions), 'GitHub');
		const item = executions.map((e) => e.data!.resultData.runData.GitHub[0].data!.main[0]![0].json);
		expect(item.find((json) => json.deliveryId === deliveryId)).toMatchObject({
			body: { payload: JSON.stringify({ action: 'form', note: 'a+b & c' }) },
		});

		const multipart = new FormData();
		multipart.append('payload', '{"action":"multipart"}');
		const refused = await fetch(`${n8n.baseUrl}/webhook/${pathOf('GitHub')}`, {
			method: 'POST',
			headers: SIGNERS.GitHub('{"action":"multipart"}'),
			body: multipart,
		});
		expect(refused.status).toBe(415);
		expect(await refused.json()).toEqual({
			ok: false,
			error: 'unsupported_media_type',
			message: expect.stringContaining('multipart bodies are not accepted'),
		});
		expect(await n8n.waitForExecutions(expectedExecutions)).toHaveLength(expectedExecutions);
	});

	it('answers 429 with Retry-After past the rate limit, without executions', async () => {
		const body = '{"action":"flood"}';
		const statuses = [];
		let retryAfter = '';
		for (let i = 0; i < 5; i++) {
			const response = await send('Limited', body, SIGNERS.GitHub(body));
			statuses.push(response.status);
			if (response.status === 429) retryAfter = response.headers.get('retry-after') ?? '';
		}
		expect(statuses).toEqual([202, 202, 202, 429, 429]);
		expect(Number(retryAfter)).toBeGreaterThan(0);
		expectedExecutions += 3;
		expect(executionsOf(await n8n.waitForExecutions(expectedExecutions), 'Limited')).toHaveLength(3);
	});

	it('records a refused request on the Rejected output when recording is on, without its body', async () => {
		const body = '{"marker":"rejected-body-must-not-be-stored"}';
		const response = await send('Recorded', body, SIGNERS.GitHub(body, undefined, FORGED_KEY));
		expect(response.status).toBe(401);
		expectedExecutions += 1;
		const recorded = executionsOf(await n8n.waitForExecutions(expectedExecutions), 'Recorded');
		expect(recorded).toHaveLength(1);
		const outputs = recorded[0].data!.resultData.runData.Recorded[0].data!.main;
		expect(outputs[0] ?? []).toHaveLength(0);
		expect(outputs[1]![0].json).toMatchObject({ status: 401, reason: 'unauthorized' });
		expect(recorded[0].customData).toEqual({ hooklineOutcome: 'unauthorized' });
		expect(recorded[0].rawData).not.toContain('rejected-body-must-not-be-stored');
	});

	it('still answers a duplicate after n8n restarts, and stores no secret anywhere', async () => {
		const body = '{"action":"before-restart"}';
		const headers = { ...SIGNERS.GitHub(body), 'x-github-delivery': 'restart-1' };
		const first = await send('Dedupe', body, headers);
		expect(first.status).toBe(202);
		const { deliveryId } = (await first.json()) as { deliveryId: string };
		expectedExecutions += 1;
		await n8n.waitForExecutions(expectedExecutions);

		await n8n.restart();
		const again = await send('Dedupe', body, headers);
		expect(again.status).toBe(200);
		expect(await again.json()).toEqual({ ok: true, duplicate: true, deliveryId });

		await n8n.stop();
		const all = n8n.executions();
		expect(all).toHaveLength(expectedExecutions);
		for (const execution of all) expect(execution.rawData).not.toContain(SECRET.slice('whsec_'.length));
		expect(n8n.log()).not.toContain(SECRET.slice('whsec_'.length));
	});
});
