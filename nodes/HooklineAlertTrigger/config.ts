import type { IWebhookFunctions } from 'n8n-workflow';

import type { AlertTriggerConfig } from '../shared/alerts';
import type { TenantEntry } from '../shared/schemas/alert';
import { readSecrets } from '../common/secrets';

interface TenantTable {
	tenant?: Array<{ domain?: unknown; id?: unknown }>;
}

/** The fixed collection as the core's table; rows without a domain are unfinished and left out. */
function readTenants(ctx: IWebhookFunctions): TenantEntry[] {
	const table = (ctx.getNodeParameter('tenants', {}) ?? {}) as TenantTable;
	return (table.tenant ?? [])
		.map((row) => ({ domain: String(row.domain ?? '').trim(), id: String(row.id ?? '').trim() }))
		.filter((row) => row.domain !== '');
}

export async function readAlertTriggerConfig(ctx: IWebhookFunctions): Promise<AlertTriggerConfig> {
	return {
		secrets: await readSecrets(ctx),
		tenants: readTenants(ctx),
		namespace: String(ctx.getNodeParameter('namespace', 'default') ?? ''),
	};
}

/** This hook's key in the health records: one per trigger node of a workflow. */
export function hookScope(ctx: IWebhookFunctions): string {
	return `${ctx.getWorkflow().id ?? 'workflow'}:${ctx.getNode().id}`;
}
