import type { IWebhookFunctions } from 'n8n-workflow';

import type { AlertTriggerConfig } from '../core/alerts';
import { readTenantTable } from '../n8n/alerts/alertTenants';
import { readSecrets } from '../n8n/verification/secrets';
import { readAllowedIps } from '../n8n/triggers/inboundConfig';
import { triggerScope } from '../n8n/triggers/triggerScope';

export async function readAlertTriggerConfig(ctx: IWebhookFunctions): Promise<AlertTriggerConfig> {
	return {
		secrets: await readSecrets(ctx),
		allowedIps: readAllowedIps(ctx),
		tenants: readTenantTable(ctx.getNodeParameter('tenants', {})),
		namespace: String(ctx.getNodeParameter('namespace', 'default') ?? ''),
		credentialId: senderCredentialId(ctx),
	};
}

/** The id of the credential that verifies this trigger's requests. A credential without an id (n8n gives one to
 * every saved credential) counts as this trigger's own, which keeps its alerts apart rather than shared. */
function senderCredentialId(ctx: IWebhookFunctions): string {
	return ctx.getNode().credentials?.hooklineSecretApi?.id || `hook:${triggerScope(ctx)}`;
}
