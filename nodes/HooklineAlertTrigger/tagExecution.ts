import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { tagExecutionAndPassOn, type ExecutionTags } from '../n8n/triggers/executionTags';

const OUTCOMES = ['new', 'repeated'];

function alertTags(item: INodeExecutionData, output: number): ExecutionTags {
	const { alertId, reason } = item.json;
	return {
		alertId: typeof alertId === 'string' ? alertId : '',
		hooklineOutcome: OUTCOMES[output] ?? String(reason ?? 'rejected'),
	};
}

/** Tags the execution with its alert id and outcome and passes every output on unchanged. */
export function tagAlertExecution(this: IExecuteFunctions): INodeExecutionData[][] {
	const outputCount = this.getNodeParameter('recordRejected', 0, false) ? 3 : 2;
	return tagExecutionAndPassOn(this, outputCount, alertTags);
}
