import { createHmac, randomBytes } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import type { StoredExecution } from './support/n8nInstance';
import { N8nInstance } from './support/n8nInstance';
import { recordCounts } from '../support/runCounts';

/** Faults a real n8n meets: receivers that misbehave, n8n stopped in the middle of a batch, floods and
 * oversized bodies. Each must end as the design says, with nothing lost and nothing leaked. */

const SECRET = `faults-${randomBytes(16).toString('hex')}`;
const TOKEN = `inbound-${randomBytes(16).toString('hex')}`;
const CREDENTIALS = [
	{ id: 'HooklineFaultSign', name: 'Signing secret', type: 'hooklineSecretApi', data: { secret: SECRET } },
	{ id: 'HooklineFaultToken', name: 'Inbound token', type: 'hooklineSecretApi', data: { secret: TOKEN } },
];
const token = { hooklineSecretApi: { id: 'HooklineFaultToken', name: 'Inbound token' } };
const signing = { hooklineSecretApi: { id: 'HooklineFaultSign', name: 'Signing secret' } };

function trigger(name: string, path: string, parameters: Record<string, unknown> = {}, y = 0) {
	return {
		id: `trigger-${path}`,
		name,
		type: 'n8n-nodes-hookline.hooklineTrigger',
		typeVersion: 1,
		position: [0, y],
		webhookId: `4f1c2d3e-0000-4000-8000-${String(y).padStart(12, '0')}`,
		parameters: { path, verification: 'bearer', ...parameters },
		credentials: token,
	};
}

function send(name: string, allowPrivateNetwork: boolean, y: number, overrides: Record<string, unknown> = {}) {
	return {
		id: `send-${name}`,
		name,
		type: 'n8n-nodes-hookline.hooklineSend',
		typeVersion: 1,
		position: [300, y],
		parameters: {
			url: '={{ $json.body.url }}',
			eventName: 'fault.test',
			payload: '={{ JSON.stringify({ case: $json.body.case }) }}',
			allowPrivateNetwork,
			timeoutSeconds: 1,
			maxAttempts: 3,
			options: { retryDelayMs: 20 },
			...overrides,
		},
		credentials: signing,
	};
}

const WORKFLOW = {
	id: 'HooklineFaultsE2E01',
	name: 'Hookline faults (e2e)',
	active: false,
	settings: { executionOrder: 'v1' },
	nodes: [
		trigger('Faults', 'faults/send', {}, 0),
		send('Send', true, 0),
		trigger('Guarded', 'faults/ssrf', {}, 200),
		send('Send guarded', false, 200),
		trigger('Batch', 'faults/batch', { idempotency: 'header', idempotencyHeader: 'Idempotency-Key' }, 400),
		trigger('Flood', 'faults/flood', { rateLimitPerMinute: 10 }, 600),
		trigger('Stopped', 'faults/stop', {}, 800),
		// Long waits between attempts: the next one would come 2.5 to 5 s after a 503.
		send('Send stopped', true, 800, { maxAttempts: 5, options: { retryDelayMs: 5000 } }),
	],
	connections: {
		Faults: { main: [[{ node: 'Send', type: 'main', index: 0 }]] },
		Guarded: { main: [[{ node: 'Send guarded', type: 'main', index: 0 }]] },
		Stopped: { main: [[{ node: 'Send stopped', type: 'main', index: 0 }]] },
	},
};

type Delivery = {
	delivered: boolean;
	status: number | null;
	responseBody: string;
	attempts: Array<{ n: number; status: number | null; error: string | null }>;
};

/** One receiver, one misbehaviour per path. */
function startReceiver() {
	const hits: string[] = [];
	const server = http.createServer((req, res) => {
		hits.push(req.url ?? '');
		req.resume();
		req.on('end', () => {
			switch (req.url) {
				case '/hang':
					return;
				case '/reset':
					req.socket.destroy();
					return;
				case '/slow':
					setTimeout(() => res.end('slow but fine'), 400);
					return;
				case '/huge':
					res.writeHead(200, { 'content-type': 'text/plain' });
					for (let i = 0; i < 20; i++) res.write('x'.repeat(1024 * 1024));
					res.end();
					return;
				case '/malformed':
					req.socket.end('NOT HTTP AT ALL\r\n\r\n');
					return;
				case '/redirect':
					res
						.writeHead(302, { location: `http://127.0.0.1:${(server.address() as AddressInfo).port}/redirected` })
						.end();
					return;
				case '/gone':
					res.writeHead(410).end('gone');
					return;
				case '/unavailable':
					res.writeHead(503).end('unavailable');
					return;
				default:
					res.end('ok');
			}
		});
	});
	return new Promise<{ url: (path: string) => string; hits: string[]; close: () => Promise<void> }>((resolve) =>
		server.listen(0, '127.0.0.1', () =>
			resolve({
				url: (path) => `http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`,
				hits,
				close: () => {
					server.closeAllConnections();
					return new Promise((done) => server.close(() => done()));
				},
			}),
		),
	);
}

type NodeEvent = { eventName: string; ts: string; payload?: { nodeName?: string; executionId?: string } };

describe('faults in a real n8n', () => {
	let n8n: N8nInstance;
	let receiver: Awaited<ReturnType<typeof startReceiver>>;
	const seen = new Set<string>();

	const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
		fetch(`${n8n.baseUrl}/webhook/${path}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}`, ...headers },
			body: typeof body === 'string' ? body : JSON.stringify(body),
		});

	/** What n8n's event bus wrote to its event log (one JSON message a line). */
	const nodeEvents = (): NodeEvent[] => {
		const folder = path.join(n8n.userFolder, '.n8n');
		return readdirSync(folder)
			.filter((name) => /^n8nEventLog.*\.log$/.test(name))
			.flatMap((name) => readFileSync(path.join(folder, name), 'utf8').split('\n'))
			.filter((line) => line.startsWith('{'))
			.map((line) => JSON.parse(line) as NodeEvent);
	};

	/** Sends one case through the Send node and returns what its execution recorded. */
	async function sendCase(
		path: string,
		caseName: string,
		url: string,
		node = 'Send',
	): Promise<{ outputs: Delivery[][] }> {
		expect((await post(path, { case: caseName, url })).status).toBe(202);
		const deadline = Date.now() + 60_000;
		for (;;) {
			const run = n8n
				.executions()
				.filter((e) => !seen.has(e.id) && e.status !== 'running' && e.status !== 'new')
				.find((e) => e.data?.resultData.runData[node] !== undefined);
			if (run) {
				seen.add(run.id);
				const main = run.data!.resultData.runData[node][0].data!.main as unknown as Array<Array<{
					json: Delivery;
				}> | null>;
				return { outputs: main.map((items) => (items ?? []).map((item) => item.json)) };
			}
			if (Date.now() > deadline) throw new Error(`No execution for ${caseName}`);
			await new Promise((resolve) => setTimeout(resolve, 250));
		}
	}

	beforeAll(async () => {
		receiver = await startReceiver();
		n8n = await N8nInstance.create({
			workflows: [WORKFLOW],
			credentials: CREDENTIALS,
			secrets: [SECRET, TOKEN],
			extraEnv: { N8N_PAYLOAD_SIZE_MAX: '1' },
		});
	}, 600_000);

	afterAll(async () => {
		await n8n?.dispose();
		await receiver?.close();
	});

	it.each<[string, string, (d: Delivery) => void]>([
		[
			'a receiver that hangs: three timed-out attempts, then Failed',
			'/hang',
			(d) => {
				expect(d.attempts).toHaveLength(3);
				expect(d.attempts.every((a) => a.status === null && /time/i.test(a.error ?? ''))).toBe(true);
			},
		],
		[
			'a receiver that resets the connection: retried, then Failed',
			'/reset',
			(d) => {
				expect(d.attempts).toHaveLength(3);
				expect(d.attempts.every((a) => a.status === null && a.error)).toBe(true);
			},
		],
		[
			'a malformed HTTP answer: retried as a network error, then Failed',
			'/malformed',
			(d) => {
				expect(d.attempts).toHaveLength(3);
			},
		],
		[
			'a redirect to another address: not followed, one attempt, Failed',
			'/redirect',
			(d) => {
				expect(d).toMatchObject({ status: 302, attempts: [{ n: 1, status: 302 }] });
			},
		],
		[
			'410 Gone: final at once, Failed',
			'/gone',
			(d) => {
				expect(d).toMatchObject({ status: 410, responseBody: 'gone', attempts: [{ n: 1, status: 410 }] });
			},
		],
	])('%s', async (_case, path, check) => {
		const { outputs } = await sendCase('faults/send', path, receiver.url(path));
		expect(outputs[0]).toHaveLength(0);
		expect(outputs[1]).toHaveLength(1);
		expect(outputs[1][0].delivered).toBe(false);
		check(outputs[1][0]);
	});

	it('slow and huge answers are delivered, the huge body kept to its first kilobytes', async () => {
		const slow = await sendCase('faults/send', 'slow', receiver.url('/slow'));
		expect(slow.outputs[0][0]).toMatchObject({ delivered: true, status: 200, responseBody: 'slow but fine' });
		const huge = await sendCase('faults/send', 'huge', receiver.url('/huge'));
		expect(huge.outputs[0][0]).toMatchObject({ delivered: true, status: 200 });
		expect(huge.outputs[0][0].responseBody).toBe(`${'x'.repeat(4096)}…[truncated]`);
		expect(receiver.hits).not.toContain('/redirected');
	});

	it('refuses to send to a private address unless allowed, without any request', async () => {
		const before = receiver.hits.length;
		const { outputs } = await sendCase('faults/ssrf', 'ssrf', receiver.url('/ok'), 'Send guarded');
		expect(outputs[1][0]).toMatchObject({ delivered: false, attempts: [{ n: 1, status: null }] });
		expect(outputs[1][0].attempts[0].error).toMatch(/private|loopback|not allowed|blocked/i);
		expect(receiver.hits.length).toBe(before);
	});

	it('stopping the execution (POST /rest/executions/:id/stop) ends its retries at once: no attempt reaches the receiver after the stop', async () => {
		const rest = await n8n.restSession();
		const attempts = () => receiver.hits.filter((hit) => hit === '/unavailable').length;
		expect((await post('faults/stop', { case: 'stop', url: receiver.url('/unavailable') })).status).toBe(202);
		const deadline = Date.now() + 30_000;
		while (attempts() === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
		expect(attempts()).toBe(1);
		const running = n8n.executions().filter((e) => e.status === 'running');
		expect(running).toHaveLength(1);

		const logBefore = n8n.log().length;
		const stoppedAt = Date.now();
		const answer = (await rest(`executions/${running[0].id}/stop`, { method: 'POST' })) as { status: string };
		const answeredMs = Date.now() - stoppedAt;
		expect(answer.status).toBe('canceled');

		// n8n forgets a stopped execution at once; the node itself runs on until it returns, and then n8n's
		// event log records that it finished.
		let finished: NodeEvent | undefined;
		while (Date.now() < stoppedAt + 20_000) {
			finished = nodeEvents().find(
				(e) => e.eventName === 'n8n.node.finished' && e.payload?.nodeName === 'Send stopped',
			);
			if (finished) break;
			await new Promise((resolve) => setTimeout(resolve, 50));
		}
		// What n8n saved at the stop is all it keeps: it discards what the node returns afterwards.
		const stored = n8n.executions().find((e) => e.id === running[0].id);
		const endedMs = finished ? Date.parse(finished.ts) - stoppedAt : Infinity;
		expect(stored?.status).toBe('canceled');

		// Past the latest moment the second attempt was due (5 s after the first 503), the receiver saw nothing more.
		await new Promise((resolve) => setTimeout(resolve, Math.max(0, stoppedAt + 6000 - Date.now())));
		expect(attempts()).toBe(1);
		expect(n8n.log().slice(logBefore)).not.toMatch(/unhandled|uncaught/i);
		recordCounts('deliveries:stopped execution', {
			line:
				`stopped execution: a send retrying a 503 with 2.5-5 s waits was stopped after its first attempt; ` +
				`the stop answered in ${answeredMs} ms, the node returned ${endedMs} ms after the stop (n8n's event log), ` +
				`${attempts() - 1} attempts after it`,
			counts: { stopAnsweredMs: answeredMs, nodeEndedMs: endedMs, attemptsAfterStop: attempts() - 1 },
		});
		expect(endedMs).toBeLessThan(2000);
	});

	it('loses and duplicates nothing when n8n is stopped in the middle of a batch and senders retry', async () => {
		const keys = Array.from({ length: 30 }, (_, i) => `batch-${i}`);
		const accepted = new Map<string, number>();
		const pending = new Set(keys);
		let stopped: Promise<void> | undefined;
		let restarted: Promise<void> | undefined;
		const deliver = async (key: string) => {
			try {
				const response = await post('faults/batch', { key }, { 'idempotency-key': key });
				if (response.status === 202 || response.status === 200) {
					accepted.set(key, (accepted.get(key) ?? 0) + (response.status === 202 ? 1 : 0));
					pending.delete(key);
				}
			} catch {
				// n8n is down: the sender retries, as webhook senders do.
			}
		};
		let round = 0;
		while (pending.size > 0 && round < 200) {
			round += 1;
			await Promise.all([...pending].slice(0, 5).map(deliver));
			if (!stopped && accepted.size >= 10) {
				stopped = n8n.stop();
				await stopped;
				restarted = n8n.start();
			}
			if (restarted && round % 5 === 0) await restarted;
			await new Promise((resolve) => setTimeout(resolve, 50));
		}
		await restarted;
		// Re-send every key once more: each is a duplicate now.
		for (const key of keys) expect((await post('faults/batch', { key }, { 'idempotency-key': key })).status).toBe(200);

		expect(pending.size).toBe(0);
		expect([...accepted.values()].every((count) => count === 1)).toBe(true);
		const deadline = Date.now() + 30_000;
		let batch: StoredExecution[] = [];
		while (Date.now() < deadline) {
			batch = n8n.executions().filter((e) => e.data?.resultData.runData.Batch !== undefined);
			if (batch.length >= keys.length) break;
			await new Promise((resolve) => setTimeout(resolve, 250));
		}
		const executedKeys = batch
			.map((e) => String(e.data!.resultData.runData.Batch[0].data!.main[0]![0].json.idempotencyKey))
			.sort();
		const lost = [...accepted.keys()].filter((key) => !executedKeys.includes(key)).length;
		const duplicated = executedKeys.length - new Set(executedKeys).size;
		recordCounts('deliveries:n8n restart', {
			line:
				`deliveries: ${keys.length} keyed deliveries with n8n stopped and restarted mid-batch: ${accepted.size} acknowledged, ` +
				`${executedKeys.length} executed, ${lost} lost, ${duplicated} duplicated (${round} sending rounds)`,
			counts: {
				sent: keys.length,
				acknowledged: accepted.size,
				executed: executedKeys.length,
				lost,
				duplicated,
				rounds: round,
			},
		});
		expect(executedKeys).toEqual([...keys].sort());
	});

	it('answers a flood past the rate limit with 429 and an oversized body before any node, and stays responsive', async () => {
		const statuses: number[] = [];
		const flood = async (waves: number) => {
			for (let wave = 0; wave < waves; wave++) {
				const answers = await Promise.all(Array.from({ length: 20 }, () => post('faults/flood', { wave })));
				statuses.push(...answers.map((a) => a.status));
			}
		};
		const healthLatencies: number[] = [];
		const health = (async () => {
			for (let i = 0; i < 10; i++) {
				const started = Date.now();
				expect((await fetch(`${n8n.baseUrl}/healthz`)).status).toBe(200);
				healthLatencies.push(Date.now() - started);
				await new Promise((resolve) => setTimeout(resolve, 100));
			}
		})();
		const started = Date.now();
		const rssBefore = n8n.residentBytes();
		await Promise.all([flood(10), health]);
		expect(Math.max(...healthLatencies)).toBeLessThan(2000);

		// A second flood. The per-request heap bound is proven in the node tier, where the heap is measured after
		// a forced collection; n8n's resident size swings by a few hundred MB with its own collections (seen
		// here: 765 MB idle, 1,100 MB mid-flood, 830 MB after), so only a leak of every request would pass this.
		await flood(10);
		expect(n8n.residentBytes() - rssBefore).toBeLessThan(512 * 1024 * 1024);

		// 10 a minute: a fixed window opens with the first request, so a slow machine may see a second one.
		const windows = Math.floor((Date.now() - started) / 60_000) + 1;
		const accepted = statuses.filter((s) => s === 202).length;
		expect(accepted).toBeGreaterThanOrEqual(10);
		expect(accepted).toBeLessThanOrEqual(10 * windows);
		expect(statuses.filter((s) => s === 429)).toHaveLength(statuses.length - accepted);
		recordCounts('flood', {
			line:
				`flood: ${statuses.length} requests past a limit of 10 a minute: ${accepted} × 202, ${statuses.length - accepted} × 429; ` +
				`/healthz slowest ${Math.max(...healthLatencies)} ms`,
			counts: {
				requests: statuses.length,
				accepted,
				limited: statuses.length - accepted,
				healthSlowestMs: Math.max(...healthLatencies),
			},
		});

		// n8n reads the body before any node runs; 2.40.7 answers its own "too large" error with a bare 500.
		const executionsBefore = n8n.executions().length;
		const big = await post('faults/flood', JSON.stringify({ blob: 'x'.repeat(2 * 1024 * 1024) }));
		expect([413, 500]).toContain(big.status);
		expect(await big.text()).not.toMatch(/\n\s+at /);
		expect(n8n.executions()).toHaveLength(executionsBefore);
		expect((await fetch(`${n8n.baseUrl}/healthz`)).status).toBe(200);
	});

	it('stores no secret in execution data or the log', async () => {
		await n8n.stop();
		for (const execution of n8n.executions()) {
			expect(execution.rawData).not.toContain(SECRET);
			expect(execution.rawData).not.toContain(TOKEN);
		}
		expect(n8n.log()).not.toContain(SECRET);
		expect(n8n.log()).not.toContain(TOKEN);
		const expected = createHmac('sha256', SECRET).update('{"case":"slow"}').digest('hex');
		for (const execution of n8n.executions()) expect(execution.rawData).not.toContain(expected);
	});
});
