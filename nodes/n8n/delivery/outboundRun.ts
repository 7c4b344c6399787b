import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { mapWithConcurrency } from '../../core/delivery/concurrency';
import { deliverDurably, type DeliveryRequest } from '../../core/delivery/engine';
import type { RetryPolicy } from '../../core/delivery/retryPolicy';
import type { SignedRequestRecipe } from '../../core/delivery/signedRequest';
import type { DeliveryRecord } from '../../core/delivery/types';
import { userError } from '../errors';
import { isItemError, isWaiting, waitDurably, type ItemError, type Outcome } from './durableWait';
import { deliveryOutputs } from './deliveryOutputs';
import { EndpointGate } from './endpointGate';
import { executionCancelSignal, outboundHttp } from './outboundHttp';
import type { DeliverySettings } from './outboundSettings';
import { readConcurrency } from './outboundSettings';

/** One item's request, as a node prepares it. */
export interface PreparedRequest {
	request: DeliveryRequest & { recipe: SignedRequestRecipe };
	settings: DeliverySettings;
}

export interface PreparedDelivery extends PreparedRequest {
	policy: Partial<RetryPolicy>;
}

/** The retry policy of a delivery's settings: the schedule when one is set, else Max Attempts with backoff. */
export function policyOf(settings: DeliverySettings): Partial<RetryPolicy> {
	return {
		maxAttempts: settings.maxAttempts,
		baseDelayMs: settings.retryDelayMs,
		...(settings.retryScheduleMs ? { scheduleMs: settings.retryScheduleMs } : {}),
	};
}

/** Builds every item's request first, so an invalid item stops the run before anything is sent; then delivers
 * them, `concurrency` at a time, and routes each record to Delivered or Failed in input order. A failed
 * delivery is a result with its whole attempt log, never an exception: nothing is dropped. Stopping the
 * execution cancels every delivery at once (the request in flight aborted, no wait or attempt after it);
 * those not delivered by then go to Failed with `cancelled: true`. */
export async function runDeliveries(
	ctx: IExecuteFunctions,
	prepare: (itemIndex: number) => PreparedRequest,
): Promise<INodeExecutionData[][]> {
	const items = ctx.getInputData();
	if (items.length === 0) return [[], []];
	const prepared: Array<PreparedDelivery | ItemError> = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const slot = prepare(itemIndex);
			prepared.push({ ...slot, policy: policyOf(slot.settings) });
		} catch (error) {
			if (!ctx.continueOnFail()) throw userError(ctx, error, { itemIndex });
			prepared.push({ error: (error as Error).message });
		}
	}

	const signal = executionCancelSignal(ctx);
	const gate = await EndpointGate.open(ctx);
	const outcomes: Outcome[] = await mapWithConcurrency(prepared, readConcurrency(ctx), async (slot) =>
		isItemError(slot) ? slot : await send(slot, gate, signal),
	);
	if (outcomes.some(isWaiting)) return await waitDurably(ctx, prepared, outcomes);
	return deliveryOutputs(
		outcomes.map((outcome, itemIndex) => ({ itemIndex, outcome: outcome as DeliveryRecord | ItemError })),
	);
}

async function send({ request, settings, policy }: PreparedDelivery, gate: EndpointGate, signal?: AbortSignal) {
	// A wait for a paused receiver is durable only where durable waits are; elsewhere the delivery fails fast.
	const whenPaused = settings.durableFromMs === Number.POSITIVE_INFINITY ? 'fail' : settings.whenPaused;
	const held = await gate.hold(request, settings.pause, whenPaused);
	if (held) return held;
	const outcome = await deliverDurably(request, {
		http: outboundHttp(settings.allowPrivateNetwork),
		policy,
		signal,
		durableFromMs: settings.durableFromMs,
	});
	await gate.record(outcome, settings.pause);
	return outcome;
}
