import type { IExecuteFunctions, IWebhookFunctions } from 'n8n-workflow';

import type { Secrets } from '../../core/verification';
import { userError } from '../errors';

/** Loads the Hookline secret credential. The values stay in memory only: nothing returned by a node may
 * contain them. */
export async function readSecrets(ctx: IExecuteFunctions | IWebhookFunctions): Promise<Secrets> {
	const credentials = await ctx.getCredentials<{ secret?: string; previousSecret?: string }>('hooklineSecretApi');
	const current = String(credentials.secret ?? '');
	if (!current) {
		throw userError(ctx, 'The Hookline secret credential has no secret', {
			description: 'Open the credential and enter the shared secret the sender uses',
		});
	}
	const previous = String(credentials.previousSecret ?? '');
	return previous ? { current, previous } : { current };
}
