import { checkRateLimit } from '../../../nodes/core/stores/rateLimit';
import type { HooklineStore } from '../../../nodes/core/stores/types';
import { storeKinds, type StoreKind } from './storeFactories';

describe.each(storeKinds().map((kind) => [kind.name, kind] as [string, StoreKind]))(
	'checkRateLimit over %s',
	(_name, kind) => {
		beforeAll(() => kind.setUp());
		afterAll(() => kind.tearDown());

		it('allows perMinute requests, counting down, then refuses for the rest of the minute', async () => {
			const { store } = await kind.create();
			expect(await checkRateLimit(store, 'wf1', 3)).toEqual({ allowed: true, remaining: 2 });
			expect(await checkRateLimit(store, 'wf1', 3)).toEqual({ allowed: true, remaining: 1 });
			expect(await checkRateLimit(store, 'wf1', 3)).toEqual({ allowed: true, remaining: 0 });
			expect(await checkRateLimit(store, 'wf1', 3)).toEqual({ allowed: false, retryAfterSeconds: 60 });
			expect(await checkRateLimit(store, 'wf2', 3)).toEqual({ allowed: true, remaining: 2 });
			expect(await store.get('ratelimit:wf1')).toBe('4');
		});

		it('counts concurrent requests exactly', async () => {
			const { store } = await kind.create();
			const results = await Promise.all(Array.from({ length: 50 }, () => checkRateLimit(store, 'burst', 20)));
			expect(results.filter((result) => result.allowed)).toHaveLength(20);
			expect(results.filter((result) => !result.allowed)).toHaveLength(30);
			expect(results.flatMap((result) => (result.allowed ? [result.remaining] : [])).sort((a, b) => a - b)).toEqual(
				Array.from({ length: 20 }, (_, i) => i),
			);
		});
	},
);

const withManualClock = storeKinds().filter((kind) => kind.manualClock);

describe.each(withManualClock.map((kind) => [kind.name, kind] as [string, StoreKind]))(
	'checkRateLimit windows over %s',
	(_name, kind) => {
		beforeAll(() => kind.setUp());
		afterAll(() => kind.tearDown());

		it('rounds Retry-After up to whole seconds, at least 1, and opens a new window after the minute', async () => {
			const { store, clock } = await kind.create();
			await checkRateLimit(store, 'k', 1);
			clock?.advance(58_500);
			expect(await checkRateLimit(store, 'k', 1)).toEqual({ allowed: false, retryAfterSeconds: 2 });
			clock?.advance(1_499);
			expect(await checkRateLimit(store, 'k', 1)).toEqual({ allowed: false, retryAfterSeconds: 1 });
			clock?.advance(1);
			expect(await checkRateLimit(store, 'k', 1)).toEqual({ allowed: true, remaining: 0 });
		});
	},
);

describe('checkRateLimit', () => {
	it('is off at 0 per minute and never touches the store', async () => {
		const untouchable = new Proxy({} as HooklineStore, {
			get: () => {
				throw new Error('the store was touched');
			},
		});
		expect(await checkRateLimit(untouchable, 'k', 0)).toEqual({ allowed: true, remaining: Number.POSITIVE_INFINITY });
	});

	it('refuses a limit that is not a whole number of at least 0', async () => {
		const untouchable = {} as HooklineStore;
		await expect(checkRateLimit(untouchable, 'k', -1)).rejects.toThrow(RangeError);
		await expect(checkRateLimit(untouchable, 'k', 2.5)).rejects.toThrow(RangeError);
	});
});
