import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { readHealth } from '../core/delivery/endpointHealth';
import { readUrl } from '../n8n/delivery/outboundSettings';
import { userError } from '../n8n/errors';
import { openStore, type StoreKind } from '../n8n/stores/stores';

/** One item per input item: the health of the receiver its URL names (per origin), from the node's store. */
export async function getEndpointHealth(ctx: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const store = await openStore(ctx, ctx.getNodeParameter('store', 0, 'local') as StoreKind, 'fail');
	const results: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < ctx.getInputData().length; itemIndex++) {
		const url = readUrl(ctx, itemIndex);
		try {
			const health = await readHealth(store, url);
			results.push({ json: { ...health }, pairedItem: { item: itemIndex } });
		} catch (error) {
			throw userError(ctx, error, { itemIndex });
		}
	}
	return results;
}
