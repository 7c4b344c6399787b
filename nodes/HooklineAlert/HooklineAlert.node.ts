import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { hooklineAlertEndpointApiTest } from '../n8n/alerts/alertEndpointCredentialTest';
import * as acknowledge from './actions/acknowledge.operation';
import { storeAndNamespaceProperties } from './actions/fields';
import * as get from './actions/get.operation';
import * as list from './actions/list.operation';
import { operationProperty } from './actions/operation';
import * as raise from './actions/raise.operation';
import * as resolve from './actions/resolve.operation';
import { router } from './actions/router';
import * as send from './actions/send.operation';

/** Raise has the Alert Trigger's two outputs, so "New alert" can start a ticket flow once per outage; the other
 * operations have one. A missing operation is the default, Raise. */
const ALERT_OUTPUTS =
	'{ "type": "main", "displayName": "New alert" }, { "type": "main", "displayName": "Repeated alert" }';

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
		outputs: `={{ ($parameter["operation"] || "raise") === "raise" ? [${ALERT_OUTPUTS}] : ["main"] }}`,
		usableAsTool: true,
		credentials: [
			{
				name: 'hooklineAlertEndpointApi',
				required: true,
				testedBy: 'hooklineAlertEndpointApiTest',
				displayOptions: { show: { operation: ['send'] } },
			},
			// Shared alerts in queue mode live in the Redis n8n already uses, through n8n's own credential type.
			// `hide` Send rather than `show` the five other operations: when the credentials' `show` conditions
			// together name every option of a parameter, the editor takes that parameter for the node's
			// authentication selector and hides it from the panel (Operation disappeared; seen in n8n 2.40.7).
			/* eslint-disable n8n-nodes-base/node-class-description-credentials-name-unsuffixed, @n8n/community-nodes/no-credential-reuse, @n8n/community-nodes/valid-credential-references */
			{
				name: 'redis',
				required: true,
				displayOptions: { show: { store: ['redis'] }, hide: { operation: ['send'] } },
			},
			/* eslint-enable n8n-nodes-base/node-class-description-credentials-name-unsuffixed, @n8n/community-nodes/no-credential-reuse, @n8n/community-nodes/valid-credential-references */
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
