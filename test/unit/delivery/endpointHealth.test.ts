import { admit, endpointOf, readHealth, recordDelivery } from '../../../nodes/core/delivery/endpointHealth';
import type { DeliveryRecord } from '../../../nodes/core/delivery/types';
import { MemoryStore } from '../../../nodes/core/stores';

const URL_A = 'https://psa.example.com/webhooks/hookline?tenant=1';
const record = (status: number | null, extra: Partial<DeliveryRecord> = {}): DeliveryRecord => ({
	delivered: status !== null && status >= 200 && status < 300,
	eventId: 'e',
	url: URL_A,
	status,
	attempts: [{ n: 1, status, error: status === null ? 'connect ECONNREFUSED' : `HTTP ${status}`, durationMs: 1 }],
	responseBody: '',
	...extra,
});
const pause = { afterFailures: 3, cooldownMs: 300_000 };

describe('endpoint health', () => {
	let store: MemoryStore;
	let now: number;
	beforeEach(() => {
		now = Date.parse('2026-12-08T10:00:00Z');
		store = new MemoryStore({ now: () => now });
	});

	it('is kept per URL origin', () => {
		expect(endpointOf(URL_A)).toBe('https://psa.example.com');
		expect(endpointOf('http://127.0.0.1:8080/a')).toBe('http://127.0.0.1:8080');
	});

	it('counts deliveries, failures in a row, the last success and the last error', async () => {
		await recordDelivery(store, record(200), undefined, now);
		await recordDelivery(store, record(503), undefined, now + 1000);
		await recordDelivery(store, record(null), undefined, now + 2000);
		expect(await readHealth(store, URL_A, now + 3000)).toEqual({
			endpoint: 'https://psa.example.com',
			consecutiveFailures: 2,
			delivered: 1,
			failed: 2,
			lastSuccessAt: '2026-12-08T10:00:00.000Z',
			lastFailureAt: '2026-12-08T10:00:02.000Z',
			lastError: 'connect ECONNREFUSED',
			paused: false,
			pausedUntil: null,
		});
	});

	it('a 400 or a success ends the run of failures; cancelled and held deliveries are not counted', async () => {
		await recordDelivery(store, record(500), pause, now);
		await recordDelivery(store, record(400), pause, now);
		expect((await readHealth(store, URL_A, now)).consecutiveFailures).toBe(0);
		await recordDelivery(store, record(500), pause, now);
		await recordDelivery(store, record(500, { cancelled: true }), pause, now);
		await recordDelivery(store, { ...record(null), attempts: [] }, pause, now);
		expect(await readHealth(store, URL_A, now)).toMatchObject({ consecutiveFailures: 1, failed: 3 });
		await recordDelivery(store, record(204), pause, now);
		expect((await readHealth(store, URL_A, now)).consecutiveFailures).toBe(0);
	});

	it('pauses after N failures in a row, lets one probe through after the cool-down, and reopens on its success', async () => {
		for (let i = 0; i < 3; i++) {
			expect(await admit(store, URL_A, pause, now)).toEqual({ open: true, probe: false });
			await recordDelivery(store, record(503), pause, now);
		}
		expect(await admit(store, URL_A, pause, now + 1000)).toEqual({ open: false, pausedUntil: now + 300_000 });
		expect(await readHealth(store, URL_A, now + 1000)).toMatchObject({
			paused: true,
			pausedUntil: '2026-12-08T10:05:00.000Z',
		});
		now += 300_000;
		expect(await admit(store, URL_A, pause, now)).toEqual({ open: true, probe: true });
		expect(await admit(store, URL_A, pause, now)).toEqual({ open: false, pausedUntil: now + 300_000 });
		await recordDelivery(store, record(200), pause, now);
		expect(await admit(store, URL_A, pause, now)).toEqual({ open: true, probe: false });
		expect((await readHealth(store, URL_A, now)).paused).toBe(false);
	});

	it('a failed probe pauses the endpoint again for another cool-down', async () => {
		for (let i = 0; i < 3; i++) await recordDelivery(store, record(503), pause, now);
		now += 300_000;
		expect(await admit(store, URL_A, pause, now)).toMatchObject({ probe: true });
		await recordDelivery(store, record(503), pause, now);
		expect(await admit(store, URL_A, pause, now + 1)).toEqual({ open: false, pausedUntil: now + 300_000 });
	});

	it('without a pause policy every delivery is admitted, however many failed', async () => {
		for (let i = 0; i < 10; i++) await recordDelivery(store, record(503), undefined, now);
		expect(await admit(store, URL_A, undefined, now)).toEqual({ open: true, probe: false });
	});
});
