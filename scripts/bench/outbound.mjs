// (4) Outbound: 1,000 items through Hookline PSA Event (signed, concurrency 10) and through n8n's HTTP Request
// node (same items and fields, its batching options) to a local receiver. Each run is one webhook-started
// execution (Webhook → Split Out → sender); the figure is the sender node's executionTime from the stored run.
import { createServer } from 'node:http';
import { performance } from 'node:perf_hooks';

import { roundRobin } from './load.mjs';
import { figure } from './report.mjs';
import { OUTBOUND_ID, PATHS, SENDERS } from './workflows.mjs';

export const ITEMS = 1000;

/** Answers every POST 200 at once and counts them per path, with the time of the first and the last. */
export async function startReceiver() {
	const seen = new Map();
	const server = createServer((req, res) => {
		req.resume();
		req.on('end', () => {
			const now = performance.now();
			const entry = seen.get(req.url) ?? { count: 0, first: now, last: now };
			seen.set(req.url, { count: entry.count + 1, first: entry.first, last: now });
			res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
		});
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${server.address().port}`,
		/** What arrived at a path since the last call. */
		take(path) {
			const entry = seen.get(path) ?? { count: 0, first: 0, last: 0 };
			seen.delete(path);
			return entry;
		},
		close: () => new Promise((resolve) => server.close(resolve)),
	};
}

const items = Array.from({ length: ITEMS }, (_, i) => ({
	ticketId: `T-${10_000 + i}`,
	details: `Disk C: below 5% free on srv-files-${i % 40}; the nightly backup writes to this volume.`,
}));

async function send(n8n, receiver, webhookPath, node, receiverPath) {
	const before = n8n.query(['latest', OUTBOUND_ID, node]);
	const response = await fetch(n8n.url(webhookPath), {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ items }),
	});
	if (response.status !== 200) throw new Error(`${webhookPath} answered ${response.status}`);
	const execution = await n8n.finishedExecution(OUTBOUND_ID, node, before?.id);
	const received = receiver.take(receiverPath);
	if (execution.status !== 'success' || execution.outputItems[0] !== ITEMS || received.count !== ITEMS) {
		throw new Error(`${node}: ${JSON.stringify(execution)}, receiver got ${received.count} of ${ITEMS}`);
	}
	return { ms: execution.executionTime, receiverMs: received.last - received.first };
}

/** Items per second over all runs of a sender. */
const throughput = (runs) => (ITEMS * runs.length) / (runs.reduce((sum, run) => sum + run.ms, 0) / 1000);

export async function runOutboundBench(n8n, receiver, { rounds }) {
	const runs = await roundRobin(
		{
			hookline: () => send(n8n, receiver, PATHS.psa, SENDERS.hookline, '/psa'),
			stock: () => send(n8n, receiver, PATHS.http, SENDERS.stock, '/http'),
		},
		rounds,
	);
	const hookline = throughput(runs.hookline);
	const stock = throughput(runs.stock);
	return {
		raw: runs,
		rows: [
			figure(
				`4. outbound ${ITEMS.toLocaleString('en-US')} items: throughput PSA Event / HTTP Request`,
				hookline / stock,
				{
					atLeast: 1,
					note: `${hookline.toFixed(0)} vs ${stock.toFixed(0)} items/s (node executionTime)`,
				},
			),
		],
	};
}
