import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { WAIT_INDEFINITELY } from 'n8n-workflow';

import { parcelDueAt, type Parcel, type ParcelDelivery } from '../../core/delivery/outbox';
import type { DeliveryRecord, WaitingDelivery } from '../../core/delivery/types';
import { userError } from '../errors';
import { outbox, outboxSweeper } from './outboxRuntime';
import type { PreparedDelivery } from './outboundRun';

/** An item that could not be turned into a request (continueOnFail): not a delivery, nothing was sent. */
export interface ItemError {
	error: string;
}

export type Outcome = DeliveryRecord | WaitingDelivery | ItemError;

export const isWaiting = (outcome: object): outcome is WaitingDelivery => 'waiting' in outcome;

/** Records carry an `error` too (endpoint_paused), so an item error is what has neither record field. */
export const isItemError = (value: object): value is ItemError =>
	!('delivered' in value) && !('waiting' in value) && !('request' in value);

/** n8n's resume token for this execution, from the resume URL it gives the execution. */
function resumeToken(ctx: IExecuteFunctions): string {
	const url = String(ctx.getWorkflowDataProxy(0).$execution?.resumeUrl ?? '');
	const token = URL.canParse(url) ? new URL(url).searchParams.get('signature') : null;
	if (!token) {
		throw userError(ctx, 'This execution cannot wait for a later attempt', {
			description: 'n8n gave it no resume URL. Use delays shorter than Wait Durably From.',
		});
	}
	return token;
}

/** Some deliveries wait for an attempt too far off to wait in memory: the execution's deliveries go to the
 * outbox (those that ended with their results, the others with what it takes to continue them, never the
 * secret), and the execution waits, freeing its worker, until the sweeper resumes it. It then continues in
 * the same execution, from the node's resume webhook. */
export async function waitDurably(
	ctx: IExecuteFunctions,
	prepared: Array<PreparedDelivery | ItemError>,
	outcomes: Outcome[],
): Promise<INodeExecutionData[][]> {
	const deliveries = outcomes.map((outcome, itemIndex): ParcelDelivery => {
		const slot = prepared[itemIndex];
		if (!isWaiting(outcome) || isItemError(slot)) return { itemIndex, ended: outcome as DeliveryRecord };
		return {
			itemIndex,
			waiting: outcome,
			recipe: slot.request.recipe,
			policy: slot.policy,
			allowPrivateNetwork: slot.settings.allowPrivateNetwork,
			...(slot.settings.pause ? { pause: slot.settings.pause } : {}),
		};
	});
	const parcel: Parcel = { version: 1, executionId: ctx.getExecutionId(), resumeToken: resumeToken(ctx), deliveries };
	outbox.write(parcel);
	outboxSweeper.schedule(parcel.executionId, parcelDueAt(parcel)!);
	await ctx.putExecutionToWait(WAIT_INDEFINITELY);
	return [[], []];
}
