import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { AlertService } from '../../../nodes/core/alerts/alertService';
import { alertKey, dedupeKeyKey } from '../../../nodes/core/alerts/keys';
import type { AlertInput } from '../../../nodes/core/alerts/types';
import { JournalStore } from '../../../nodes/core/stores/journalStore';
import { RedisStore } from '../../../nodes/core/stores/redisStore';
import { startRedis } from '../../support/redisServer';
import { storeKinds, type StoreKind } from '../stores/storeFactories';
import { ALERT_DEFAULTS } from '../../support/alertDefaults';

jest.setTimeout(30_000);

const CONTOSO = '0f8fad5b-d9cb-469f-a165-70867728950e';
const FABRIKAM = '7c9e6679-7425-40de-944b-e07fc1f90ae7';

const serverDown: AlertInput = {
	title: 'Server down',
	description: 'SRV-01 is not responding to ping',
	severity: 'critical',
	category: 'system',
	customerTenantId: CONTOSO,
	customerTenantDomain: 'contoso.com',
	dedupeKey: 'srv-01-down',
	metadata: { source: 'PRTG' },
};

/** A service over a fresh store of the kind. Its clock is the store's where the test may move that one; for
 * Redis (real time) it is a clock of its own, which moves only the alerts' timestamps. */
async function setUp(kind: StoreKind, retentionMs?: number) {
	const { store, clock: storeClock } = await kind.create();
	let fakeNow = Date.UTC(2025, 0, 1);
	const clock = storeClock ?? { now: () => fakeNow, advance: (ms: number) => void (fakeNow += ms) };
	let ids = 0;
	const service = new AlertService(store, { now: clock.now, newId: () => `alert-${++ids}`, retentionMs });
	return { store, clock, service };
}

describe.each(storeKinds().map((kind) => [kind.name, kind] as [string, StoreKind]))(
	'AlertService over %s',
	(_name, kind) => {
		beforeAll(() => kind.setUp());
		afterAll(() => kind.tearDown());

		it('opens a new alert with the design fields, the defaults filled in', async () => {
			const { service, clock } = await setUp(kind);
			const at = new Date(clock.now()).toISOString();
			const { alert, isNew } = await service.raise('default', { title: 'Disk full', description: 'C: at 99%' });
			expect(isNew).toBe(true);
			expect(alert).toEqual({
				alertId: 'alert-1',
				status: 'open',
				title: 'Disk full',
				description: 'C: at 99%',
				...ALERT_DEFAULTS,
				occurrences: 1,
				firstSeenAt: at,
				lastSeenAt: at,
				isNew: true,
			});
			expect(Object.keys(alert)).toEqual([
				'alertId',
				'status',
				'title',
				'description',
				'severity',
				'category',
				'customerTenantId',
				'customerTenantDomain',
				'dedupeKey',
				'metadata',
				'occurrences',
				'firstSeenAt',
				'lastSeenAt',
				'isNew',
			]);
			expect(await service.get('default', 'alert-1')).toEqual({ ...alert, isNew: false });
		});

		it('updates the open alert of a repeated dedupe key: same id, one more occurrence, the latest content', async () => {
			const { service, clock } = await setUp(kind);
			const first = await service.raise('msp', serverDown);
			clock.advance(5_000);
			const second = await service.raise('msp', {
				...serverDown,
				description: 'SRV-01 still down',
				severity: 'high',
				metadata: { source: 'PRTG', sensor: 42 },
			});
			expect(second.isNew).toBe(false);
			expect(second.alert).toEqual({
				...first.alert,
				description: 'SRV-01 still down',
				severity: 'high',
				metadata: { source: 'PRTG', sensor: 42 },
				occurrences: 2,
				lastSeenAt: new Date(clock.now()).toISOString(),
				isNew: false,
			});
			expect(second.alert.firstSeenAt).toBe(first.alert.firstSeenAt);
			expect(await service.get('msp', first.alert.alertId)).toEqual(second.alert);
		});

		it('opens a new alert for every raise without a dedupe key', async () => {
			const { service } = await setUp(kind);
			const { dedupeKey: _unused, ...input } = serverDown;
			const results = await Promise.all([1, 2, 3].map(() => service.raise('ns', input)));
			expect(results.every((result) => result.isNew)).toBe(true);
			expect(new Set(results.map((result) => result.alert.alertId)).size).toBe(3);
			expect(await service.list('ns')).toHaveLength(3);
		});

		it('turns 100 concurrent raises of one key into exactly one new alert with 100 occurrences', async () => {
			const { service } = await setUp(kind);
			const results = await Promise.all(Array.from({ length: 100 }, () => service.raise('burst', serverDown)));
			const opened = results.filter((result) => result.isNew);
			expect(opened).toHaveLength(1);
			const { alertId } = opened[0].alert;
			expect(results.every((result) => result.alert.alertId === alertId)).toBe(true);
			// Each raise saw its own occurrence number: none counted twice, none lost.
			expect(results.map((result) => result.alert.occurrences).sort((a, b) => a - b)).toEqual(
				Array.from({ length: 100 }, (_, i) => i + 1),
			);
			expect((await service.get('burst', alertId))?.occurrences).toBe(100);
			expect(await service.list('burst')).toHaveLength(1);
		});

		it('keeps an acknowledged alert acknowledged through repeats, and counts them', async () => {
			const { service } = await setUp(kind);
			const { alert } = await service.raise('ns', serverDown);
			expect((await service.acknowledge('ns', alert.alertId))?.status).toBe('acknowledged');
			const repeat = await service.raise('ns', serverDown);
			expect(repeat).toMatchObject({
				isNew: false,
				alert: { alertId: alert.alertId, status: 'acknowledged', occurrences: 2 },
			});
			expect(await service.acknowledge('ns', alert.alertId)).toMatchObject({ status: 'acknowledged', occurrences: 2 });
		});

		it('frees the dedupe key on resolve, so the next raise opens a new alert; resolved stays resolved', async () => {
			const { service } = await setUp(kind);
			const first = await service.raise('ns', serverDown);
			await service.raise('ns', serverDown);
			const resolved = await service.resolve('ns', first.alert.alertId);
			expect(resolved).toMatchObject({
				alertId: first.alert.alertId,
				status: 'resolved',
				occurrences: 2,
				isNew: false,
			});

			const next = await service.raise('ns', serverDown);
			expect(next.isNew).toBe(true);
			expect(next.alert).toMatchObject({ status: 'open', occurrences: 1 });
			expect(next.alert.alertId).not.toBe(first.alert.alertId);
			expect((await service.raise('ns', serverDown)).alert).toMatchObject({
				alertId: next.alert.alertId,
				occurrences: 2,
			});

			expect(await service.acknowledge('ns', first.alert.alertId)).toMatchObject({ status: 'resolved' });
			expect(await service.resolve('ns', first.alert.alertId)).toMatchObject({ status: 'resolved', occurrences: 2 });
			expect(await service.get('ns', first.alert.alertId)).toMatchObject({ status: 'resolved', occurrences: 2 });
		});

		it('does not free a dedupe key that another alert holds by now', async () => {
			const { service, store } = await setUp(kind);
			const { alert } = await service.raise('ns', serverDown);
			const key = dedupeKeyKey('ns', CONTOSO, 'srv-01-down');
			await store.set(key, 'newer-alert', 60_000);
			await service.resolve('ns', alert.alertId);
			expect(await store.get(key)).toBe('newer-alert');
		});

		it('acknowledges and resolves alerts without a dedupe key', async () => {
			const { service } = await setUp(kind);
			const { alert } = await service.raise('ns', { title: 't', description: 'd' });
			expect(await service.acknowledge('ns', alert.alertId)).toMatchObject({ status: 'acknowledged', occurrences: 1 });
			expect(await service.resolve('ns', alert.alertId)).toMatchObject({ status: 'resolved', occurrences: 1 });
		});

		it('keeps the alerts of two tenants with the same dedupe key apart', async () => {
			const { service } = await setUp(kind);
			const contoso = await service.raise('ns', serverDown);
			const fabrikam = await service.raise('ns', {
				...serverDown,
				customerTenantId: FABRIKAM,
				customerTenantDomain: null,
			});
			const untenanted = await service.raise('ns', {
				...serverDown,
				customerTenantId: null,
				customerTenantDomain: null,
			});
			expect([contoso.isNew, fabrikam.isNew, untenanted.isNew]).toEqual([true, true, true]);
			expect(
				(await service.raise('ns', { ...serverDown, customerTenantId: FABRIKAM.toUpperCase() })).alert.alertId,
			).toBe(fabrikam.alert.alertId);
		});

		it('shares nothing between namespaces, even one that looks like a prefix of another', async () => {
			const { service } = await setUp(kind);
			const a = await service.raise('team', serverDown);
			const b = await service.raise('team:night', serverDown);
			const c = await service.raise('team:night', serverDown);
			expect(a.isNew && b.isNew).toBe(true);
			expect(c.alert).toMatchObject({ alertId: b.alert.alertId, occurrences: 2 });
			expect((await service.list('team')).map((alert) => alert.alertId)).toEqual([a.alert.alertId]);
			expect((await service.list('team:night')).map((alert) => alert.alertId)).toEqual([b.alert.alertId]);
			expect(await service.get('team', b.alert.alertId)).toBeUndefined();
			expect(await service.resolve('team', b.alert.alertId)).toBeUndefined();
			expect((await service.get('team:night', b.alert.alertId))?.status).toBe('open');
		});

		it('treats a blank namespace as "default" and trims namespaces', async () => {
			const { service } = await setUp(kind);
			const { alert } = await service.raise('  ', serverDown);
			expect((await service.raise(' default ', serverDown)).alert.alertId).toBe(alert.alertId);
			expect(await service.list('default')).toHaveLength(1);
		});

		it('lists newest first and filters by status, severity and tenant', async () => {
			const { service, clock } = await setUp(kind);
			const opened = [];
			for (const [i, input] of [
				{ ...serverDown, dedupeKey: 'a' },
				{ ...serverDown, dedupeKey: 'b', severity: 'low' as const },
				{ ...serverDown, dedupeKey: 'c', customerTenantId: FABRIKAM, customerTenantDomain: null },
			].entries()) {
				clock.advance(1_000 * (i + 1));
				opened.push((await service.raise('ns', input)).alert.alertId);
			}
			await service.acknowledge('ns', opened[0]);
			await service.resolve('ns', opened[1]);
			const ids = async (filter?: Parameters<AlertService['list']>[1]) =>
				(await service.list('ns', filter)).map((alert) => alert.alertId);
			expect(await ids()).toEqual([opened[2], opened[1], opened[0]]);
			expect(await ids({ status: 'open' })).toEqual([opened[2]]);
			expect(await ids({ status: 'acknowledged' })).toEqual([opened[0]]);
			expect(await ids({ status: 'resolved' })).toEqual([opened[1]]);
			expect(await ids({ severity: 'low' })).toEqual([opened[1]]);
			expect(await ids({ customerTenantId: FABRIKAM.toUpperCase() })).toEqual([opened[2]]);
			expect(await ids({ severity: 'critical', customerTenantId: CONTOSO })).toEqual([opened[0]]);
			expect(await service.list('empty')).toEqual([]);
		});

		it('filters by customer domain as the schema stores it', async () => {
			const { service } = await setUp(kind);
			const { alert } = await service.raise('ns', serverDown);
			await service.raise('ns', { ...serverDown, dedupeKey: 'other', customerTenantDomain: 'fabrikam.com' });
			const ids = async (customerTenantDomain: string) =>
				(await service.list('ns', { customerTenantDomain })).map((found) => found.alertId);
			expect(await ids(' Contoso.COM. ')).toEqual([alert.alertId]);
			expect(await ids('northwind.com')).toEqual([]);
		});

		it('finds the open or acknowledged alert of a dedupe key and tenant, not a resolved one', async () => {
			const { service } = await setUp(kind);
			const { alert } = await service.raise('ns', serverDown);
			expect(await service.findOpen('ns', ' srv-01-down ', CONTOSO.toUpperCase())).toMatchObject({
				alertId: alert.alertId,
				isNew: false,
			});
			expect(await service.findOpen('ns', 'srv-01-down')).toBeUndefined();
			expect(await service.findOpen('ns', 'srv-01-down', FABRIKAM)).toBeUndefined();
			expect(await service.findOpen('other', 'srv-01-down', CONTOSO)).toBeUndefined();
			await service.acknowledge('ns', alert.alertId);
			expect(await service.findOpen('ns', 'srv-01-down', CONTOSO)).toMatchObject({ status: 'acknowledged' });
			await service.resolve('ns', alert.alertId);
			expect(await service.findOpen('ns', 'srv-01-down', CONTOSO)).toBeUndefined();
			const tenantless = await service.raise('ns', { title: 't', description: 'd', dedupeKey: 'k' });
			expect((await service.findOpen('ns', 'k'))?.alertId).toBe(tenantless.alert.alertId);
		});

		it('answers undefined for unknown and malformed alert ids', async () => {
			const { service } = await setUp(kind);
			const { alert } = await service.raise('ns', serverDown);
			for (const id of ['missing', '', `${alert.alertId}:count`, '../x', 'a'.repeat(200)]) {
				expect(await service.get('ns', id)).toBeUndefined();
				expect(await service.acknowledge('ns', id)).toBeUndefined();
				expect(await service.resolve('ns', id)).toBeUndefined();
			}
		});

		it('carries the count on when the occurrence counter was lost', async () => {
			const { service, store } = await setUp(kind);
			const { alert } = await service.raise('ns', serverDown);
			await service.raise('ns', serverDown);
			await service.raise('ns', serverDown);
			await store.delete(alertKey('ns', alert.alertId, 'count'));
			expect((await service.get('ns', alert.alertId))?.occurrences).toBe(3);
			expect((await service.raise('ns', serverDown)).alert.occurrences).toBe(4);
			expect((await service.raise('ns', serverDown)).alert.occurrences).toBe(5);
			expect((await service.get('ns', alert.alertId))?.occurrences).toBe(5);
		});

		it('opens a new alert when the dedupe key names an alert that never got written', async () => {
			const { service, store } = await setUp(kind);
			await store.claim(dedupeKeyKey('ns', CONTOSO, 'srv-01-down'), 'abandoned', 60_000);
			const { alert, isNew } = await service.raise('ns', serverDown);
			expect(isNew).toBe(true);
			expect(alert.alertId).not.toBe('abandoned');
			expect((await service.raise('ns', serverDown)).alert).toMatchObject({ alertId: alert.alertId, occurrences: 2 });
		});

		it("keeps each sender's dedupe key its own: another sender's raise opens its own alert and leaves the first alone", async () => {
			const { service } = await setUp(kind);
			const a = await service.raise('default', serverDown, { sender: 'cred-a' });
			const b = await service.raise(
				'default',
				{ ...serverDown, severity: 'low', title: 'All fine' },
				{ sender: 'cred-b' },
			);
			expect(b.isNew).toBe(true);
			expect(b.alert.alertId).not.toBe(a.alert.alertId);
			expect(await service.get('default', a.alert.alertId)).toMatchObject({
				severity: 'critical',
				title: 'Server down',
				occurrences: 1,
			});
			// The same sender repeats its own alert, however many others send the key.
			const again = await service.raise('default', serverDown, { sender: 'cred-a' });
			expect(again).toMatchObject({ isNew: false, alert: { alertId: a.alert.alertId, occurrences: 2 } });
			expect((await service.list('default')).map((alert) => alert.alertId).sort()).toEqual(
				[a.alert.alertId, b.alert.alertId].sort(),
			);
		});

		it("does not let another sender re-open a sender's resolved alert, nor a resolved one block a new raise", async () => {
			const { service, store } = await setUp(kind);
			const a = await service.raise('default', serverDown, { sender: 'cred-a' });
			await service.resolve('default', a.alert.alertId);
			// Resolving freed both keys that named it.
			expect(await store.get(dedupeKeyKey('default', CONTOSO, 'srv-01-down', 'cred-a'))).toBeUndefined();
			expect(await store.get(dedupeKeyKey('default', CONTOSO, 'srv-01-down'))).toBeUndefined();
			const b = await service.raise('default', serverDown, { sender: 'cred-b' });
			expect(b.isNew).toBe(true);
			expect(await service.get('default', a.alert.alertId)).toMatchObject({ status: 'resolved', occurrences: 1 });
			const a2 = await service.raise('default', serverDown, { sender: 'cred-a' });
			expect(a2.isNew).toBe(true);
			expect(a2.alert.alertId).not.toBe(a.alert.alertId);
		});

		it("points the namespace's key at the alert a sender raised last, so a node's raise and find follow it", async () => {
			const { service } = await setUp(kind);
			const a = await service.raise('default', serverDown, { sender: 'cred-a' });
			expect((await service.findOpen('default', 'srv-01-down', CONTOSO))?.alertId).toBe(a.alert.alertId);
			// A flow's raise (no sender) repeats the trigger's alert instead of opening another.
			const fromFlow = await service.raise('default', serverDown);
			expect(fromFlow).toMatchObject({ isNew: false, alert: { alertId: a.alert.alertId, occurrences: 2 } });

			const b = await service.raise('default', serverDown, { sender: 'cred-b' });
			expect((await service.findOpen('default', 'srv-01-down', CONTOSO))?.alertId).toBe(b.alert.alertId);
			await service.raise('default', serverDown, { sender: 'cred-a' });
			expect((await service.findOpen('default', 'srv-01-down', CONTOSO))?.alertId).toBe(a.alert.alertId);
			// The flow's repeat counted on the sender's alert, and the sender's next raise still finds it.
			expect(await service.get('default', a.alert.alertId)).toMatchObject({ occurrences: 3, status: 'open' });
		});

		it("lets a flow open a new alert when the namespace's key still names a resolved alert", async () => {
			const { service, store } = await setUp(kind);
			const a = await service.raise('default', serverDown, { sender: 'cred-a' });
			await service.resolve('default', a.alert.alertId);
			// A raise that raced the resolve puts the pointer back on the resolved alert.
			await store.set(dedupeKeyKey('default', CONTOSO, 'srv-01-down'), a.alert.alertId, 60_000);
			expect(await service.findOpen('default', 'srv-01-down', CONTOSO)).toBeUndefined();
			const fromFlow = await service.raise('default', serverDown);
			expect(fromFlow.isNew).toBe(true);
			expect(fromFlow.alert.alertId).not.toBe(a.alert.alertId);
			expect((await service.findOpen('default', 'srv-01-down', CONTOSO))?.alertId).toBe(fromFlow.alert.alertId);
		});

		it("moves a flow's open alert aside when a sender raises the key: the flow then repeats the sender's", async () => {
			const { service } = await setUp(kind);
			const fromFlow = await service.raise('default', serverDown);
			// The sender's claim is its own, so it opens an alert of its own rather than repeat the flow's.
			const a = await service.raise('default', serverDown, { sender: 'cred-a' });
			expect(a.isNew).toBe(true);
			expect((await service.raise('default', serverDown)).alert.alertId).toBe(a.alert.alertId);
			expect(await service.get('default', fromFlow.alert.alertId)).toMatchObject({ status: 'open', occurrences: 1 });
		});

		it('refuses content that could not be read back', async () => {
			const { service } = await setUp(kind);
			await expect(service.raise('ns', { title: ' ', description: 'd' })).rejects.toThrow(
				/Invalid alert: title: Must not be empty/,
			);
			await expect(service.raise('ns', { ...serverDown, severity: 'urgent' as never })).rejects.toThrow(RangeError);
			await expect(service.raise('ns', { ...serverDown, customerTenantId: 'contoso' })).rejects.toThrow(RangeError);
			expect(await service.list('ns')).toEqual([]);
		});
	},
);

const withManualClock = storeKinds().filter((kind) => kind.manualClock);

describe.each(withManualClock.map((kind) => [kind.name, kind] as [string, StoreKind]))(
	'AlertService retention over %s',
	(_name, kind) => {
		beforeAll(() => kind.setUp());
		afterAll(() => kind.tearDown());

		it('forgets an alert retentionMs after its last activity, and every key with it', async () => {
			const { service, store, clock } = await setUp(kind, 10_000);
			const { alert } = await service.raise('ns', serverDown);
			clock.advance(9_000);
			await service.raise('ns', serverDown);
			clock.advance(9_000);
			// Still there: the repeat restarted the retention.
			expect(await service.get('ns', alert.alertId)).toMatchObject({ occurrences: 2 });
			clock.advance(1_000);
			expect(await service.get('ns', alert.alertId)).toBeUndefined();
			expect(await store.scan('alert')).toEqual([]);
			expect((await service.raise('ns', serverDown)).isNew).toBe(true);
		});

		it('keeps counting exactly when an alert outlives its counter window', async () => {
			const { service, clock } = await setUp(kind, 10_000);
			const counts = [];
			for (let i = 0; i < 8; i++) {
				counts.push((await service.raise('ns', serverDown)).alert.occurrences);
				clock.advance(4_000);
			}
			expect(counts).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
			expect((await service.list('ns'))[0].occurrences).toBe(8);
		});

		it("keeps a sender's key alive while its alert is acknowledged, as it keeps the namespace's", async () => {
			const { service, clock } = await setUp(kind, 10_000);
			const { alert } = await service.raise('default', serverDown, { sender: 'cred-a' });
			clock.advance(9_000);
			await service.acknowledge('default', alert.alertId);
			clock.advance(9_000);
			const repeat = await service.raise('default', serverDown, { sender: 'cred-a' });
			expect(repeat).toMatchObject({ isNew: false, alert: { alertId: alert.alertId, status: 'acknowledged' } });
		});

		it('keeps a resolved alert for the retention after resolving, with its count', async () => {
			const { service, clock } = await setUp(kind, 10_000);
			const { alert } = await service.raise('ns', serverDown);
			await service.raise('ns', serverDown);
			clock.advance(9_000);
			await service.resolve('ns', alert.alertId);
			clock.advance(9_000);
			expect(await service.get('ns', alert.alertId)).toMatchObject({ status: 'resolved', occurrences: 2 });
		});
	},
);

describe('AlertService over the local journal', () => {
	it('remembers alerts, their status and their count across a restart', async () => {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hookline-alerts-'));
		const file = path.join(dir, 'store.jsonl');
		try {
			const before = new JournalStore(file);
			const service = new AlertService(before);
			const { alert } = await service.raise('ns', serverDown);
			await service.raise('ns', serverDown);
			await service.acknowledge('ns', alert.alertId);
			await before.close();

			const after = new JournalStore(file);
			const repeat = await new AlertService(after).raise('ns', serverDown);
			expect(repeat.alert).toMatchObject({ alertId: alert.alertId, status: 'acknowledged', occurrences: 3 });
			await after.close();
		} finally {
			fs.rmSync(dir, { recursive: true, force: true });
		}
	});
});

describe('AlertService over Redis shared by several n8n processes', () => {
	it('opens one alert and counts every raise when 100 arrive at once through 4 connections', async () => {
		const server = await startRedis();
		const stores = [1, 2, 3, 4].map(() => new RedisStore({ host: '127.0.0.1', port: server.port }, 'hookline:'));
		try {
			const services = stores.map((store) => new AlertService(store));
			const results = await Promise.all(
				Array.from({ length: 100 }, (_, i) => services[i % 4].raise('shared', serverDown)),
			);
			expect(results.filter((result) => result.isNew)).toHaveLength(1);
			expect(new Set(results.map((result) => result.alert.alertId)).size).toBe(1);
			expect(new Set(results.map((result) => result.alert.occurrences)).size).toBe(100);
			const [listed] = await services[3].list('shared');
			expect(listed).toMatchObject({ alertId: results[0].alert.alertId, occurrences: 100, status: 'open' });
			// Resolved in one process, the next raise in another opens a new alert.
			await services[0].resolve('shared', listed.alertId);
			expect((await services[1].raise('shared', serverDown)).isNew).toBe(true);
		} finally {
			await Promise.all(stores.map((store) => store.close()));
			await server.stop();
		}
	});
});
