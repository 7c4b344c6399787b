import type { INodeExecutionData, INodeType, INodeTypeDescription, IPollFunctions } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { redisCredential } from '../n8n/stores/storeProperties';
import { escalationTriggerProperties } from './description';
import { pollEscalations } from './pollEscalations';

export class HooklineEscalationTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Hookline Escalation Trigger',
		name: 'hooklineEscalationTrigger',
		icon: { light: 'file:hookline.svg', dark: 'file:hookline.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["namespace"]}}',
		description: 'Starts the workflow when an alert is still unacknowledged at an escalation level, once per level',
		eventTriggerDescription: 'Waiting for an alert to reach a level',
		activationMessage: 'Open alerts are now checked at every poll and escalate by their levels.',
		defaults: { name: 'Hookline Escalation Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ ...redisCredential() }],
		properties: escalationTriggerProperties,
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		return await pollEscalations.call(this);
	}
}
