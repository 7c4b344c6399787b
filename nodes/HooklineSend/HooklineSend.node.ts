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
import { hideWhen } from '../n8n/displayOptions';
import { redisCredential } from '../n8n/stores/storeProperties';
import { runDeliveries } from '../n8n/delivery/outboundRun';
import { resumeDeliveries, resumeWebhookDescription } from '../n8n/delivery/resumeWebhook';
import { readSecrets } from '../n8n/verification/secrets';
import { sendProperties } from './description';
import { getEndpointHealth } from './getEndpointHealth';
import { forSendOnly, operationProperty } from './operations';
import { prepareSend } from './prepareSend';

export class HooklineSend implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Hookline Send',
		name: 'hooklineSend',
		icon: { light: 'file:hookline.svg', dark: 'file:hookline.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["eventName"]}}',
		description: 'Send any event as a signed webhook with retries: HMAC, Standard Webhooks or OneManage style',
		defaults: { name: 'Hookline Send' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['Delivered', 'Failed'],
		usableAsTool: true,
		credentials: [
			{
				name: 'hooklineSecretApi',
				required: true,
				testedBy: 'hooklineSecretApiTest',
				displayOptions: hideWhen({ scheme: ['none'], operation: ['getEndpointHealth'] }),
			},
			{ ...redisCredential() },
		],
		// Not a trigger: n8n calls it only to resume an execution that waits for a later attempt.
		webhooks: [resumeWebhookDescription],
		properties: [operationProperty, ...forSendOnly(sendProperties)],
	};

	methods = { credentialTest: { hooklineSecretApiTest } };

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await resumeDeliveries.call(this, Number(this.getNodeParameter('concurrency', 5)) || 5);
	}

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		if (this.getNodeParameter('operation', 0, 'send') === 'getEndpointHealth')
			return [await getEndpointHealth(this), []];
		const scheme = this.getNodeParameter('scheme', 0);
		const secret = scheme === 'none' ? '' : (await readSecrets(this)).current;
		return await runDeliveries(this, (itemIndex) => prepareSend(this, itemIndex, secret));
	}
}
