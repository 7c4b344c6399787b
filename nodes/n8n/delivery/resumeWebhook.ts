import type { IWebhookDescription, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { mapWithConcurrency } from '../../core/delivery/concurrency';
import { deliverDurably } from '../../core/delivery/engine';
import { isExecutionId, parcelDueAt, type ParcelDelivery } from '../../core/delivery/outbox';
import { rebuildSignedRequest } from '../../core/delivery/signedRequest';
import { readSecrets } from '../verification/secrets';
import { outbox, outboxSweeper, waitingEndpoint } from './outboxRuntime';
import { deliveryOutputs } from './deliveryOutputs';
import { EndpointGate } from './endpointGate';
import { outboundHttp } from './outboundHttp';

/** The sending nodes' resume webhook: n8n calls it (through the sweeper) for an execution that waits for a
 * later attempt. It is n8n's waiting webhook, so only a caller with the execution's resume token reaches it. */
export const resumeWebhookDescription: IWebhookDescription = {
	name: 'default',
	httpMethod: 'POST',
	path: '',
	restartWebhook: true,
	responseMode: 'onReceived',
};

/** Resumes being handled in this process: a second call for the same execution must not attempt again. */
const resuming = new Set<string>();

/** The execution ID is the path segment after the waiting-webhook endpoint. */
function executionIdOf(ctx: IWebhookFunctions): string | undefined {
	const request = ctx.getRequestObject();
	const pathname = new URL(request.originalUrl ?? request.url ?? '/', 'http://n8n').pathname;
	const endpoint = waitingEndpoint(process.env);
	const segments = pathname.split('/').filter(Boolean);
	const id = segments[segments.indexOf(endpoint) + 1];
	return segments.includes(endpoint) && id && isExecutionId(id) ? id : undefined;
}

/** Makes the attempts that are due. While any delivery still waits, the execution keeps waiting (no workflow
 * data: n8n leaves it as it is); when every delivery has ended, the results go on to Delivered and Failed of
 * the same execution, in input order. */
export async function resumeDeliveries(this: IWebhookFunctions, concurrency: number): Promise<IWebhookResponseData> {
	const executionId = executionIdOf(this);
	if (!executionId || resuming.has(executionId)) return { webhookResponse: { ok: true, resumed: false } };
	resuming.add(executionId);
	try {
		const parcel = outbox.read(executionId);
		if (!parcel) return { webhookResponse: { ok: true, resumed: false } };
		const now = Date.now();
		const due = parcel.deliveries.some((delivery) => 'waiting' in delivery && delivery.waiting.dueAt <= now);
		if (!due) return { webhookResponse: { ok: true, resumed: false } };

		const secret = parcel.deliveries.some((d) => 'waiting' in d && d.recipe.signing.method !== 'none')
			? (await readSecrets(this)).current
			: '';
		const gate = await EndpointGate.open(this);
		const deliveries = await mapWithConcurrency(parcel.deliveries, concurrency, async (delivery) =>
			'waiting' in delivery && delivery.waiting.dueAt <= now ? await attempt(delivery, secret, gate) : delivery,
		);
		const next = { ...parcel, deliveries };
		const dueAt = parcelDueAt(next);
		if (dueAt !== undefined) {
			outbox.write(next);
			outboxSweeper.schedule(executionId, dueAt);
			return { webhookResponse: { ok: true, resumed: true, waiting: true } };
		}
		outbox.remove(executionId);
		return {
			workflowData: deliveryOutputs(
				deliveries.flatMap((delivery) =>
					'ended' in delivery ? [{ itemIndex: delivery.itemIndex, outcome: delivery.ended }] : [],
				),
			),
		};
	} finally {
		resuming.delete(executionId);
	}
}

/** The due attempt of one delivery. Once waiting, it goes on waiting between its attempts, however short the
 * schedule's next wait: the execution is no longer running to hold it. A delivery held by a pause, not yet
 * attempted, is held again while the receiver is still paused. */
async function attempt(
	delivery: Extract<ParcelDelivery, { waiting: unknown }>,
	secret: string,
	gate: EndpointGate,
): Promise<ParcelDelivery> {
	const request = rebuildSignedRequest(delivery.recipe, secret);
	const held = delivery.waiting.nextAttempt === 1 ? await gate.hold(request, delivery.pause, 'wait') : undefined;
	if (held && 'waiting' in held) return { ...delivery, waiting: held };
	const outcome = await deliverDurably(request, {
		http: outboundHttp(delivery.allowPrivateNetwork),
		policy: delivery.policy,
		durableFromMs: 0,
		resumeFrom: delivery.waiting,
	});
	await gate.record(outcome, delivery.pause);
	return 'waiting' in outcome ? { ...delivery, waiting: outcome } : { itemIndex: delivery.itemIndex, ended: outcome };
}
