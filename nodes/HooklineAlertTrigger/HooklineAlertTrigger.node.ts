import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
} from 'n8n-workflow';

import { hooklineSecretApiTest } from '../n8n/verification/secretCredentialTest';
import { alertTriggerProblems, manualWebhookMethods } from '../n8n/triggers/manualWebhookMethods';
import { redisCredential } from '../n8n/stores/storeProperties';
import { alertTriggerWebhooks, outputsWithRejected } from '../n8n/triggers/triggerDescription';
import { alertOutputs } from '../n8n/alerts/alertOutputs';
import { alertTriggerProperties } from './description';
import { tagAlertExecution } from './tagExecution';
import { handleAlert } from './handleAlert';

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
		outputs: outputsWithRejected(alertOutputs),
		credentials: [
			{
				name: 'hooklineSecretApi',
				required: true,
				testedBy: 'hooklineSecretApiTest',
			},
			{ ...redisCredential() },
		],
		webhooks: alertTriggerWebhooks,
		properties: alertTriggerProperties,
	};

	methods = { credentialTest: { hooklineSecretApiTest } };

	webhookMethods = manualWebhookMethods(alertTriggerProblems);

	async webhook(this: IWebhookFunctions) {
		return await handleAlert.call(this);
	}

	// Runs when the execution starts, with the webhook's items as input: see tagExecution.
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return tagAlertExecution.call(this);
	}
}
