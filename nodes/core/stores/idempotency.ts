import type { HooklineStore } from './types';

export type DeliveryClaim = { duplicate: false } | { duplicate: true; firstDeliveryId: string };

/** Namespace of idempotency keys, so they never meet rate-limit counters or alert state in a shared store. */
const KEY_PREFIX = 'idempotency:';

/** Records `deliveryId` as the delivery of `key` for `windowSeconds`, or reports the delivery that already
 * holds it. One atomic claim: of concurrent deliveries with one key exactly one is not a duplicate. */
export async function claimDelivery(
	store: HooklineStore,
	key: string,
	deliveryId: string,
	windowSeconds: number,
): Promise<DeliveryClaim> {
	if (!Number.isFinite(windowSeconds) || windowSeconds <= 0) {
		throw new RangeError(`windowSeconds must be a positive number, got ${windowSeconds}`);
	}
	const result = await store.claim(KEY_PREFIX + key, deliveryId, windowSeconds * 1000);
	return result.claimed ? { duplicate: false } : { duplicate: true, firstDeliveryId: result.value };
}

/** The delivery that holds `key`, if one does: a cheap look before the rate limit, so that a duplicate is answered
 * as one without spending the sender's budget. Only claimDelivery() decides; two copies racing past this look
 * are still told apart there. */
export async function findDelivery(store: HooklineStore, key: string): Promise<string | undefined> {
	return await store.get(KEY_PREFIX + key);
}
