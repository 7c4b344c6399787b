import type { INodeProperties } from 'n8n-workflow';

import { tenantsProperty } from '../n8n/alerts/alertTenants';
import { redisUnavailableProperty, storeProperty } from '../n8n/stores/storeProperties';
import { allowedIpsProperty } from '../n8n/triggers/allowedIpsProperty';
import { alertHttpMethodProperty } from '../n8n/triggers/triggerDescription';

export const alertTriggerProperties: INodeProperties[] = [
	{
		displayName: 'Path',
		name: 'path',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'alerts',
		description:
			'The URL path after /webhook/ (production) or /webhook-test/ (while listening for a test event), exactly as typed. Senders authenticate with Authorization: Bearer &lt;secret&gt;.',
	},
	alertHttpMethodProperty,
	allowedIpsProperty,
	tenantsProperty(
		'Customer domains and their tenant IDs, so a sender may name the customer by customerTenantDomain. An alert with a domain not listed here is answered 400.',
	),
	{
		displayName: 'Namespace',
		name: 'namespace',
		type: 'string',
		default: 'default',
		description:
			'Alerts are kept per store and namespace: a Hookline Alert node in any workflow can list, acknowledge or resolve the alerts raised here. In the default namespace dedupe keys are kept per credential: only requests verified with the same credential repeat an alert, so another sender cannot update, re-open or downgrade it with the same dedupe key (Hookline Alert nodes still find and repeat it by its key). A namespace you name is shared in full: every trigger and Hookline Alert node in it dedupes together.',
		hint: 'Keep "default" unless triggers with different credentials should update each other\'s alerts',
	},
	{
		displayName: 'Response Code',
		name: 'responseCode',
		type: 'number',
		typeOptions: { minValue: 200, maxValue: 299 },
		default: 202,
		description: 'Status code for an accepted alert (new or repeated); its body is {"ok":true,"alertId":"…"}',
	},
	{
		displayName: 'Record Rejected Requests',
		name: 'recordRejected',
		type: 'boolean',
		default: false,
		description:
			'Whether refused requests (wrong token, invalid alert, store unavailable) start an execution on a third "Rejected" output (reason and headers only, never the body)',
	},
	storeProperty,
	redisUnavailableProperty,
];
