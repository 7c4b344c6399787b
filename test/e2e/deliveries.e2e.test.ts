import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';

import { SignatureReceiver, verifiers, type ReceivedRequest } from '../support/signatureReceiver';
import type { StoredExecution } from './support/n8nInstance';
import { N8nInstance } from './support/n8nInstance';
import { until } from './support/until';

/** Deliveries that outlive a restart, in a real n8n: retry schedules whose waits are durable (compressed to
 * seconds: Wait Durably From is 1 s here, 60 s by default), the execution waiting in n8n between attempts and
 * continuing in the same execution; n8n stopped during a wait; a stopped execution; and the PSA Event node
 * relaying a stream of mixed events. */

const TOKEN = `deliveries-${randomBytes(16).toString('hex')}`;
const WHSEC = `whsec_${randomBytes(24).toString('base64')}`;
const PSA_SECRET = `psa-${randomBytes(16).toString('hex')}`;
const token = { hooklineSecretApi: { id: 'HooklineDelivToken', name: 'Inbound token' } };

function trigger(name: string, path: string, y: number) {
	return {
		id: `trigger-${path.replace(/\W/g, '-')}`,
		name,
		type: 'n8n-nodes-hookline.hooklineTrigger',
		typeVersion: 1,
		position: [0, y],
		webhookId: `5a1c2d3e-0000-4000-8000-${String(y).padStart(12, '0')}`,
		parameters: { path, verification: 'bearer' },
		credentials: token,
	};
}

function send(name: string, y: number, retrySchedule: string, extra: Record<string, unknown> = {}) {
	return {
		id: `send-${name.replace(/\W/g, '-')}`,
		name,
		type: 'n8n-nodes-hookline.hooklineSend',
		typeVersion: 1,
		position: [300, y],
		parameters: {
			url: '={{ $json.body.url }}',
			scheme: 'standardWebhooks',
			eventName: 'ticket.updated',
			payload: '={{ JSON.stringify({ ticket: $json.body.ticket }) }}',
			allowPrivateNetwork: true,
			timeoutSeconds: 2,
			retrySchedule,
			options: { durableFromSeconds: 1 },
			...extra,
		},
		credentials: { hooklineSecretApi: { id: 'HooklineDelivWhsec', name: 'Standard Webhooks secret' } },
	};
}

const noOp = (name: string, x: number, y: number) => ({
	id: `noop-${name.replace(/\W/g, '-')}`,
	name,
	type: 'n8n-nodes-base.noOp',
	typeVersion: 1,
	position: [x, y],
	parameters: {},
});

const WORKFLOW = {
	id: 'HooklineDeliveries1',
	name: 'Hookline durable deliveries (e2e)',
	active: false,
	settings: { executionOrder: 'v1' },
	nodes: [
		trigger('Deliver', 'deliveries/send', 0),
		send('Send', 0, '2s, 3s, 2s'),
		noOp('On delivered', 600, -100),
		noOp('On failed', 600, 100),
		trigger('Deliver later', 'deliveries/long', 300),
		send('Send later', 300, '1h'),
		trigger('Ping', 'deliveries/ping', 600),
		trigger('Guarded', 'deliveries/guarded', 1200),
		send('Send guarded', 1200, '', {
			maxAttempts: 1,
			options: { pauseAfterFailures: 2, pauseCooldown: '3s', whenPaused: 'fail' },
		}),
		trigger('Held', 'deliveries/held', 1500),
		send('Send held', 1500, '', {
			maxAttempts: 1,
			options: { pauseAfterFailures: 1, pauseCooldown: '3s', whenPaused: 'wait', durableFromSeconds: 1 },
		}),
		trigger('Health', 'deliveries/health', 1800),
		{
			id: 'read-health',
			name: 'Read health',
			type: 'n8n-nodes-hookline.hooklineSend',
			typeVersion: 1,
			position: [300, 1800],
			parameters: { operation: 'getEndpointHealth', url: '={{ $json.body.url }}' },
		},
		trigger('Mixed', 'deliveries/psa', 900),
		{
			id: 'split-events',
			name: 'One item per event',
			type: 'n8n-nodes-base.splitOut',
			typeVersion: 1,
			position: [300, 900],
			parameters: { fieldToSplitOut: 'body.events', options: {} },
		},
		{
			id: 'psa-relay',
			name: 'Relay PSA events',
			type: 'n8n-nodes-hookline.hooklinePsaEvent',
			typeVersion: 1,
			position: [600, 900],
			parameters: {
				url: '={{ $("Mixed").first().json.body.url }}',
				allowPrivateNetwork: true,
				eventFrom: 'field',
				eventType: '={{ $json.eventType }}',
				ticketId: '={{ $json.ticketId }}',
				entityId: '={{ $json.entityId || "" }}',
				details: '={{ $json.text || "" }}',
				description: '={{ $json.text || "" }}',
			},
			credentials: { hooklineSecretApi: { id: 'HooklineDelivPsa', name: 'PSA secret' } },
		},
	],
	connections: {
		Deliver: { main: [[{ node: 'Send', type: 'main', index: 0 }]] },
		Send: {
			main: [[{ node: 'On delivered', type: 'main', index: 0 }], [{ node: 'On failed', type: 'main', index: 0 }]],
		},
		'Deliver later': { main: [[{ node: 'Send later', type: 'main', index: 0 }]] },
		Guarded: { main: [[{ node: 'Send guarded', type: 'main', index: 0 }]] },
		Held: { main: [[{ node: 'Send held', type: 'main', index: 0 }]] },
		Health: { main: [[{ node: 'Read health', type: 'main', index: 0 }]] },
		Mixed: { main: [[{ node: 'One item per event', type: 'main', index: 0 }]] },
		'One item per event': { main: [[{ node: 'Relay PSA events', type: 'main', index: 0 }]] },
	},
};

type Delivery = {
	delivered: boolean;
	status: number | null;
	eventId: string;
	attempts: Array<{ n: number; status: number | null; error: string | null }>;
};

describe('durable deliveries in a real n8n', () => {
	let n8n: N8nInstance;
	let receiver: SignatureReceiver;
	let psa: SignatureReceiver;
	const seen = new Set<string>();

	const post = (path: string, body: unknown) =>
		fetch(`${n8n.baseUrl}/webhook/${path}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
			body: JSON.stringify(body),
		});
	const outbox = () => path.join(n8n.userFolder, '.n8n', 'hookline', 'outbox');
	const parcels = () => (existsSync(outbox()) ? readdirSync(outbox()).filter((f) => f.endsWith('.json')) : []);
	const byId = (id: string) => n8n.executions().find((e) => e.id === id);
	/** What the node's last run put on each output (the run after the resume, for a waiting one). */
	const outputsOf = (execution: StoredExecution, node: string): Delivery[][] =>
		(execution.data?.resultData.runData[node]?.at(-1)?.data?.main ?? []).map((items) =>
			(items ?? []).map((item) => item.json as unknown as Delivery),
		);
	const ofTicket = (ticket: string) =>
		receiver.requests.filter(
			(r) => (JSON.parse(r.body.toString('utf8')) as { data: { ticket: string } }).data.ticket === ticket,
		);

	/** Posts one delivery and returns its execution once n8n has it waiting for a later attempt. */
	async function startWaiting(path: string, ticket: string, url = receiver.url(`/t/${ticket}`)): Promise<string> {
		expect((await post(path, { ticket, url })).status).toBe(202);
		const execution = await until(`the execution of ${ticket} to wait`, () =>
			n8n.executions().find((e) => !seen.has(e.id) && e.status === 'waiting'),
		);
		seen.add(execution.id);
		return execution.id;
	}

	beforeAll(async () => {
		receiver = await SignatureReceiver.start(verifiers.standardWebhooks(WHSEC));
		psa = await SignatureReceiver.start(verifiers.mspManager(PSA_SECRET));
		n8n = await N8nInstance.create({
			secrets: [TOKEN, WHSEC, PSA_SECRET],
			workflows: [WORKFLOW],
			credentials: [
				{ id: 'HooklineDelivToken', name: 'Inbound token', type: 'hooklineSecretApi', data: { secret: TOKEN } },
				{
					id: 'HooklineDelivWhsec',
					name: 'Standard Webhooks secret',
					type: 'hooklineSecretApi',
					data: { secret: WHSEC },
				},
				{ id: 'HooklineDelivPsa', name: 'PSA secret', type: 'hooklineSecretApi', data: { secret: PSA_SECRET } },
			],
		});
	}, 600_000);

	afterAll(async () => {
		await n8n?.dispose();
		await receiver?.close();
		await psa?.close();
	});

	it('2s, 3s, 2s: two 500s, then delivered on attempt 3 in the same execution, waiting in n8n between attempts', async () => {
		receiver.reset((request: ReceivedRequest) =>
			request.headers['x-webhook-attempt'] === '3' ? { status: 200 } : { status: 500 },
		);
		const id = await startWaiting('deliveries/send', 'T-1');
		const finished = await until('the execution to finish', () => byId(id)?.status === 'success' && byId(id));
		const [delivered, failed] = outputsOf(finished, 'Send');
		expect(failed ?? []).toHaveLength(0);
		expect(delivered[0]).toMatchObject({ delivered: true, status: 200 });
		expect(delivered[0].attempts.map((a) => a.status)).toEqual([500, 500, 200]);
		expect(finished.data!.resultData.runData['On delivered']).toBeDefined();
		expect(finished.data!.resultData.runData['On failed']).toBeUndefined();

		const requests = ofTicket('T-1');
		expect(requests.map((r) => r.headers['x-webhook-attempt'])).toEqual(['1', '2', '3']);
		expect(new Set(requests.map((r) => r.headers['webhook-id']))).toEqual(new Set([delivered[0].eventId]));
		// Each attempt signed at its own time, accepted by the Standard Webhooks library.
		expect(requests.every((r) => r.verified)).toBe(true);
		expect(new Set(requests.map((r) => r.headers['webhook-timestamp'])).size).toBe(3);
		const gaps = [requests[1].receivedAt - requests[0].receivedAt, requests[2].receivedAt - requests[1].receivedAt];
		expect(gaps[0]).toBeGreaterThanOrEqual(2000);
		expect(gaps[0]).toBeLessThan(5000);
		expect(gaps[1]).toBeGreaterThanOrEqual(3000);
		expect(gaps[1]).toBeLessThan(6000);
		expect(parcels()).toHaveLength(0);
		console.log(`durable schedule 2s, 3s, 2s: gaps ${gaps.join(' ms, ')} ms, one execution (${id})`);
	});

	it('every attempt failing: Failed with every attempt, as many requests as attempts logged', async () => {
		receiver.reset(() => ({ status: 503 }));
		const id = await startWaiting('deliveries/send', 'T-2');
		const finished = await until('the execution to finish', () => byId(id)?.status === 'success' && byId(id), 90_000);
		const [delivered, failed] = outputsOf(finished, 'Send');
		expect(delivered ?? []).toHaveLength(0);
		expect(failed[0]).toMatchObject({ delivered: false, status: 503 });
		expect(failed[0].attempts.map((a) => a.n)).toEqual([1, 2, 3, 4]);
		expect(ofTicket('T-2')).toHaveLength(failed[0].attempts.length);
		expect(finished.data!.resultData.runData['On failed']).toBeDefined();
	});

	it('a 400 is final: one attempt, Failed at once, nothing waits', async () => {
		receiver.reset(() => ({ status: 400, body: 'bad' }));
		expect((await post('deliveries/send', { ticket: 'T-3', url: receiver.url('/t/T-3') })).status).toBe(202);
		const finished = await until('the execution', () =>
			n8n.executions().find((e) => !seen.has(e.id) && e.status === 'success'),
		);
		seen.add(finished.id);
		expect(outputsOf(finished, 'Send')[1][0].attempts.map((a) => a.status)).toEqual([400]);
		expect(ofTicket('T-3')).toHaveLength(1);
	});

	it('n8n stopped while a delivery waits and started after it is due: the attempt happens once, after the restart', async () => {
		receiver.reset((request) => (request.headers['x-webhook-attempt'] === '1' ? { status: 500 } : { status: 200 }));
		const id = await startWaiting('deliveries/send', 'T-4');
		await n8n.stop();
		await new Promise((resolve) => setTimeout(resolve, 3000));
		expect(ofTicket('T-4')).toHaveLength(1);
		const restartedAt = Date.now();
		await n8n.start();
		const finished = await until('the execution to finish', () => byId(id)?.status === 'success' && byId(id));
		expect(outputsOf(finished, 'Send')[0][0].attempts.map((a) => a.status)).toEqual([500, 200]);
		await new Promise((resolve) => setTimeout(resolve, 3000));
		const requests = ofTicket('T-4');
		expect(requests).toHaveLength(2);
		expect(requests[1].receivedAt).toBeGreaterThan(restartedAt);
		console.log(`restart: attempt 2 came ${requests[1].receivedAt - restartedAt} ms after n8n was started again`);
	});

	it('stopping a waiting execution (POST /rest/executions/:id/stop): no further attempt, its outbox parcel goes', async () => {
		receiver.reset(() => ({ status: 500 }));
		const id = await startWaiting('deliveries/send', 'T-5');
		const rest = await n8n.restSession();
		const answer = (await rest(`executions/${id}/stop`, { method: 'POST' })) as { status: string };
		expect(answer.status).toBe('canceled');
		await new Promise((resolve) => setTimeout(resolve, 6000));
		expect(ofTicket('T-5')).toHaveLength(1);
		expect(byId(id)?.status).toBe('canceled');
		expect(parcels()).not.toContain(`${id}.json`);
	});

	it('20 deliveries waiting an hour hold no worker: a webhook still answers at once', async () => {
		receiver.reset(() => ({ status: 503 }));
		const ids: string[] = [];
		for (let i = 0; i < 20; i++) ids.push(await startWaiting('deliveries/long', `L-${i}`));
		expect(parcels()).toEqual(expect.arrayContaining(ids.map((id) => `${id}.json`)));
		const timings: number[] = [];
		for (let i = 0; i < 5; i++) {
			const started = Date.now();
			expect((await post('deliveries/ping', { ping: i })).status).toBe(202);
			timings.push(Date.now() - started);
		}
		expect(Math.max(...timings)).toBeLessThan(2000);
		expect(ids.every((id) => byId(id)?.status === 'waiting')).toBe(true);
		console.log(`20 deliveries waiting: webhook answers in ${timings.join(', ')} ms`);
	});

	it('pausing after 2 failures: the third delivery fails fast with endpoint_paused, a probe after the cool-down reopens', async () => {
		const guarded = await SignatureReceiver.start(verifiers.standardWebhooks(WHSEC));
		try {
			const deliver = async (ticket: string) => {
				expect((await post('deliveries/guarded', { ticket, url: guarded.url('/g') })).status).toBe(202);
				const run = await until(`the delivery of ${ticket}`, () =>
					n8n
						.executions()
						.find((e) => !seen.has(e.id) && e.status === 'success' && e.data?.resultData.runData['Send guarded']),
				);
				seen.add(run.id);
				return outputsOf(run, 'Send guarded');
			};
			const readHealth = async () => {
				expect((await post('deliveries/health', { url: guarded.url('/anything') })).status).toBe(202);
				const run = await until('the health', () =>
					n8n
						.executions()
						.find((e) => !seen.has(e.id) && e.status === 'success' && e.data?.resultData.runData['Read health']),
				);
				seen.add(run.id);
				return outputsOf(run, 'Read health')[0][0] as unknown as Record<string, unknown>;
			};
			guarded.reset(() => ({ status: 503 }));
			expect((await deliver('P-1'))[1][0]).toMatchObject({ status: 503 });
			expect((await deliver('P-2'))[1][0]).toMatchObject({ status: 503 });
			expect((await deliver('P-3'))[1][0]).toMatchObject({ delivered: false, error: 'endpoint_paused', attempts: [] });
			expect(guarded.requests).toHaveLength(2);
			expect(await readHealth()).toMatchObject({
				consecutiveFailures: 2,
				failed: 2,
				paused: true,
				lastError: 'HTTP 503',
			});

			await new Promise((resolve) => setTimeout(resolve, 3200));
			guarded.reset(() => ({ status: 200 }));
			expect((await deliver('P-4'))[0][0]).toMatchObject({ delivered: true });
			expect(await readHealth()).toMatchObject({ consecutiveFailures: 0, delivered: 1, paused: false });
		} finally {
			await guarded.close();
		}
	});

	it('When Paused: Wait holds a new delivery durably until the cool-down ends, then sends it', async () => {
		const held = await SignatureReceiver.start(verifiers.standardWebhooks(WHSEC));
		try {
			held.reset(() => ({ status: 503 }));
			expect((await post('deliveries/held', { ticket: 'H-1', url: held.url('/h') })).status).toBe(202);
			await until('the failed first delivery', () =>
				n8n
					.executions()
					.find((e) => !seen.has(e.id) && e.status === 'success' && e.data?.resultData.runData['Send held']),
			).then((run) => seen.add(run.id));
			held.reset(() => ({ status: 200 }));
			const pausedAt = Date.now();
			const id = await startWaiting('deliveries/held', 'H-2', held.url('/h'));
			expect(held.requests).toHaveLength(0);
			const finished = await until('the held delivery', () => byId(id)?.status === 'success' && byId(id), 30_000);
			expect(outputsOf(finished, 'Send held')[0][0]).toMatchObject({ delivered: true, status: 200 });
			expect(held.requests).toHaveLength(1);
			expect(held.requests[0].receivedAt - pausedAt).toBeGreaterThanOrEqual(2500);
		} finally {
			await held.close();
		}
	});

	it('PSA Event with Event From: Field relays a stream of mixed events, each with its own event type', async () => {
		psa.reset();
		const events = [
			{ eventType: 'ticket.created', ticketId: 'TK-9', text: 'Printer on fire' },
			{ eventType: 'ticket.note.added', ticketId: 'TK-9', entityId: 'N-1', text: 'Extinguisher used' },
			{ eventType: 'ticket.response.added', ticketId: 'TK-9', entityId: 'R-1', text: 'We are on it' },
			{ eventType: 'ticket.attachment.deleted', ticketId: 'TK-9', entityId: 'A-1' },
		];
		expect((await post('deliveries/psa', { url: psa.url('/psa'), events })).status).toBe(202);
		await until('four PSA events', () => psa.requests.length >= 4);
		const received = psa.requests.map((r) => JSON.parse(r.body.toString('utf8')) as Record<string, string>);
		expect(received.map((e) => [e.eventType, e.TicketId, e.entityId])).toEqual([
			['ticket.created', 'TK-9', 'TK-9'],
			['ticket.note.added', 'TK-9', 'N-1'],
			['ticket.response.added', 'TK-9', 'R-1'],
			['ticket.attachment.deleted', 'TK-9', 'A-1'],
		]);
		expect(psa.requests.every((r) => r.verified)).toBe(true);
	});
});
