import type { HooklineStore } from './types';

/**
 * Idempotency keys are claimed in two phases. The webhook claims a key as *pending* for a short while; the
 * execution, once it really starts (in queue mode on the worker), *confirms* it for the whole window. So a claim
 * whose fate is unknown (a Redis command that timed out but was applied later, an execution n8n never queued)
 * lets the sender's retry through once it expires, instead of answering "duplicate" for an event that never ran;
 * a repeat while the key is pending is told to retry later, never "duplicate".
 */
export type DeliveryClaim =
	| { outcome: 'claimed' }
	| { outcome: 'duplicate'; firstDeliveryId: string }
	| { outcome: 'pending'; retryAfterSeconds: number };

/** What already holds a key: anything but a claim of one's own. */
export type DeliveryHolder = Exclude<DeliveryClaim, { outcome: 'claimed' }>;

export type DeliveryConfirmation = { confirmed: true } | { confirmed: false; heldBy: string };

/** Namespace of idempotency keys, so they never meet rate-limit counters or alert state in a shared store. */
const KEY_PREFIX = 'idempotency:';

/** Long enough for n8n to start the execution (on a busy queue-mode worker too), short enough that a sender's
 * retry after a lost claim is not turned away for long. An execution that starts later still confirms its key
 * unless a retry has claimed it meanwhile, in which case only one of the two runs. */
export const PENDING_CLAIM_SECONDS = 30;

/** `pending:<deliveryId>`: the execution, which knows only its delivery id, can name the claim it confirms.
 * Delivery ids are UUIDs, so a pending value never looks like a delivery id. */
const PENDING = 'pending:';

/** What a repeat of a pending delivery is told: a started execution confirms its claim within moments, so the
 * retry then meets a plain duplicate; a lost one expires within PENDING_CLAIM_SECONDS. */
export const PENDING_RETRY_AFTER_SECONDS = 5;

const pendingValueOf = (deliveryId: string) => `${PENDING}${deliveryId}`;

function assertWindow(windowSeconds: number): void {
	if (!Number.isFinite(windowSeconds) || windowSeconds <= 0) {
		throw new RangeError(`windowSeconds must be a positive number, got ${windowSeconds}`);
	}
}

/** What holds a key: the first delivery's id, or a pending claim. */
function readHolder(held: string): DeliveryHolder {
	return held.startsWith(PENDING)
		? { outcome: 'pending', retryAfterSeconds: PENDING_RETRY_AFTER_SECONDS }
		: { outcome: 'duplicate', firstDeliveryId: held };
}

/** Claims `key` for `deliveryId` as pending, or reports what already holds it. One atomic claim: of concurrent
 * deliveries with one key exactly one is claimed. The claim lasts the shorter of the pending time and the window. */
export async function claimDelivery(
	store: HooklineStore,
	key: string,
	deliveryId: string,
	windowSeconds: number,
): Promise<DeliveryClaim> {
	assertWindow(windowSeconds);
	const ttlMs = Math.min(PENDING_CLAIM_SECONDS, windowSeconds) * 1000;
	const pendingValue = pendingValueOf(deliveryId);
	const result = await store.claim(KEY_PREFIX + key, pendingValue, ttlMs).catch((error: unknown) => {
		// The claim may still be applied (a timed-out Redis command runs once the server wakes): a release queued
		// right behind it frees the key for the sender's retry before the claim would expire.
		void releaseDelivery(store, key, deliveryId).catch(() => undefined);
		return Promise.reject(error);
	});
	return result.claimed ? { outcome: 'claimed' } : readHolder(result.value);
}

/** Makes a pending claim final for the whole window, once the delivery's execution has started. Also claims a key
 * whose pending claim expired and that nobody took since; refuses when another delivery holds it. */
export async function confirmDelivery(
	store: HooklineStore,
	key: string,
	deliveryId: string,
	windowSeconds: number,
): Promise<DeliveryConfirmation> {
	assertWindow(windowSeconds);
	const result = await store.replace(KEY_PREFIX + key, pendingValueOf(deliveryId), deliveryId, windowSeconds * 1000);
	return result.claimed || result.value === deliveryId
		? { confirmed: true }
		: { confirmed: false, heldBy: result.value };
}

/** Lets go of a pending claim whose outcome is unknown (its store call failed or timed out), so the sender's retry
 * need not wait for it to expire. Never touches a key that another delivery holds. */
export async function releaseDelivery(store: HooklineStore, key: string, deliveryId: string): Promise<boolean> {
	return await store.deleteIfEquals(KEY_PREFIX + key, pendingValueOf(deliveryId));
}

/** How long a copy waits for a pending first delivery to start before it is told to retry: a started execution
 * confirms its claim within moments (in queue mode, once a worker takes it), and the copy then gets the plain
 * duplicate answer senders expect. About 2 s in all, a handful of reads. */
const SETTLE_WAIT_MS = [10, 20, 40, 80, 160, 320, 500, 500, 500];

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Waits while `key` is pending: its first delivery's id once confirmed, undefined once the claim is gone
 * (released, or expired unconfirmed) so the caller may claim it, or still pending after the wait. */
export async function settleDelivery(store: HooklineStore, key: string): Promise<DeliveryHolder | undefined> {
	for (const ms of SETTLE_WAIT_MS) {
		await sleep(ms);
		const holder = await findDelivery(store, key);
		if (holder?.outcome !== 'pending') return holder;
	}
	return { outcome: 'pending', retryAfterSeconds: PENDING_RETRY_AFTER_SECONDS };
}

/** What holds `key`, if anything: a cheap look before the rate limit, so that a duplicate (or a repeat of a
 * pending delivery) is answered without spending the sender's budget. Only claimDelivery() decides. */
export async function findDelivery(store: HooklineStore, key: string): Promise<DeliveryHolder | undefined> {
	const held = await store.get(KEY_PREFIX + key);
	return held === undefined ? undefined : readHolder(held);
}
