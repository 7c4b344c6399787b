import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
} from 'n8n-workflow';

import { hooklinePublicKeyApiTest } from '../n8n/verification/publicKeyCredentialTest';
import { hooklineSecretApiTest } from '../n8n/verification/secretCredentialTest';
import {
	basicAuthCredentialDisplay,
	publicKeyCredentialDisplay,
	secretCredentialDisplay,
} from '../n8n/verification/verificationCredentials';
import { deliveryTriggerProblems, manualWebhookMethods } from '../n8n/triggers/manualWebhookMethods';
import { redisCredential } from '../n8n/stores/storeProperties';
import { outputsWithRejected, triggerWebhooks } from '../n8n/triggers/triggerDescription';
import { namedOutputs } from '../n8n/outputs';
import { triggerProperties } from './description';
import { startDeliveryExecution } from './startExecution';
import { handleDelivery } from './handleDelivery';

export class HooklineTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Hookline Trigger',
		name: 'hooklineTrigger',
		icon: { light: 'file:hookline.svg', dark: 'file:hookline.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["verification"]}}',
		description:
			'Starts the workflow on a verified webhook: authenticated, deduplicated and rate-limited before anything runs',
		eventTriggerDescription: 'Waiting for a verified delivery',
		activationMessage: 'Verified deliveries to the production URL now start this workflow.',
		defaults: { name: 'Hookline Trigger' },
		inputs: [],
		outputs: outputsWithRejected(namedOutputs('Accepted')),
		credentials: [
			{
				name: 'hooklineSecretApi',
				required: true,
				testedBy: 'hooklineSecretApiTest',
				displayOptions: secretCredentialDisplay,
			},
			{
				name: 'hooklinePublicKeyApi',
				required: true,
				testedBy: 'hooklinePublicKeyApiTest',
				displayOptions: publicKeyCredentialDisplay,
			},
			{ name: 'httpBasicAuth', required: true, displayOptions: basicAuthCredentialDisplay },
			{ ...redisCredential() },
		],
		webhooks: triggerWebhooks,
		properties: triggerProperties,
	};

	methods = { credentialTest: { hooklineSecretApiTest, hooklinePublicKeyApiTest } };

	webhookMethods = manualWebhookMethods(deliveryTriggerProblems);

	async webhook(this: IWebhookFunctions) {
		return await handleDelivery.call(this);
	}

	// Runs when the execution starts, with the webhook's items as input: see startDeliveryExecution.
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await startDeliveryExecution.call(this);
	}
}
