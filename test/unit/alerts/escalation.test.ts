import { AlertService } from '../../../nodes/core/alerts/alertService';
import { dueLevels, escalateDue, levelProblems, type EscalationLevel } from '../../../nodes/core/alerts/escalation';
import type { AlertItem } from '../../../nodes/core/alerts/types';
import { storeKinds, type StoreKind } from '../stores/storeFactories';

jest.setTimeout(30_000);

const LADDER: EscalationLevel[] = [
	{ name: 'L1', afterMinutes: 0, severities: ['critical'] },
	{ name: 'L2', afterMinutes: 15, severities: ['high', 'critical'] },
	{ name: 'L3', afterMinutes: 30, severities: ['high', 'critical'] },
];
const FIRST_SEEN = Date.UTC(2026, 0, 1, 9, 0, 0);
const minutes = (n: number) => FIRST_SEEN + n * 60_000;

const alertOf = (overrides: Partial<AlertItem> = {}): AlertItem => ({
	alertId: 'a1',
	status: 'open',
	title: 'Server down',
	description: 'SRV-01',
	severity: 'critical',
	category: 'system',
	customerTenantId: null,
	customerTenantDomain: null,
	dedupeKey: 'srv-01-down',
	metadata: {},
	occurrences: 1,
	firstSeenAt: new Date(FIRST_SEEN).toISOString(),
	lastSeenAt: new Date(FIRST_SEEN).toISOString(),
	isNew: false,
	...overrides,
});
const names = (due: ReturnType<typeof dueLevels>) => due.map(({ level }) => level.name);

describe('dueLevels', () => {
	it('reaches a level exactly at firstSeenAt + afterMinutes, not a millisecond before', () => {
		expect(names(dueLevels(alertOf(), LADDER, minutes(15) - 1))).toEqual(['L1']);
		expect(names(dueLevels(alertOf(), LADDER, minutes(15)))).toEqual(['L1', 'L2']);
		expect(dueLevels(alertOf(), LADDER, minutes(15))[1].dueAt).toBe(new Date(minutes(15)).toISOString());
	});

	it('returns every level passed since the last poll, in order: a late poll skips none', () => {
		expect(names(dueLevels(alertOf(), LADDER, minutes(45)))).toEqual(['L1', 'L2', 'L3']);
	});

	it('keeps to the severities of each level', () => {
		expect(names(dueLevels(alertOf({ severity: 'high' }), LADDER, minutes(45)))).toEqual(['L2', 'L3']);
		expect(dueLevels(alertOf({ severity: 'low' }), LADDER, minutes(45))).toEqual([]);
	});

	it('stops for an acknowledged or resolved alert', () => {
		expect(dueLevels(alertOf({ status: 'acknowledged' }), LADDER, minutes(45))).toEqual([]);
		expect(dueLevels(alertOf({ status: 'resolved' }), LADDER, minutes(45))).toEqual([]);
	});

	it('leaves out the levels the alert has fired', () => {
		const fired = { level: 'L1', afterMinutes: 0, dueAt: '', firedAt: '' };
		expect(names(dueLevels(alertOf({ escalations: [fired] }), LADDER, minutes(20)))).toEqual(['L2']);
	});

	it('knows levels by name when they are edited while alerts are open', () => {
		const fired = { level: 'L2', afterMinutes: 15, dueAt: '', firedAt: '' };
		const alert = alertOf({ escalations: [fired] });
		// L2 moved from 15 to 10 minutes: fired already, it does not fire again.
		const moved = LADDER.map((level) => (level.name === 'L2' ? { ...level, afterMinutes: 10 } : level));
		expect(names(dueLevels(alert, moved, minutes(12)))).toEqual(['L1']);
		// A new name is a new level, due by its own delay.
		const renamed = [...LADDER, { name: 'Manager', afterMinutes: 20, severities: ['critical' as const] }];
		expect(names(dueLevels(alert, renamed, minutes(20)))).toEqual(['L1', 'Manager']);
	});

	it('ignores an alert whose firstSeenAt cannot be read', () => {
		expect(dueLevels(alertOf({ firstSeenAt: 'yesterday' }), LADDER, minutes(45))).toEqual([]);
	});
});

describe('levelProblems', () => {
	it('accepts the default ladder and names what is wrong otherwise', () => {
		expect(levelProblems(LADDER)).toEqual([]);
		expect(levelProblems([])).toEqual(['Add at least one level']);
		expect(
			levelProblems([
				{ name: 'L1', afterMinutes: -1, severities: ['critical'] },
				{ name: 'L1', afterMinutes: 5, severities: [] },
				{ name: ' ', afterMinutes: Number.NaN, severities: ['urgent' as never] },
			]),
		).toEqual([
			'Level "L1": After (Minutes) must be 0 or more, not -1',
			'Level "L1" is named twice: each level needs its own name',
			'Level "L1": choose at least one severity',
			'Level 3 needs a name',
			'Level 3: After (Minutes) must be 0 or more, not NaN',
			'Level 3: "urgent" is not a severity',
		]);
	});
});

describe.each(storeKinds().map((kind) => [kind.name, kind] as [string, StoreKind]))(
	'escalateDue over %s',
	(_name, kind) => {
		beforeAll(() => kind.setUp());
		afterAll(() => kind.tearDown());

		async function setUp() {
			const { store } = await kind.create();
			let now = FIRST_SEEN;
			let ids = 0;
			const service = new AlertService(store, { now: () => now, newId: () => `alert-${++ids}` });
			return { store, service, at: (n: number) => (now = minutes(n)) };
		}

		it('fires each level once per alert, with the level in the item and the history on the alert', async () => {
			const { service, at } = await setUp();
			const { alert } = await service.raise('default', { title: 'Down', description: 'x', severity: 'critical' });
			at(1);
			const first = await escalateDue(service, 'default', LADDER, { nowMs: minutes(1) });
			expect(first.map((item) => [item.alertId, item.escalation])).toEqual([
				[alert.alertId, { level: 'L1', afterMinutes: 0, dueAt: new Date(FIRST_SEEN).toISOString() }],
			]);
			expect(await escalateDue(service, 'default', LADDER, { nowMs: minutes(2) })).toEqual([]);
			const second = await escalateDue(service, 'default', LADDER, { nowMs: minutes(16) });
			expect(second.map((item) => item.escalation.level)).toEqual(['L2']);
			expect((await service.get('default', alert.alertId))?.escalations).toEqual([
				{
					level: 'L1',
					afterMinutes: 0,
					dueAt: new Date(FIRST_SEEN).toISOString(),
					firedAt: new Date(minutes(1)).toISOString(),
				},
				{
					level: 'L2',
					afterMinutes: 15,
					dueAt: new Date(minutes(15)).toISOString(),
					firedAt: new Date(minutes(16)).toISOString(),
				},
			]);
			const [listed] = await service.list('default');
			expect(listed.escalations?.map((fired) => fired.level)).toEqual(['L1', 'L2']);
		});

		it('fires nothing more once the alert is acknowledged', async () => {
			const { service } = await setUp();
			const { alert } = await service.raise('default', { title: 'Down', description: 'x', severity: 'critical' });
			expect(await escalateDue(service, 'default', LADDER, { nowMs: minutes(0) })).toHaveLength(1);
			await service.acknowledge('default', alert.alertId);
			expect(await escalateDue(service, 'default', LADDER, { nowMs: minutes(60) })).toEqual([]);
		});

		it('lets exactly one of many concurrent pollers fire a level', async () => {
			const { service } = await setUp();
			await service.raise('default', { title: 'Down', description: 'x', severity: 'critical' });
			const polls = await Promise.all(
				Array.from({ length: 10 }, () => escalateDue(service, 'default', LADDER, { nowMs: minutes(31) })),
			);
			expect(
				polls
					.flat()
					.map((item) => item.escalation.level)
					.sort(),
			).toEqual(['L1', 'L2', 'L3']);
		});

		it('keeps to the tenant and category filters', async () => {
			const { service } = await setUp();
			const tenant = '0f8fad5b-d9cb-469f-a165-70867728950e';
			await service.raise('default', { title: 'A', description: 'x', severity: 'critical', customerTenantId: tenant });
			await service.raise('default', { title: 'B', description: 'x', severity: 'critical', category: 'security' });
			const byTenant = await escalateDue(service, 'default', LADDER, {
				nowMs: minutes(0),
				filter: { customerTenantId: tenant },
			});
			expect(byTenant.map((item) => item.title)).toEqual(['A']);
			const byCategory = await escalateDue(service, 'default', LADDER, {
				nowMs: minutes(0),
				filter: { category: 'security' },
			});
			expect(byCategory.map((item) => item.title)).toEqual(['B']);
		});
	},
);
