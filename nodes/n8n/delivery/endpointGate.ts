import type { IExecuteFunctions, IWebhookFunctions } from 'n8n-workflow';

import { admit, recordDelivery, type PausePolicy } from '../../core/delivery/endpointHealth';
import type { DeliveryRecord, WaitingDelivery } from '../../core/delivery/types';
import type { HooklineStore } from '../../core/stores/types';
import { openStore, type StoreKind } from '../stores/stores';

/** The sending nodes' use of endpoint health: a pause holds new deliveries, every ended delivery is counted.
 * Health protects receivers, it does not protect anyone from a forged request: when its store cannot be
 * reached, deliveries go ahead uncounted rather than being held. */
export class EndpointGate {
	private constructor(private readonly store: HooklineStore | undefined) {}

	static async open(ctx: IExecuteFunctions | IWebhookFunctions): Promise<EndpointGate> {
		const kind = ctx.getNodeParameter('store', 0, 'local') as StoreKind;
		try {
			return new EndpointGate(await openStore(ctx, kind, 'fail'));
		} catch {
			return new EndpointGate(undefined);
		}
	}

	/** Undefined when the delivery may go now; else what it becomes: held in Failed, or waiting for the reopening. */
	async hold(
		delivery: { url: string; eventId: string },
		pause: PausePolicy | undefined,
		whenPaused: 'fail' | 'wait',
	): Promise<DeliveryRecord | WaitingDelivery | undefined> {
		if (!pause || !this.store) return undefined;
		const admission = await admit(this.store, delivery.url, pause).catch(() => ({ open: true as const }));
		if (admission.open) return undefined;
		const held = { eventId: delivery.eventId, url: delivery.url, status: null, attempts: [], responseBody: '' };
		if (whenPaused === 'wait') return { ...held, waiting: true, nextAttempt: 1, dueAt: admission.pausedUntil };
		return {
			...held,
			delivered: false,
			error: 'endpoint_paused',
			pausedUntil: new Date(admission.pausedUntil).toISOString(),
		};
	}

	async record(outcome: DeliveryRecord | WaitingDelivery, pause: PausePolicy | undefined): Promise<void> {
		if (!this.store || 'waiting' in outcome) return;
		await recordDelivery(this.store, outcome, pause).catch(() => undefined);
	}
}
