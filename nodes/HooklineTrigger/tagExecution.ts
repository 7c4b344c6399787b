import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { tagExecutionAndPassOn, type ExecutionTags } from '../n8n/triggers/executionTags';

function deliveryTags(item: INodeExecutionData, output: number): ExecutionTags {
	const { deliveryId, reason } = item.json;
	return {
		deliveryId: typeof deliveryId === 'string' ? deliveryId : '',
		hooklineOutcome: output === 0 ? 'accepted' : String(reason ?? 'rejected'),
	};
}

/** Tags the execution with its delivery id and outcome and passes Accepted (and Rejected) on unchanged. */
export function tagDeliveryExecution(this: IExecuteFunctions): INodeExecutionData[][] {
	const outputCount = this.getNodeParameter('recordRejected', 0, false) ? 2 : 1;
	return tagExecutionAndPassOn(this, outputCount, deliveryTags);
}
