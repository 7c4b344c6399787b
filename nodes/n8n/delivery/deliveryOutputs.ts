import type { INodeExecutionData } from 'n8n-workflow';

import type { DeliveryRecord } from '../../core/delivery/types';
import type { ItemError } from './durableWait';

/** Ended deliveries on the sending nodes' two outputs, in input order: delivered records on Delivered; failed or
 * held records and items that could not be sent on Failed. Inline runs and resumed ones route the same way. */
export function deliveryOutputs(
	ended: Array<{ itemIndex: number; outcome: DeliveryRecord | ItemError }>,
): INodeExecutionData[][] {
	const delivered: INodeExecutionData[] = [];
	const failed: INodeExecutionData[] = [];
	for (const { itemIndex, outcome } of ended) {
		const item = { json: { ...outcome }, pairedItem: { item: itemIndex } };
		('delivered' in outcome && outcome.delivered ? delivered : failed).push(item);
	}
	return [delivered, failed];
}
