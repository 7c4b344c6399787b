import { createHmac } from 'node:crypto';

import type { ICredentialDataDecryptedObject, IHookFunctions, INodeType, INodeTypeDescription } from 'n8n-workflow';

import { PRESET_NAMES } from '../../nodes/core/verification';
import { HooklineAlertTrigger } from '../../nodes/HooklineAlertTrigger/HooklineAlertTrigger.node';
import { HooklineTrigger } from '../../nodes/HooklineTrigger/HooklineTrigger.node';
import { mockWebhookFunctions, runWebhook } from '../support/mockWebhookFunctions';
import { senderFor } from '../support/senderSigners';
import { useThrowawayUserFolder } from '../support/userFolder';

const SECRET = 'activation-secret';

useThrowawayUserFolder('hookline-activation-');

/** n8n runs checkExists when it activates a workflow and when the editor listens for a test event. */
async function activate(
	node: INodeType,
	parameters: Record<string, unknown>,
	credentials: Record<string, ICredentialDataDecryptedObject> = { hooklineSecretApi: { secret: SECRET } },
) {
	const { ctx } = mockWebhookFunctions({
		properties: (node.description as INodeTypeDescription).properties,
		parameters: { path: 'hook', ...parameters },
		credentials,
		request: {},
	});
	return await node.webhookMethods!.default!.checkExists.call(ctx as unknown as IHookFunctions);
}

const customHmac = (overrides: Record<string, unknown>) => ({
	verification: 'hmac',
	signatureHeader: 'X-Signature',
	...overrides,
});

describe('Trigger activation', () => {
	const trigger = new HooklineTrigger();
	const alertTrigger = new HooklineAlertTrigger();

	it('activates with the defaults and with every preset', async () => {
		await expect(activate(trigger, {})).resolves.toBe(true);
		await expect(activate(alertTrigger, {})).resolves.toBe(true);
		// Each preset with the credential its sender's key is stored in, and the parameters it requires.
		for (const verification of PRESET_NAMES) {
			const sender = senderFor(verification);
			await expect(activate(trigger, { verification, ...sender.parameters }, sender.credentials)).resolves.toBe(true);
		}
	});

	it.each([2.5, -1])('refuses a rate limit of %p, naming the field', async (rateLimitPerMinute) => {
		await expect(activate(trigger, { rateLimitPerMinute })).rejects.toThrow(
			`This trigger cannot be activated: Rate Limit (per Minute) must be a whole number of 0 or more (0 is off), not ${rateLimitPerMinute}`,
		);
	});

	it('refuses a timestamp header that the signature does not cover: it would not stop a replay', async () => {
		// Only the Hookline Trigger has a Verification parameter; the Alert Trigger verifies a bearer token.
		await expect(activate(trigger, customHmac({ timestampHeader: 'X-Timestamp' }))).rejects.toThrow(
			'Timestamp Header X-Timestamp is not part of Signed Content, so it gives no replay protection',
		);
		await expect(
			activate(trigger, customHmac({ timestampHeader: 'X-Timestamp', signedContent: '{timestamp}.{body}' })),
		).resolves.toBe(true);
	});

	it('names the right spelling of a placeholder, and the header a placeholder needs', async () => {
		await expect(activate(trigger, customHmac({ signedContent: '{Timestamp}.{body}' }))).rejects.toThrow(
			'Signed Content uses {Timestamp}: write {timestamp}',
		);
		await expect(activate(trigger, customHmac({ signedContent: '{timestamp}.{body}' }))).rejects.toThrow(
			'Signed Content uses {timestamp}: set Timestamp Header',
		);
		await expect(activate(trigger, customHmac({ signedContent: '{id}.{body}' }))).rejects.toThrow(
			'Signed Content uses {id}: set ID Header',
		);
	});

	it('accepts {ID}, the spelling the first release showed, and verifies with it', async () => {
		const settings = customHmac({ signedContent: '{ID}.{body}', idHeader: 'X-Request-ID' });
		await expect(activate(trigger, settings)).resolves.toBe(true);
		const body = '{"a":1}';
		const { ctx, response } = mockWebhookFunctions({
			properties: (trigger.description as INodeTypeDescription).properties,
			parameters: { path: 'hook', ...settings },
			credentials: { hooklineSecretApi: { secret: SECRET } },
			request: {
				body,
				headers: {
					'X-Request-ID': 'req-1',
					'X-Signature': createHmac('sha256', SECRET).update(`req-1.${body}`).digest('hex'),
				},
			},
		});
		await runWebhook(trigger, ctx, response);
		expect(response.status).toBe(202);
	});
});
