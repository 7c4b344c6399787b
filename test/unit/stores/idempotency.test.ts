import { claimDelivery } from '../../../nodes/core/stores/idempotency';
import { storeKinds, type StoreKind } from './storeFactories';

describe.each(storeKinds().map((kind) => [kind.name, kind] as [string, StoreKind]))(
	'claimDelivery over %s',
	(_name, kind) => {
		beforeAll(() => kind.setUp());
		afterAll(() => kind.tearDown());

		it('accepts the first delivery of a key and reports later ones as duplicates of it', async () => {
			const { store } = await kind.create();
			expect(await claimDelivery(store, 'wf1:evt-1', 'delivery-a', 86_400)).toEqual({ duplicate: false });
			expect(await claimDelivery(store, 'wf1:evt-1', 'delivery-b', 86_400)).toEqual({
				duplicate: true,
				firstDeliveryId: 'delivery-a',
			});
			expect(await claimDelivery(store, 'wf1:evt-2', 'delivery-c', 86_400)).toEqual({ duplicate: false });
		});

		it('keeps its keys apart from other users of the store', async () => {
			const { store } = await kind.create();
			await store.set('evt-1', 'someone else', 60_000);
			expect(await claimDelivery(store, 'evt-1', 'delivery-a', 60)).toEqual({ duplicate: false });
			expect(await store.get('idempotency:evt-1')).toBe('delivery-a');
			expect(await store.get('evt-1')).toBe('someone else');
		});

		it('lets exactly one of 100 concurrent deliveries with one key through', async () => {
			const { store } = await kind.create();
			const results = await Promise.all(
				Array.from({ length: 100 }, (_, i) => claimDelivery(store, 'burst', `delivery-${i}`, 60)),
			);
			const accepted = results.filter((result) => !result.duplicate);
			expect(accepted).toHaveLength(1);
			const firstIds = new Set(results.flatMap((result) => (result.duplicate ? [result.firstDeliveryId] : [])));
			expect(firstIds.size).toBe(1);
			expect(await store.get('idempotency:burst')).toBe([...firstIds][0]);
		});

		it('accepts the key again once the window has passed', async () => {
			const { store, clock } = await kind.create();
			if (clock) {
				await claimDelivery(store, 'k', 'delivery-a', 60);
				clock.advance(59_999);
				expect(await claimDelivery(store, 'k', 'delivery-b', 60)).toEqual({
					duplicate: true,
					firstDeliveryId: 'delivery-a',
				});
				clock.advance(1);
			} else {
				await claimDelivery(store, 'k', 'delivery-a', 0.3);
				expect(await claimDelivery(store, 'k', 'delivery-b', 0.3)).toEqual({
					duplicate: true,
					firstDeliveryId: 'delivery-a',
				});
				await new Promise((resolve) => setTimeout(resolve, 400));
			}
			expect(await claimDelivery(store, 'k', 'delivery-c', 60)).toEqual({ duplicate: false });
		});

		it('refuses a window that is not positive', async () => {
			const { store } = await kind.create();
			await expect(claimDelivery(store, 'k', 'd', 0)).rejects.toThrow(RangeError);
			await expect(claimDelivery(store, 'k', 'd', -5)).rejects.toThrow(RangeError);
		});
	},
);
