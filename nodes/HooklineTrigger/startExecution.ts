import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { confirmDelivery } from '../core/stores';
import { openStore, type StoreKind, type UnavailableMode } from '../n8n/stores/stores';
import { inputAsOutputs, tagExecution, type ExecutionTags } from '../n8n/triggers/executionTags';
import { triggerScope } from '../n8n/triggers/triggerScope';

function deliveryTags(item: INodeExecutionData, output: number): ExecutionTags {
	const { deliveryId, reason } = item.json;
	return {
		deliveryId: typeof deliveryId === 'string' ? deliveryId : '',
		hooklineOutcome: output === 0 ? 'accepted' : String(reason ?? 'rejected'),
	};
}

type Confirmation = { runs: true; warning?: string } | { runs: false; heldBy: string };

/** Confirms the pending claim of the delivery's idempotency key now that its execution has started. */
async function confirmClaim(ctx: IExecuteFunctions, item: IDataObject): Promise<Confirmation> {
	const { deliveryId, idempotencyKey } = item;
	if (typeof deliveryId !== 'string' || typeof idempotencyKey !== 'string') return { runs: true };
	const windowSeconds = Number(ctx.getNodeParameter('idempotencyWindowSeconds', 0, 86400));
	// Decided by the local store during a Redis outage: the claim is there, so it is confirmed there.
	const kind = item.warning === undefined ? (ctx.getNodeParameter('store', 0, 'local') as StoreKind) : 'local';
	const store = await openStore(ctx, kind, ctx.getNodeParameter('redisUnavailable', 0, 'fail') as UnavailableMode);
	try {
		const confirmation = await confirmDelivery(
			store,
			`${triggerScope(ctx)}:${idempotencyKey}`,
			deliveryId,
			windowSeconds,
		);
		return confirmation.confirmed ? { runs: true } : { runs: false, heldBy: confirmation.heldBy };
	} catch (error) {
		// The sender already has its 2xx and will not retry: losing the event would be worse than the small chance
		// that a copy arriving after the pending claim expires runs too. The item says so.
		const reason = error instanceof Error ? error.message : String(error);
		return {
			runs: true,
			warning: `The idempotency key could not be confirmed for the whole window (${reason}): a copy of this delivery that arrives after its pending claim expires may run again.`,
		};
	}
}

/**
 * Runs when the execution really starts (in queue mode, on the worker), with the webhook's items as input. It
 * confirms the accepted delivery's pending idempotency claim (see core/stores/idempotency.ts): when another
 * delivery of the same key took the claim meanwhile, this execution stops here with no items, so exactly one of
 * them runs. Then it tags the execution with its delivery id and outcome and passes the items on unchanged.
 */
export async function startDeliveryExecution(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const outputs = inputAsOutputs(this, this.getNodeParameter('recordRejected', 0, false) ? 2 : 1);
	const [accepted] = outputs[0];
	if (accepted !== undefined) {
		const confirmation = await confirmClaim(this, accepted.json);
		if (!confirmation.runs) {
			tagExecution(this, outputs, () => ({
				deliveryId: String(accepted.json.deliveryId),
				hooklineOutcome: 'duplicate',
			}));
			return outputs.map(() => []);
		}
		if (confirmation.warning !== undefined) {
			outputs[0] = [{ ...accepted, json: { ...accepted.json, warning: confirmation.warning } }, ...outputs[0].slice(1)];
		}
	}
	return tagExecution(this, outputs, deliveryTags);
}
