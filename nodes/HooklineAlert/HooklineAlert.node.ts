import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { hooklineAlertEndpointApiTest } from '../n8n/alerts/alertEndpointCredentialTest';
import { alertOutputs } from '../n8n/alerts/alertOutputs';
import { showFor } from '../n8n/displayOptions';
import { redisCredential } from '../n8n/stores/storeProperties';
import * as acknowledge from './actions/acknowledge.operation';
import { storeAndNamespaceProperties } from './actions/fields';
import * as get from './actions/get.operation';
import * as list from './actions/list.operation';
import { operationProperty } from './actions/operation';
import * as raise from './actions/raise.operation';
import * as resolve from './actions/resolve.operation';
import { router } from './actions/router';
import * as send from './actions/send.operation';

export class HooklineAlert implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Hookline Alert',
		name: 'hooklineAlert',
		icon: { light: 'file:hookline.svg', dark: 'file:hookline.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"]}}',
		description:
			'Raise deduplicated alerts from a flow, acknowledge, resolve, get and list them, or send one to a Manage365-style alert endpoint',
		defaults: { name: 'Hookline Alert' },
		inputs: [NodeConnectionTypes.Main],
		// Raise has the Alert Trigger's outputs, the other operations one. A missing operation is the default, Raise.
		outputs: `={{ ($parameter["operation"] || "raise") === "raise" ? [${alertOutputs}] : ["main"] }}`,
		usableAsTool: true,
		credentials: [
			{
				name: 'hooklineAlertEndpointApi',
				required: true,
				testedBy: 'hooklineAlertEndpointApiTest',
				displayOptions: showFor('operation', 'send'),
			},
			{ ...redisCredential({ operation: ['send'] }) },
		],
		properties: [
			operationProperty,
			...raise.description,
			...acknowledge.description,
			...resolve.description,
			...get.description,
			...list.description,
			...send.description,
			...storeAndNamespaceProperties,
		],
	};

	methods = { credentialTest: { hooklineAlertEndpointApiTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
