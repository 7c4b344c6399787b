import type { IHookFunctions } from 'n8n-workflow';

import { triggerConfigProblems } from '../../core/triggers';
import { presetProblems } from '../../core/verification';
import { userError } from '../errors';
import { readVerificationConfig } from '../verification/verificationConfig';
import { readVerificationMaterial } from '../verification/verificationMaterial';
import { readAllowedIps } from './inboundConfig';
import { responseNodeProblems } from './responseNodeCheck';

type ActivationCheck = (ctx: IHookFunctions) => Promise<string[]>;

/** The Hookline Trigger's settings that could only fail every request or pretend to protect it. Its credential is
 * read too, so that a public key that cannot be parsed is said here, once, not answered 401 per request. */
export const deliveryTriggerProblems: ActivationCheck = async (ctx) => {
	const verification = readVerificationConfig((name, fallback) => ctx.getNodeParameter(name, fallback));
	const problems = triggerConfigProblems({
		verification,
		rateLimitPerMinute: Number(ctx.getNodeParameter('rateLimitPerMinute', 0)),
		idempotencyWindowSeconds: Number(ctx.getNodeParameter('idempotencyWindowSeconds', 86400)),
	});
	problems.push(...presetProblems(String(ctx.getNodeParameter('verification', 'hmac')), verification));
	problems.push(...responseNodeProblems(ctx));
	await readVerificationMaterial(ctx, verification);
	readAllowedIps(ctx);
	return problems;
};

/** The Alert Trigger verifies a bearer token; only its caller allowlist can be wrong. */
export const alertTriggerProblems: ActivationCheck = async (ctx) => {
	readAllowedIps(ctx);
	return [];
};

/** The triggers register nothing with a third party: the sender is configured by hand with the URL and secret,
 * so n8n's activation lifecycle only checks the settings (activation and "Listen for test event" both run
 * checkExists) and has nothing to create or delete. */
export function manualWebhookMethods(check: ActivationCheck) {
	return {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				const problems = await check(this);
				if (problems.length > 0) {
					throw userError(this, `This trigger cannot be activated: ${problems.join('; ')}`, {
						description: 'Change the settings named above, then activate the workflow again.',
					});
				}
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
}
