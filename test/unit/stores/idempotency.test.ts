import {
	PENDING_CLAIM_SECONDS,
	PENDING_RETRY_AFTER_SECONDS,
	claimDelivery,
	confirmDelivery,
	findDelivery,
	releaseDelivery,
} from '../../../nodes/core/stores/idempotency';
import type { HooklineStore } from '../../../nodes/core/stores/types';
import { storeKinds, type StoreKind } from './storeFactories';

const pending = { outcome: 'pending', retryAfterSeconds: PENDING_RETRY_AFTER_SECONDS };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(storeKinds().map((kind) => [kind.name, kind] as [string, StoreKind]))(
	'two-phase delivery claims over %s',
	(_name, kind) => {
		beforeAll(() => kind.setUp());
		afterAll(() => kind.tearDown());

		/** Claims and confirms, as an accepted delivery whose execution started. */
		async function deliver(store: HooklineStore, key: string, deliveryId: string, windowSeconds = 86_400) {
			expect(await claimDelivery(store, key, deliveryId, windowSeconds)).toEqual({ outcome: 'claimed' });
			expect(await confirmDelivery(store, key, deliveryId, windowSeconds)).toEqual({ confirmed: true });
		}

		it('answers a repeat "pending" while the first is being started and "duplicate" once it has started', async () => {
			const { store } = await kind.create();
			expect(await claimDelivery(store, 'wf1:evt-1', 'delivery-a', 86_400)).toEqual({ outcome: 'claimed' });
			expect(await claimDelivery(store, 'wf1:evt-1', 'delivery-b', 86_400)).toEqual(pending);
			expect(await findDelivery(store, 'wf1:evt-1')).toEqual(pending);
			expect(await confirmDelivery(store, 'wf1:evt-1', 'delivery-a', 86_400)).toEqual({ confirmed: true });
			const duplicate = { outcome: 'duplicate', firstDeliveryId: 'delivery-a' };
			expect(await claimDelivery(store, 'wf1:evt-1', 'delivery-c', 86_400)).toEqual(duplicate);
			expect(await findDelivery(store, 'wf1:evt-1')).toEqual(duplicate);
			expect(await claimDelivery(store, 'wf1:evt-2', 'delivery-d', 86_400)).toEqual({ outcome: 'claimed' });
		});

		it('lets the sender retry once a claim that never started has expired', async () => {
			const { store, clock } = await kind.create();
			const window = 86_400;
			if (clock) {
				await claimDelivery(store, 'lost', 'delivery-a', window);
				clock.advance(PENDING_CLAIM_SECONDS * 1000 - 1);
				expect(await claimDelivery(store, 'lost', 'delivery-b', window)).toEqual(pending);
				clock.advance(1);
			} else {
				// Real time: a window shorter than the pending time bounds the pending claim too.
				await claimDelivery(store, 'lost', 'delivery-a', 0.3);
				expect(await claimDelivery(store, 'lost', 'delivery-b', 0.3)).toEqual(pending);
				await sleep(400);
			}
			expect(await claimDelivery(store, 'lost', 'delivery-b', window)).toEqual({ outcome: 'claimed' });
			// The late starter of the expired claim is refused: only the retry runs.
			expect(await confirmDelivery(store, 'lost', 'delivery-a', window)).toEqual({
				confirmed: false,
				heldBy: 'pending:delivery-b',
			});
			expect(await confirmDelivery(store, 'lost', 'delivery-b', window)).toEqual({ confirmed: true });
		});

		it('confirms a claim that expired while nobody else took the key, for the whole window', async () => {
			const { store, clock } = await kind.create();
			if (!clock) return;
			await claimDelivery(store, 'slow', 'delivery-a', 3600);
			clock.advance(PENDING_CLAIM_SECONDS * 1000 + 5000);
			expect(await confirmDelivery(store, 'slow', 'delivery-a', 3600)).toEqual({ confirmed: true });
			clock.advance(3600 * 1000 - 1);
			expect(await findDelivery(store, 'slow')).toEqual({ outcome: 'duplicate', firstDeliveryId: 'delivery-a' });
			clock.advance(1);
			expect(await findDelivery(store, 'slow')).toBeUndefined();
		});

		it('confirms again without harm (a re-run of the same execution)', async () => {
			const { store } = await kind.create();
			await deliver(store, 'again', 'delivery-a');
			expect(await confirmDelivery(store, 'again', 'delivery-a', 86_400)).toEqual({ confirmed: true });
			expect(await confirmDelivery(store, 'again', 'delivery-b', 86_400)).toEqual({
				confirmed: false,
				heldBy: 'delivery-a',
			});
		});

		it('releases only its own pending claim', async () => {
			const { store } = await kind.create();
			await claimDelivery(store, 'released', 'delivery-a', 60);
			expect(await releaseDelivery(store, 'released', 'delivery-b')).toBe(false);
			expect(await releaseDelivery(store, 'released', 'delivery-a')).toBe(true);
			expect(await claimDelivery(store, 'released', 'delivery-b', 60)).toEqual({ outcome: 'claimed' });
			await confirmDelivery(store, 'released', 'delivery-b', 60);
			expect(await releaseDelivery(store, 'released', 'delivery-b')).toBe(false);
			expect(await findDelivery(store, 'released')).toEqual({ outcome: 'duplicate', firstDeliveryId: 'delivery-b' });
		});

		it('keeps its keys apart from other users of the store', async () => {
			const { store } = await kind.create();
			await store.set('evt-1', 'someone else', 60_000);
			await deliver(store, 'evt-1', 'delivery-a', 60);
			expect(await store.get('idempotency:evt-1')).toBe('delivery-a');
			expect(await store.get('evt-1')).toBe('someone else');
		});

		it('lets exactly one of 100 concurrent deliveries with one key through, and exactly one confirm', async () => {
			const { store } = await kind.create();
			const ids = Array.from({ length: 100 }, (_, i) => `delivery-${i}`);
			const claims = await Promise.all(ids.map((id) => claimDelivery(store, 'burst', id, 60)));
			expect(claims.filter((claim) => claim.outcome === 'claimed')).toHaveLength(1);
			expect(claims.filter((claim) => claim.outcome === 'pending')).toHaveLength(99);
			const confirmations = await Promise.all(ids.map((id) => confirmDelivery(store, 'burst', id, 60)));
			const winner = ids[claims.findIndex((claim) => claim.outcome === 'claimed')];
			expect(confirmations.filter((c) => c.confirmed)).toHaveLength(1);
			expect(confirmations[ids.indexOf(winner)]).toEqual({ confirmed: true });
			expect(await store.get('idempotency:burst')).toBe(winner);
		});

		it('refuses a window that is not positive', async () => {
			const { store } = await kind.create();
			await expect(claimDelivery(store, 'k', 'd', 0)).rejects.toThrow(RangeError);
			await expect(confirmDelivery(store, 'k', 'd', -5)).rejects.toThrow(RangeError);
		});
	},
);

describe('a claim whose store call failed', () => {
	it('asks for its release right behind it, and the caller sees the failure', async () => {
		const calls: string[] = [];
		const store = {
			claim: async () => {
				calls.push('claim');
				throw new Error('timed out');
			},
			deleteIfEquals: async (key: string, expected: string) => {
				calls.push(`release ${key} ${expected}`);
				return false;
			},
		} as unknown as HooklineStore;
		await expect(claimDelivery(store, 'k', 'delivery-a', 60)).rejects.toThrow('timed out');
		expect(calls).toEqual(['claim', 'release idempotency:k pending:delivery-a']);
	});
});
