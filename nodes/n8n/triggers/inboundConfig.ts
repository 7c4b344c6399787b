import type { IWebhookFunctions } from 'n8n-workflow';

import type { IdempotencySource, InboundConfig } from '../../core/triggers';
import type { HmacOptions, VerificationConfig } from '../../core/verification';
import { readSecrets } from '../verification/secrets';
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
export function schemeHeaders(verification: VerificationConfig): string[] {
	if (verification.method === 'headerToken') return [verification.headerName];
	if (verification.method === 'hmac') return [(verification as HmacOptions).signatureHeader];
	return [];
}

/** The trigger's parameters as the pure core's configuration. */
export async function readInboundConfig(ctx: IWebhookFunctions): Promise<InboundConfig> {
	const verification = readVerificationConfig((name, fallback) => ctx.getNodeParameter(name, fallback));
	const mapping = String(ctx.getNodeParameter('mapping', '') ?? '').trim();
	return {
		verification,
		secrets: verification.method === 'none' ? { current: '' } : await readSecrets(ctx),
		idempotency: readIdempotency(ctx),
		idempotencyWindowSeconds: Number(ctx.getNodeParameter('idempotencyWindowSeconds', 86400)),
		rateLimitPerMinute: Number(ctx.getNodeParameter('rateLimitPerMinute', 0)),
		mapping: mapping || undefined,
		scope: triggerScope(ctx),
	};
}
