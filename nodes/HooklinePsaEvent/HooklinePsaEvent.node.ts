import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { hooklineSecretApiTest } from '../n8n/verification/secretCredentialTest';
import { runDeliveries } from '../n8n/delivery/outboundRun';
import { resumeDeliveries, resumeWebhookDescription } from '../n8n/delivery/resumeWebhook';
import { readSecrets } from '../n8n/verification/secrets';
import { redisCredential } from '../n8n/stores/storeProperties';
import { psaEventProperties } from './description';
import { preparePsaEvent } from './prepareEvent';

export class HooklinePsaEvent implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Hookline PSA Event',
		name: 'hooklinePsaEvent',
		icon: { light: 'file:hookline.svg', dark: 'file:hookline.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle:
			'={{$parameter["eventFrom"] === "field" ? "mixed events" : $parameter["resource"] + ": " + $parameter["event"]}}',
		description: 'Send MSP Manager-style ticket, note, response and attachment events as signed, retried webhooks',
		defaults: { name: 'Hookline PSA Event' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['Delivered', 'Failed'],
		usableAsTool: true,
		credentials: [
			{ name: 'hooklineSecretApi', required: true, testedBy: 'hooklineSecretApiTest' },
			{ ...redisCredential() },
		],
		// Not a trigger: n8n calls it only to resume an execution that waits for a later attempt.
		webhooks: [resumeWebhookDescription],
		properties: psaEventProperties,
	};

	methods = { credentialTest: { hooklineSecretApiTest } };

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await resumeDeliveries.call(this, Number(this.getNodeParameter('concurrency', 5)) || 5);
	}

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const { current } = await readSecrets(this);
		return await runDeliveries(this, (itemIndex) => preparePsaEvent(this, itemIndex, current));
	}
}
