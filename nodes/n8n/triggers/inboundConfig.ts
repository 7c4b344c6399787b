import type { INode, IWebhookFunctions } from 'n8n-workflow';

import type { IdempotencySource, InboundConfig } from '../../core/triggers';
import { parseIpAllowlist } from '../../core/triggers';
import { userError } from '../errors';
import { readVerificationMaterial } from '../verification/verificationMaterial';
import { readVerificationConfig } from '../verification/verificationConfig';
import { triggerScope } from './triggerScope';

function readIdempotency(ctx: IWebhookFunctions): IdempotencySource {
	const mode = ctx.getNodeParameter('idempotency', 'none') as string;
	if (mode === 'header') {
		return { mode, header: String(ctx.getNodeParameter('idempotencyHeader', 'Idempotency-Key')).trim() };
	}
	if (mode === 'expression') {
		return { mode, expression: String(ctx.getNodeParameter('idempotencyExpression', '')) };
	}
	return { mode: 'none' };
}

/** Headers of the chosen scheme that must not reach execution data, beyond the well-known ones. */
export { schemeHeaders } from '../../core/triggers';

/** The Allowed IPs list; a wrong entry is the user's to fix (activation refuses it too). */
export function readAllowedIps(ctx: { getNodeParameter(name: string, fallback: unknown): unknown; getNode(): INode }) {
	const parsed = parseIpAllowlist(String(ctx.getNodeParameter('allowedIps', '') ?? ''));
	if (!parsed.ok) throw userError(ctx, `Allowed IPs: ${parsed.problems.join('; ')}`);
	return parsed.allowlist;
}

/** The trigger's parameters as the pure core's configuration. */
export async function readInboundConfig(ctx: IWebhookFunctions): Promise<InboundConfig> {
	const verification = readVerificationConfig((name, fallback) => ctx.getNodeParameter(name, fallback));
	const material = await readVerificationMaterial(ctx, verification);
	const mapping = String(ctx.getNodeParameter('mapping', '') ?? '').trim();
	const filter = String(ctx.getNodeParameter('filter', '') ?? '').trim();
	return {
		verification,
		preset: String(ctx.getNodeParameter('verification', 'hmac')),
		...material,
		allowedIps: readAllowedIps(ctx),
		filter: filter || undefined,
		idempotency: readIdempotency(ctx),
		idempotencyWindowSeconds: Number(ctx.getNodeParameter('idempotencyWindowSeconds', 86400)),
		rateLimitPerMinute: Number(ctx.getNodeParameter('rateLimitPerMinute', 0)),
		mapping: mapping || undefined,
		scope: triggerScope(ctx),
	};
}
