import { createHmac, randomUUID } from 'node:crypto';
import path from 'node:path';

import packageJson from '../../package.json';
import { N8nInstance } from './support/n8nInstance';

const lowerFirst = (name: string) => name.charAt(0).toLowerCase() + name.slice(1);

const SECRET = `e2e-verify-${randomUUID()}`;
const PATH = 'hookline-verify-e2e';

const workflow = {
	id: 'HooklineVerifyE2E1',
	name: 'GitHub → Webhook (raw body) → Hookline Verify',
	active: false,
	settings: { executionOrder: 'v1' },
	connections: { Webhook: { main: [[{ node: 'Verify', type: 'main', index: 0 }]] } },
	nodes: [
		{
			id: 'a1',
			name: 'Webhook',
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2,
			position: [0, 0],
			webhookId: randomUUID(),
			parameters: { httpMethod: 'POST', path: PATH, responseMode: 'onReceived', options: { rawBody: true } },
		},
		{
			id: 'a2',
			name: 'Verify',
			type: 'n8n-nodes-hookline.hooklineVerify',
			typeVersion: 1,
			position: [220, 0],
			parameters: { verification: 'github' },
			credentials: { hooklineSecretApi: { id: 'HooklineSecret01', name: 'GitHub webhook secret' } },
		},
	],
};

const post = (instance: N8nInstance, body: string, signature: string) =>
	fetch(`${instance.baseUrl}/webhook/${PATH}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', 'x-hub-signature-256': `sha256=${signature}` },
		body,
	});

type VerifyOutputs = Array<Array<{ json: { verification: Record<string, unknown> } }> | null>;

describe('Hookline Verify in a real n8n', () => {
	let n8n: N8nInstance;

	beforeAll(async () => {
		n8n = await N8nInstance.create({
			workflows: [workflow],
			secrets: [SECRET],
			credentials: [
				{ id: 'HooklineSecret01', name: 'GitHub webhook secret', type: 'hooklineSecretApi', data: { secret: SECRET } },
			],
		});
	}, 600_000);

	afterAll(async () => {
		await n8n?.dispose();
	});

	it('verifies the exact bytes the stock Webhook node received and routes to Valid or Invalid', async () => {
		// Unusual spacing and unicode: re-serialised JSON would not match the signature.
		const body = '{ "action" : "opened",  "title": "Grüße ✓" }';
		const genuine = createHmac('sha256', SECRET).update(body).digest('hex');
		expect((await post(n8n, body, genuine)).status).toBe(200);
		expect((await post(n8n, body, createHmac('sha256', 'forged').update(body).digest('hex'))).status).toBe(200);

		const executions = await n8n.waitForExecutions(2);
		expect(executions).toHaveLength(2);
		const outputs = executions.map((e) => e.data!.resultData.runData.Verify[0].data!.main as VerifyOutputs);
		expect(outputs[0][0]?.[0].json.verification).toEqual({ valid: true, method: 'hmac', secret: 'current' });
		expect(outputs[0][1] ?? []).toHaveLength(0);
		expect(outputs[1][0] ?? []).toHaveLength(0);
		expect(outputs[1][1]?.[0].json.verification).toMatchObject({ valid: false, reason: 'signature_mismatch' });
	});

	it('was loaded as a community package, and the secret is nowhere in executions or the log', async () => {
		await n8n.stop();
		// Every node the package declares, under the community-package prefix users' workflows refer to.
		const declared = packageJson.n8n.nodes.map(
			(file) => `n8n-nodes-hookline.${lowerFirst(path.basename(file, '.node.js'))}`,
		);
		expect(declared).toEqual([
			'n8n-nodes-hookline.hooklineAlert',
			'n8n-nodes-hookline.hooklineAlertTrigger',
			'n8n-nodes-hookline.hooklineEscalationTrigger',
			'n8n-nodes-hookline.hooklinePsaEvent',
			'n8n-nodes-hookline.hooklineSend',
			'n8n-nodes-hookline.hooklineTrigger',
			'n8n-nodes-hookline.hooklineVerify',
		]);
		expect(n8n.exportedNodeTypes()).toEqual(expect.arrayContaining(declared));
		for (const execution of n8n.executions()) expect(execution.rawData).not.toContain(SECRET);
		expect(n8n.log()).not.toContain(SECRET);
	});
});
