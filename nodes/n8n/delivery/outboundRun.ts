import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { mapWithConcurrency } from '../../core/delivery/concurrency';
import { deliver, type DeliveryRequest } from '../../core/delivery/engine';
import type { DeliveryRecord } from '../../core/delivery/types';
import { userError } from '../errors';
import { executionCancelSignal, outboundHttp } from './outboundHttp';
import type { DeliverySettings } from './outboundSettings';
import { readConcurrency } from './outboundSettings';

export interface PreparedDelivery {
	request: DeliveryRequest;
	settings: DeliverySettings;
}

/** An item that could not be turned into a request (continueOnFail): not a delivery, nothing was sent. */
interface ItemError {
	error: string;
}

/** Builds every item's request first, so an invalid item stops the run before anything is sent; then delivers
 * them, `concurrency` at a time, and routes each record to Delivered or Failed in input order. A failed
 * delivery is a result with its whole attempt log, never an exception: nothing is dropped. Stopping the
 * execution cancels every delivery at once (the request in flight aborted, no wait or attempt after it);
 * those not delivered by then go to Failed with `cancelled: true`. */
export async function runDeliveries(
	ctx: IExecuteFunctions,
	prepare: (itemIndex: number) => PreparedDelivery,
): Promise<INodeExecutionData[][]> {
	const items = ctx.getInputData();
	if (items.length === 0) return [[], []];
	const prepared: Array<PreparedDelivery | ItemError> = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			prepared.push(prepare(itemIndex));
		} catch (error) {
			if (!ctx.continueOnFail()) throw userError(ctx, error, { itemIndex });
			prepared.push({ error: (error as Error).message });
		}
	}

	const signal = executionCancelSignal(ctx);
	const outcomes = await mapWithConcurrency(prepared, readConcurrency(ctx), async (slot) =>
		'error' in slot ? slot : await send(slot, signal),
	);

	const delivered: INodeExecutionData[] = [];
	const failed: INodeExecutionData[] = [];
	outcomes.forEach((outcome, itemIndex) => {
		const pairedItem = { item: itemIndex };
		if ('error' in outcome) failed.push({ json: { error: outcome.error }, pairedItem });
		else (outcome.delivered ? delivered : failed).push({ json: { ...outcome }, pairedItem });
	});
	return [delivered, failed];
}

function send({ request, settings }: PreparedDelivery, signal: AbortSignal | undefined): Promise<DeliveryRecord> {
	return deliver(request, {
		http: outboundHttp(settings.allowPrivateNetwork),
		policy: {
			maxAttempts: settings.maxAttempts,
			baseDelayMs: settings.retryDelayMs,
			...(settings.retryScheduleMs ? { scheduleMs: settings.retryScheduleMs } : {}),
		},
		signal,
	});
}
