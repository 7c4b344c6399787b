import { randomUUID } from 'node:crypto';

import { startRedis, type RedisServer } from '../support/redisServer';
import type { StoredExecution } from './support/n8nInstance';
import { N8nInstance } from './support/n8nInstance';
import { until as waitUntil } from './support/until';

// The Hookline Escalation Trigger in a real n8n: an Alert Trigger raises alerts, an Escalation Trigger (L1 at once,
// L2 after a minute, critical only) starts one execution per poll that reached a level, a Webhook → Hookline Alert
// workflow acknowledges (and another reads an alert back). One n8n with the local store carries cases (a) to (c) on
// one timeline (one alert per case, raised so that the restart of (c) falls between two of its polls); two more
// n8n, each with its own database and user folder, share one Redis for (d). All run at once, so the whole file
// takes about as long as its longest case.

const SECRET = `escalation-${randomUUID()}`;
const SENDER = { id: 'HooklineEscSender', name: 'Alert sender' };
const REDIS = { id: 'HooklineEscRedis', name: 'Shared Redis' };
const NAMESPACE = 'escalation';
const WORKFLOW_ID = 'HooklineEscE2E';
const bearer = { authorization: `Bearer ${SECRET}` };

/** n8n refuses a poll time under a minute (a seconds cron with a step), but takes several minute crons with a
 * fixed second each: six of them poll every ten seconds, so "another poll" is a ten-second wait. */
const POLL_EVERY_MS = 10_000;
const POLL_TIMES = {
	item: [0, 10, 20, 30, 40, 50].map((second) => ({ mode: 'custom', cronExpression: `${second} * * * * *` })),
};
const LEVELS = {
	level: [
		{ name: 'L1', afterMinutes: 0, severities: ['critical'] },
		{ name: 'L2', afterMinutes: 1, severities: ['critical'] },
	],
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Escalations come a poll apart, so waits here are longer than the shared default. */
const until = <T>(what: string, probe: () => T | undefined | false, timeoutMs = 120_000) =>
	waitUntil(what, probe, timeoutMs);

type Store = { store: 'local' } | { store: 'redis' };

/** The one workflow of each n8n (one import and one publish: n8n's CLI is most of an instance's start-up): alert
 * intake, the escalation ladder, and webhooks that acknowledge and get an alert, each trigger on its own branch. */
function workflow(store: Store) {
	const redis = store.store === 'redis' ? { redis: REDIS } : {};
	const storeParameters = { ...store, namespace: NAMESPACE };
	let row = 0;
	const node = (name: string, type: string, x: number, parameters: Record<string, unknown>, extra = {}) => ({
		id: `${name.toLowerCase().replace(/\W+/g, '-')}`,
		name,
		type,
		typeVersion: 1,
		position: [x, x === 0 ? row++ * 160 : (row - 1) * 160],
		parameters,
		...extra,
	});
	const to = (target: string) => [{ node: target, type: 'main', index: 0 }];
	const webhook = (name: string, path: string) => ({
		...node(name, 'n8n-nodes-base.webhook', 0, { httpMethod: 'POST', path, responseMode: 'lastNode' }),
		typeVersion: 2,
		webhookId: randomUUID(),
	});
	const alertNode = (name: string, operation: string) =>
		node(
			name,
			'n8n-nodes-hookline.hooklineAlert',
			300,
			{ operation, findBy: 'alertId', alertId: '={{ $json.body.alertId }}', ...storeParameters },
			{ credentials: redis },
		);
	return {
		id: WORKFLOW_ID,
		name: 'Hookline escalation (e2e)',
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			node(
				'Alerts',
				'n8n-nodes-hookline.hooklineAlertTrigger',
				0,
				{ path: 'esc/alerts', ...storeParameters },
				{ webhookId: randomUUID(), credentials: { hooklineSecretApi: SENDER, ...redis } },
			),
			node('Raised', 'n8n-nodes-base.noOp', 300, {}),
			node(
				'Escalation',
				'n8n-nodes-hookline.hooklineEscalationTrigger',
				0,
				{ pollTimes: POLL_TIMES, levels: LEVELS, ...storeParameters },
				{ credentials: redis },
			),
			node('Escalated', 'n8n-nodes-base.noOp', 300, {}),
			webhook('Acknowledge webhook', 'esc/ack'),
			alertNode('Acknowledge', 'acknowledge'),
			webhook('Get webhook', 'esc/get'),
			alertNode('Get', 'get'),
		],
		connections: {
			Alerts: { main: [to('Raised'), to('Raised')] },
			Escalation: { main: [to('Escalated')] },
			'Acknowledge webhook': { main: [to('Acknowledge')] },
			'Get webhook': { main: [to('Get')] },
		},
	};
}

interface Fired {
	alertId: string;
	level: string;
	afterMinutes: number;
	dueAt: string;
	firedAt: string;
	executionId: string;
	/** Which n8n ran it (case (d)). */
	by: string;
}

interface AlertJson {
	alertId: string;
	status: string;
	firstSeenAt: string;
	escalations?: Array<{ level: string; afterMinutes: number; dueAt: string; firedAt: string }>;
}

/** Every level the escalation workflow of `n8n` fired: one entry per item its trigger output. Each execution must
 * have run to its end, with the same items in the NoOp. */
function firedBy(n8n: N8nInstance, by = 'n8n'): Fired[] {
	const runs = n8n
		.executions()
		.filter((e) => e.data?.resultData.runData.Escalation !== undefined && !['new', 'running'].includes(e.status));
	return runs.flatMap((execution: StoredExecution) => {
		const out = (node: string) => execution.data?.resultData.runData[node]?.[0]?.data?.main[0] ?? [];
		expect(execution.status).toBe('success');
		expect(out('Escalated')).toHaveLength(out('Escalation').length);
		return out('Escalation').map(({ json }) => {
			const item = json as unknown as AlertJson & {
				escalation: { level: string; afterMinutes: number; dueAt: string };
			};
			const record = item.escalations?.find((e) => e.level === item.escalation.level);
			return {
				alertId: item.alertId,
				...item.escalation,
				firedAt: record?.firedAt ?? '',
				executionId: execution.id,
				by,
			};
		});
	});
}

const levelsOf = (fired: Fired[], alertId: string) => fired.filter((f) => f.alertId === alertId).map((f) => f.level);
const keysOf = (fired: Fired[]) => fired.map((f) => `${f.alertId}/${f.level}`);

describe('Hookline Escalation Trigger in a real n8n', () => {
	let redis: RedisServer;
	let single: N8nInstance;
	let pollers: N8nInstance[] = [];
	const alerts: Record<'a' | 'b' | 'c' | 'low' | 'd1' | 'd2' | 'd3', AlertJson> = {} as never;
	/** Case (b): acknowledged as soon as its L1 fired; case (c): raised fifty seconds after the others. */
	let acknowledged: Promise<AlertJson>;
	let raisedC: Promise<void>;

	const post = async (n8n: N8nInstance, path: string, body: unknown, headers: Record<string, string> = {}) => {
		const response = await fetch(`${n8n.baseUrl}/webhook/${path}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', ...headers },
			body: JSON.stringify(body),
		});
		const text = await response.text();
		if (!response.ok) throw new Error(`POST ${path}: ${response.status} ${text}`);
		return JSON.parse(text) as Record<string, unknown>;
	};
	const raise = async (n8n: N8nInstance, title: string, severity = 'critical') => {
		const answer = await post(
			n8n,
			'esc/alerts',
			{ title, description: `${title} (e2e)`, severity, category: 'system', dedupeKey: title },
			bearer,
		);
		return await get(n8n, String(answer.alertId));
	};
	const get = async (n8n: N8nInstance, alertId: string) =>
		(await post(n8n, 'esc/get', { alertId })) as unknown as AlertJson;
	const dueOf = (alert: AlertJson, minutes: number) => Date.parse(alert.firstSeenAt) + minutes * 60_000;

	beforeAll(async () => {
		redis = await startRedis();
		const redisCredential = {
			...REDIS,
			type: 'redis',
			data: { host: '127.0.0.1', port: redis.port, password: '', user: '', database: 0, ssl: false },
		};
		const sender = { ...SENDER, type: 'hooklineSecretApi', data: { secret: SECRET } };
		const create = (store: Store) =>
			N8nInstance.create({
				secrets: [SECRET],
				workflows: [workflow(store)],
				credentials: store.store === 'redis' ? [sender, redisCredential] : [sender],
			});
		// One at a time: create() packs and installs the package synchronously, so nothing is won by starting
		// them together, and the timeline below begins only once all three poll.
		single = await create({ store: 'local' });
		pollers = [await create({ store: 'redis' }), await create({ store: 'redis' })];

		alerts.a = await raise(single, 'case-a-srv-01-down');
		alerts.b = await raise(single, 'case-b-srv-02-down');
		alerts.low = await raise(single, 'low-disk-warning', 'low');
		for (const key of ['d1', 'd2', 'd3'] as const) alerts[key] = await raise(pollers[0], `case-d-${key}-down`);
		acknowledged = until('L1 of (b)', () => levelsOf(firedBy(single), alerts.b.alertId).includes('L1')).then(
			async () => (await post(single, 'esc/ack', { alertId: alerts.b.alertId })) as unknown as AlertJson,
		);
		raisedC = sleep(50_000).then(async () => {
			alerts.c = await raise(single, 'case-c-srv-03-down');
		});
		// Settle both background steps now, so a failure in one is reported by its case and not as unhandled.
		acknowledged.catch(() => undefined);
		raisedC.catch(() => undefined);
	}, 600_000);

	afterAll(async () => {
		await raisedC?.catch(() => undefined);
		for (const n8n of [single, ...pollers]) await n8n?.dispose();
		await redis?.stop();
	});

	it('(a) a critical alert gets L1 at the first poll and L2 once about a minute later, and nothing after', async () => {
		const { alertId } = alerts.a;
		await until('L2 of (a)', () => levelsOf(firedBy(single), alertId).includes('L2'));
		await sleep(POLL_EVERY_MS + 2000);

		const fired = firedBy(single).filter((f) => f.alertId === alertId);
		expect(fired.map((f) => f.level)).toEqual(['L1', 'L2']);
		const [l1, l2] = fired;
		expect(l1.executionId).not.toBe(l2.executionId);
		expect(l1).toMatchObject({ afterMinutes: 0, dueAt: new Date(dueOf(alerts.a, 0)).toISOString() });
		expect(l2).toMatchObject({ afterMinutes: 1, dueAt: new Date(dueOf(alerts.a, 1)).toISOString() });
		// Fired at the first poll at or after the level was due: within one poll interval (and some slack).
		for (const [level, minutes] of [
			[l1, 0],
			[l2, 1],
		] as const) {
			const late = Date.parse(level.firedAt) - dueOf(alerts.a, minutes);
			expect(late).toBeGreaterThanOrEqual(0);
			expect(late).toBeLessThan(POLL_EVERY_MS + 5000);
		}
		// Get shows the ladder the alert has climbed, as the items did.
		const read = await get(single, alertId);
		expect(read.status).toBe('open');
		expect(read.escalations).toEqual([
			{ level: 'L1', afterMinutes: 0, dueAt: l1.dueAt, firedAt: l1.firedAt },
			{ level: 'L2', afterMinutes: 1, dueAt: l2.dueAt, firedAt: l2.firedAt },
		]);
	});

	it('(b) an alert acknowledged after L1 gets no L2; a low alert no level at all', async () => {
		const ack = await acknowledged;
		expect(ack).toMatchObject({ alertId: alerts.b.alertId, status: 'acknowledged' });
		// Past the time L2 was due, and another poll after it.
		await sleep(Math.max(0, dueOf(alerts.b, 1) + POLL_EVERY_MS + 2000 - Date.now()));

		const fired = firedBy(single);
		expect(levelsOf(fired, alerts.b.alertId)).toEqual(['L1']);
		expect(levelsOf(fired, alerts.low.alertId)).toEqual([]);
		const read = await get(single, alerts.b.alertId);
		expect(read.status).toBe('acknowledged');
		expect(read.escalations?.map((e) => e.level)).toEqual(['L1']);
	});

	it('(c) n8n restarted between two polls, across the time L2 fell due: L2 fires once after the restart, nothing repeats', async () => {
		await raisedC;
		const { alertId } = alerts.c;
		await until('L1 of (c)', () => levelsOf(firedBy(single), alertId).includes('L1'));
		const due = dueOf(alerts.c, 1);
		// The restart must fall between L1 and L2 for this case to mean anything.
		expect(levelsOf(firedBy(single), alertId)).toEqual(['L1']);
		expect(Date.now()).toBeLessThan(due - 3000);
		const before = firedBy(single);

		await single.stop();
		const stoppedAt = Date.now();
		// Down while L2 falls due: the poll that should have fired it never ran.
		await sleep(Math.max(0, due - Date.now() + 2000));
		await single.start();
		await until('L2 of (c) after the restart', () => levelsOf(firedBy(single), alertId).includes('L2'), 60_000);
		await sleep(POLL_EVERY_MS + 2000);

		const after = firedBy(single);
		expect(levelsOf(after, alertId)).toEqual(['L1', 'L2']);
		const l2 = after.find((f) => f.alertId === alertId && f.level === 'L2')!;
		expect(Date.parse(l2.firedAt)).toBeGreaterThan(stoppedAt);
		expect(Date.parse(l2.firedAt)).toBeGreaterThanOrEqual(due);
		// Everything fired before the restart is still there, and is all that the restart did not add.
		expect(after.slice(0, before.length)).toEqual(before);
		expect(keysOf(after.slice(before.length))).toEqual([`${alertId}/L2`]);
		expect(new Set(keysOf(after)).size).toBe(after.length);
		expect((await get(single, alertId)).escalations?.map((e) => e.level)).toEqual(['L1', 'L2']);
	});

	it('(d) two n8n polling the same Redis: each level of each alert fires exactly once in total', async () => {
		const ids = [alerts.d1, alerts.d2, alerts.d3].map((alert) => alert.alertId);
		const everyFired = () => pollers.flatMap((n8n, index) => firedBy(n8n, `n8n ${index + 1}`));
		await until('L2 of every (d) alert', () => ids.every((id) => levelsOf(everyFired(), id).includes('L2')));
		await sleep(POLL_EVERY_MS + 2000);

		const fired = everyFired();
		for (const id of ids) expect(levelsOf(fired, id).sort()).toEqual(['L1', 'L2']);
		expect(fired).toHaveLength(ids.length * 2);
		console.log(`(d) levels fired by: ${JSON.stringify(fired.map((f) => `${f.level}@${f.by}`))}`);
		// Both read the same ladder back from Redis.
		for (const n8n of pollers) {
			for (const id of ids) expect((await get(n8n, id)).escalations?.map((e) => e.level)).toEqual(['L1', 'L2']);
		}
	});
});
