import { createHmac } from 'node:crypto';
import type { IConnections, INode } from 'n8n-workflow';

import { HooklineVerify } from '../../nodes/HooklineVerify/HooklineVerify.node';
import { outputsOf, runWorkflow } from '../support/workflowRunner';

const SECRET = 'workflow-tier-secret';

/** A stock-Webhook-shaped item with the raw body in a JSON field, as an upstream Set or Code node leaves it. */
const delivery = (body: string, signature: string) => ({
	json: { headers: { 'x-hub-signature-256': `sha256=${signature}` }, raw: body },
});

const nodes: INode[] = [
	{ id: '1', name: 'Start', type: 'test.start', typeVersion: 1, position: [0, 0], parameters: {} },
	{
		id: '2',
		name: 'Verify',
		type: 'n8n-nodes-hookline.hooklineVerify',
		typeVersion: 1,
		position: [200, 0],
		parameters: {
			verification: 'github',
			rawBodySource: 'field',
			// An expression, resolved by n8n-core, proves the parameters travel through the real engine.
			rawBodyField: '={{ "raw" }}',
		},
		credentials: { hooklineSecretApi: { id: 'cred-1', name: 'Hookline secret' } },
	},
];
const connections: IConnections = {
	Start: { main: [[{ node: 'Verify', type: 'main', index: 0 }]] },
};

describe('Hookline Verify inside n8n-core WorkflowExecute', () => {
	it('routes genuine deliveries to Valid and forged ones to Invalid', async () => {
		const body = '{"action":"opened","number":7}';
		const genuine = createHmac('sha256', SECRET).update(body).digest('hex');
		const run = await runWorkflow({
			workflow: { nodes, connections },
			nodeTypes: { 'n8n-nodes-hookline.hooklineVerify': new HooklineVerify() },
			input: [
				delivery(body, genuine),
				delivery(
					body,
					genuine.replace(/^./, (c) => (c === 'a' ? 'b' : 'a')),
				),
			],
			credentials: { hooklineSecretApi: { secret: SECRET } },
		});

		expect(run.status).toBe('success');
		const [valid, invalid] = outputsOf(run, 'Verify');
		expect(valid.map((i) => i.json.verification)).toEqual([{ valid: true, method: 'hmac', secret: 'current' }]);
		expect(invalid.map((i) => (i.json.verification as { reason: string }).reason)).toEqual(['signature_mismatch']);
		expect(JSON.stringify(run.data)).not.toContain(SECRET);
	});
});
