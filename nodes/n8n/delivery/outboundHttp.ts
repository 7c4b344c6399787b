import type { IExecuteFunctions } from 'n8n-workflow';

import { createNodeHttp } from '../../core/delivery/nodeHttp';
import type { HttpFunction } from '../../core/delivery/types';
import { readN8nSsrfRules } from './n8nSsrfSettings';

/** The HTTP client of every Hookline request to a URL a user gave: our SSRF guard, with the node's (or
 * credential's) private-network switch and n8n's own SSRF settings. */
export function outboundHttp(allowPrivateNetwork: boolean): HttpFunction {
	return createNodeHttp({ allowPrivateNetwork, operatorRules: readN8nSsrfRules() });
}

/** Fires when the execution is stopped (n8n's UI or POST /rest/executions/:id/stop); n8n 2.40 gives it to every
 * executing node. A host without it cannot cancel our sends, which then run to their end as before. */
export function executionCancelSignal(
	ctx: Pick<IExecuteFunctions, 'getExecutionCancelSignal'>,
): AbortSignal | undefined {
	return typeof ctx.getExecutionCancelSignal === 'function' ? ctx.getExecutionCancelSignal() : undefined;
}
