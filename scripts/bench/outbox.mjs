// (7) The durable outbox with 10,000 deliveries waiting on a long schedule: what waiting costs a process. Runs as
// its own process with --expose-gc (bench.mjs starts it), so the heap and the handles are the sweeper's alone;
// prints its rows as JSON.
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

import { figure } from './report.mjs';

const require = createRequire(import.meta.url);
const { OutboxFolder } = require('../../dist/nodes/core/delivery/outbox.js');
const { OutboxSweeper } = require('../../dist/nodes/core/delivery/outboxSweeper.js');

const WAITING = 10_000;
const HOUR_MS = 3_600_000;
// A PSA ticket event as the node sends it (about 1 KB), its headers, and one failed attempt so far.
const BODY = Buffer.from(JSON.stringify({ eventType: 'ticket.created', Details: 'x'.repeat(900) })).toString('base64');

function heapUsed() {
	globalThis.gc();
	return process.memoryUsage().heapUsed;
}

const handles = (kind) => process.getActiveResourcesInfo().filter((resource) => resource === kind).length;

// Counted at the source: the sweeper's timer is unref'd, and Node does not list unref'd timers as active resources.
let timersMade = 0;
const { setInterval: originalSetInterval, setTimeout: originalSetTimeout } = globalThis;
globalThis.setInterval = (...args) => (timersMade++, originalSetInterval(...args));
globalThis.setTimeout = (...args) => (timersMade++, originalSetTimeout(...args));

function parcel(executionId, dueAt) {
	const eventId = `evt-${executionId}`;
	return {
		version: 1,
		executionId,
		resumeToken: 'f'.repeat(64),
		deliveries: [
			{
				itemIndex: 0,
				waiting: {
					waiting: true,
					eventId,
					url: 'https://psa.example.com/webhooks/hookline',
					status: 503,
					responseBody: 'maintenance',
					attempts: [{ n: 1, status: 503, error: 'HTTP 503', durationMs: 41 }],
					nextAttempt: 2,
					dueAt,
				},
				recipe: {
					url: 'https://psa.example.com/webhooks/hookline',
					bodyBase64: BODY,
					eventId,
					timeoutMs: 10_000,
					signing: { method: 'hmac', algorithm: 'sha256', encoding: 'base64', signatureHeader: 'X-Webhook-Signature' },
					headers: { 'Content-Type': 'application/json', 'User-Agent': 'n8n-nodes-hookline', 'X-Webhook-Id': eventId },
					attemptHeader: 'X-Webhook-Attempt',
				},
				policy: { scheduleMs: [60_000, 300_000, 900_000, HOUR_MS, HOUR_MS] },
				allowPrivateNetwork: false,
			},
		],
	};
}

async function main() {
	const folder = path.join(mkdtempSync(path.join(tmpdir(), 'hookline-outbox-bench-')), 'outbox');
	try {
		const outbox = new OutboxFolder(folder);
		const writeStarted = performance.now();
		for (let i = 0; i < WAITING; i++) outbox.write(parcel(String(100_000 + i), Date.now() + HOUR_MS));
		const writeMs = (performance.now() - writeStarted) / WAITING;
		const diskBytes = readdirSync(folder).reduce((sum, name) => sum + statSync(path.join(folder, name)).size, 0);

		const timersBefore = timersMade;
		const baseline = heapUsed();
		const sweeper = new OutboxSweeper(outbox, async () => ({ status: 200, body: '' }));
		const loadStarted = performance.now();
		sweeper.load();
		const loadMs = performance.now() - loadStarted;
		const heapPerWaiting = (heapUsed() - baseline) / sweeper.waiting;
		const timers = timersMade - timersBefore;
		const sockets = handles('TCPSocketWrap') + handles('TLSWrap');
		const tickStarted = performance.now();
		await sweeper.tick();
		const tickMs = performance.now() - tickStarted;
		sweeper.stop();

		return [
			figure(`7. Outbox: heap per waiting delivery, ${WAITING.toLocaleString('en-US')} waiting`, heapPerWaiting, {
				unit: 'B',
				atMost: 1024,
				note: 'the sweeper keeps an execution ID and a due time; the deliveries stay on disk',
			}),
			figure('7. Outbox: timers for all of them', timers, { unit: 'timers', atMost: 1, note: 'one per process' }),
			figure('7. Outbox: open sockets while they wait', sockets, { unit: 'sockets', atMost: 0 }),
			figure('7. Outbox: disk per waiting delivery', diskBytes / WAITING, {
				unit: 'B',
				note: 'a ~1 KB PSA event, its headers and its attempt log',
			}),
			figure('7. Outbox: picking them all up after a restart', loadMs, {
				unit: 'ms',
				note: `${WAITING.toLocaleString('en-US')} parcels read at start-up`,
			}),
			figure('7. Outbox: a sweep with nothing due', tickMs, { unit: 'ms', note: 'once a second while anything waits' }),
			figure('7. Outbox: writing one parcel', writeMs, { unit: 'ms', note: 'temporary file, then rename' }),
		];
	} finally {
		rmSync(path.dirname(folder), { recursive: true, force: true });
	}
}

process.stdout.write(JSON.stringify(await main()));
