import type { IHookFunctions } from 'n8n-workflow';

import { triggerConfigProblems } from '../../core/triggers';
import { userError } from '../errors';
import { readVerificationConfig } from '../verification/verificationConfig';

/** Refuses to activate a trigger whose settings could only fail every request or pretend to protect it. The
 * Alert Trigger has no rate limit or idempotency window, so their defaults (valid) stand in for it. */
function assertActivatable(ctx: IHookFunctions): void {
	const problems = triggerConfigProblems({
		verification: readVerificationConfig((name, fallback) => ctx.getNodeParameter(name, fallback)),
		rateLimitPerMinute: Number(ctx.getNodeParameter('rateLimitPerMinute', 0)),
		idempotencyWindowSeconds: Number(ctx.getNodeParameter('idempotencyWindowSeconds', 86400)),
	});
	if (problems.length > 0) {
		throw userError(ctx, `This trigger cannot be activated: ${problems.join('; ')}`, {
			description: 'Change the settings named above, then activate the workflow again.',
		});
	}
}

/** The triggers register nothing with a third party: the sender is configured by hand with the URL and secret,
 * so n8n's activation lifecycle only checks the settings (activation and "Listen for test event" both run
 * checkExists) and has nothing to create or delete. */
export const manualWebhookMethods = {
	default: {
		async checkExists(this: IHookFunctions): Promise<boolean> {
			assertActivatable(this);
			return true;
		},
		async create(this: IHookFunctions): Promise<boolean> {
			return true;
		},
		async delete(this: IHookFunctions): Promise<boolean> {
			return true;
		},
	},
};
