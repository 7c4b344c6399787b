import { FallbackStore, fallbackWarning } from '../../../nodes/core/stores/fallbackStore';
import { checkRateLimit } from '../../../nodes/core/stores/rateLimit';
import { claimDelivery, confirmDelivery } from '../../../nodes/core/stores/idempotency';
import { MemoryStore } from '../../../nodes/core/stores/memoryStore';
import { StoreUnavailableError } from '../../../nodes/core/stores/storeUnavailableError';
import type { HooklineStore } from '../../../nodes/core/stores/types';

const OPERATIONS = ['claim', 'get', 'set', 'delete', 'increment', 'scan'] as const;

/** A MemoryStore that can be switched off like a Redis server: every operation then throws what RedisStore does. */
function switchableStore() {
	const store = new MemoryStore();
	const state = { up: true };
	const down = new StoreUnavailableError('Redis store at 127.0.0.1:6399 is unavailable: connect ECONNREFUSED');
	for (const name of OPERATIONS) {
		const original = store[name].bind(store) as (...args: unknown[]) => Promise<unknown>;
		(store as unknown as Record<string, unknown>)[name] = async (...args: unknown[]) => {
			if (!state.up) throw down;
			return await original(...args);
		};
	}
	return { store, state };
}

function setUp(mode: 'fail' | 'local') {
	const shared = switchableStore();
	const local = new MemoryStore();
	const opened = jest.fn(() => local);
	const onUnavailable = jest.fn();
	const forRequest = () => new FallbackStore(shared.store, { mode, fallback: opened, onUnavailable });
	return { shared, local, opened, onUnavailable, forRequest };
}

describe('FallbackStore', () => {
	it('uses the shared store while it answers, without a warning and without opening the local one', async () => {
		const { shared, opened, onUnavailable, forRequest } = setUp('local');
		const store = forRequest();
		expect(await claimDelivery(store, 'k', 'd-1', 60)).toEqual({ outcome: 'claimed' });
		expect(await shared.store.get('idempotency:k')).toBe('pending:d-1');
		expect(store.warning).toBeUndefined();
		expect(fallbackWarning(store)).toBeUndefined();
		expect(opened).not.toHaveBeenCalled();
		expect(onUnavailable).not.toHaveBeenCalled();
	});

	it('fail mode: passes the StoreUnavailableError through, never touches the local store, warns nothing', async () => {
		const { shared, opened, onUnavailable, forRequest } = setUp('fail');
		shared.state.up = false;
		const store = forRequest();
		await expect(claimDelivery(store, 'k', 'd-1', 60)).rejects.toThrow(StoreUnavailableError);
		await expect(checkRateLimit(store, 'scope', 5)).rejects.toThrow(/is unavailable/);
		expect(opened).not.toHaveBeenCalled();
		expect(store.warning).toBeUndefined();
		expect(onUnavailable).toHaveBeenCalledTimes(1);
		expect(onUnavailable).toHaveBeenCalledWith(expect.any(StoreUnavailableError), 'fail');

		// Fail mode is not sticky: the same run answers again as soon as the store is back.
		shared.state.up = true;
		expect(await claimDelivery(store, 'k', 'd-1', 60)).toEqual({ outcome: 'claimed' });
	});

	it('local mode: decides with the local store and says so, and still refuses duplicates there', async () => {
		const { shared, local, onUnavailable, forRequest } = setUp('local');
		shared.state.up = false;
		const first = forRequest();
		expect(await claimDelivery(first, 'k', 'd-1', 60)).toEqual({ outcome: 'claimed' });
		expect(await confirmDelivery(first, 'k', 'd-1', 60)).toEqual({ confirmed: true });
		expect(await local.get('idempotency:k')).toBe('d-1');
		expect(first.warning).toMatch(
			/^Redis store at 127\.0\.0\.1:6399 is unavailable: connect ECONNREFUSED\. This n8n process decided with its local store/,
		);
		expect(fallbackWarning(first)).toBe(first.warning);
		expect(onUnavailable).toHaveBeenCalledWith(expect.any(StoreUnavailableError), 'local');

		const second = forRequest();
		expect(await claimDelivery(second, 'k', 'd-2', 60)).toEqual({ outcome: 'duplicate', firstDeliveryId: 'd-1' });
		expect(second.warning).toBeDefined();
	});

	it('local mode: once it fell back, the rest of the request stays on the local store even if the shared one returns', async () => {
		const { shared, local, forRequest } = setUp('local');
		const store = forRequest();
		await store.set('before', 'shared', 60_000);
		shared.state.up = false;
		await store.set('during', 'local', 60_000);
		shared.state.up = true;
		await store.set('after', 'local', 60_000);
		expect(await shared.store.get('after')).toBeUndefined();
		expect(await local.get('after')).toBe('local');
		expect(await store.get('during')).toBe('local');

		// A new request tries the shared store first again.
		const next = forRequest();
		expect(await next.get('before')).toBe('shared');
		expect(next.warning).toBeUndefined();
	});

	it.each(OPERATIONS)('local mode: %s goes to the local store when the shared store is down', async (name) => {
		const { shared, local, forRequest } = setUp('local');
		shared.state.up = false;
		const spy = jest.spyOn(local, name);
		const store = forRequest();
		const args: Record<(typeof OPERATIONS)[number], unknown[]> = {
			claim: ['k', 'v', 1000],
			get: ['k'],
			set: ['k', 'v', 1000],
			delete: ['k'],
			increment: ['k', 1000, 3],
			scan: ['k'],
		};
		await (store[name] as (...a: unknown[]) => Promise<unknown>)(...args[name]);
		expect(spy).toHaveBeenCalledWith(...args[name]);
	});

	it('passes other errors through in both modes (a key of the wrong type is a fault, not an outage)', async () => {
		for (const mode of ['fail', 'local'] as const) {
			const primary = new MemoryStore();
			jest
				.spyOn(primary, 'get')
				.mockRejectedValue(new Error('WRONGTYPE Operation against a key holding the wrong kind of value'));
			const opened = jest.fn(() => new MemoryStore());
			const store = new FallbackStore(primary, { mode, fallback: opened });
			await expect(store.get('k')).rejects.toThrow(/WRONGTYPE/);
			expect(opened).not.toHaveBeenCalled();
			expect(store.warning).toBeUndefined();
		}
	});

	it('reports a local store that fails too, rather than hiding it', async () => {
		const { shared } = setUp('local');
		shared.state.up = false;
		const brokenLocal: HooklineStore = new MemoryStore();
		jest.spyOn(brokenLocal, 'claim').mockRejectedValue(new StoreUnavailableError('The journal is not writable'));
		const store = new FallbackStore(shared.store, { mode: 'local', fallback: () => brokenLocal });
		await expect(store.claim('k', 'v', 1000)).rejects.toThrow('The journal is not writable');
	});

	it('closes the shared store it wraps, never the local one (that lives as long as the process)', async () => {
		const { shared, local, forRequest } = setUp('local');
		const [closePrimary, closeLocal] = [jest.spyOn(shared.store, 'close'), jest.spyOn(local, 'close')];
		shared.state.up = false;
		const store = forRequest();
		await store.get('k');
		await store.close();
		expect(closePrimary).toHaveBeenCalledTimes(1);
		expect(closeLocal).not.toHaveBeenCalled();
	});

	it("reports the usage of the store that decides: the shared one's, then the local one's once it took over", async () => {
		const { shared, local, forRequest } = setUp('local');
		const sharedUsage = { kind: 'redis' } as const;
		(shared.store as unknown as { usage: () => unknown }).usage = () => sharedUsage;
		const store = forRequest();
		expect(store.usage()).toBe(sharedUsage);
		shared.state.up = false;
		await store.set('k', 'v', 60_000);
		expect(store.usage()).toEqual(local.usage());
		expect(store.usage()).toMatchObject({ kind: 'local', entries: 1 });
	});

	it('fallbackWarning is undefined for a plain store', () => {
		expect(fallbackWarning(new MemoryStore())).toBeUndefined();
	});
});
