import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
} from 'n8n-workflow';

import { hooklineSecretApiTest } from '../n8n/verification/secretCredentialTest';
import { manualWebhookMethods } from '../n8n/triggers/manualWebhookMethods';
import { triggerWebhooks } from '../n8n/triggers/triggerDescription';
import { alertTriggerProperties } from './description';
import { tagAlertExecution } from './tagExecution';
import { handleAlert } from './handleAlert';

const ALERT_OUTPUTS =
	'{ "type": "main", "displayName": "New alert" }, { "type": "main", "displayName": "Repeated alert" }';

export class HooklineAlertTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Hookline Alert Trigger',
		name: 'hooklineAlertTrigger',
		icon: { light: 'file:hookline.svg', dark: 'file:hookline.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{"Namespace: " + ($parameter["namespace"] || "default")}}',
		description:
			'Receives Manage365-style alerts with a bearer token and dedupes them: a repeated dedupe key updates the open alert',
		eventTriggerDescription: 'Waiting for an alert',
		activationMessage: 'Alerts sent to the production URL now start this workflow.',
		defaults: { name: 'Hookline Alert Trigger' },
		inputs: [],
		outputs: `={{ $parameter["recordRejected"] ? [${ALERT_OUTPUTS}, { "type": "main", "displayName": "Rejected" }] : [${ALERT_OUTPUTS}] }}`,
		credentials: [
			{
				name: 'hooklineSecretApi',
				required: true,
				testedBy: 'hooklineSecretApiTest',
			},
			// Shared state lives in the Redis that n8n's queue mode already uses, through n8n's own credential type.
			/* eslint-disable n8n-nodes-base/node-class-description-credentials-name-unsuffixed, @n8n/community-nodes/no-credential-reuse, @n8n/community-nodes/valid-credential-references */
			{
				name: 'redis',
				required: true,
				displayOptions: { show: { store: ['redis'] } },
			},
			/* eslint-enable n8n-nodes-base/node-class-description-credentials-name-unsuffixed, @n8n/community-nodes/no-credential-reuse, @n8n/community-nodes/valid-credential-references */
		],
		webhooks: triggerWebhooks,
		properties: alertTriggerProperties,
	};

	methods = { credentialTest: { hooklineSecretApiTest } };

	webhookMethods = manualWebhookMethods;

	async webhook(this: IWebhookFunctions) {
		return await handleAlert.call(this);
	}

	// Runs when the execution starts, with the webhook's items as input: see tagExecution.
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return tagAlertExecution.call(this);
	}
}
