import type { INodeTypeDescription } from 'n8n-workflow';

import { HooklineTrigger } from '../../nodes/HooklineTrigger/HooklineTrigger.node';
import { mockWebhookFunctions, runWebhook } from '../support/mockWebhookFunctions';
import { useThrowawayUserFolder } from '../support/userFolder';

useThrowawayUserFolder('hookline-misconfigured-');

describe('a Hookline Trigger whose credential went bad after activation', () => {
	const trigger = new HooklineTrigger();

	it.each([
		['a public key that is not one', { verification: 'discord' }, { hooklinePublicKeyApi: { publicKey: 'not a key' } }],
		['no Basic Auth password', { verification: 'haloPsa' }, { httpBasicAuth: { user: 'halo', password: '' } }],
		['an Allowed IPs entry that is no address', { verification: 'none', allowedIps: '10.0.0.300' }, {}],
	])('answers 500 "misconfigured" without detail and starts nothing: %s', async (_case, parameters, credentials) => {
		const { ctx, response } = mockWebhookFunctions({
			properties: (trigger.description as INodeTypeDescription).properties,
			parameters: { path: 'hook', ...parameters },
			credentials,
			request: { body: '{"type":2}', headers: { 'content-type': 'application/json' } },
		});
		const errors: string[] = [];
		Object.assign(ctx, { logger: { error: (message: string) => errors.push(message) } });

		const result = await runWebhook(trigger, ctx, response);

		expect(response.status).toBe(500);
		expect(response.body).toEqual({ ok: false, error: 'misconfigured' });
		expect(result.workflowData).toBeUndefined();
		expect(errors).toEqual([expect.stringContaining('cannot verify requests')]);
		expect(errors[0]).not.toContain('not a key');
	});
});
