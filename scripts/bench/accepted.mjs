// (1) Accepted deliveries: Hookline Trigger (HMAC-SHA256, header idempotency, a fresh key per request) → NoOp
// against n8n's stock Webhook node (header auth) → NoOp, same body and connections, alternating runs.
import { runCase } from './cases.mjs';
import { alternate } from './load.mjs';
import { figure } from './report.mjs';

export async function runAcceptedBench(n8n, { seconds, rounds }) {
	const { hookline, stock } = await alternate(
		{
			hookline: () => runCase(n8n, 'hooklineAccepted', seconds),
			stock: () => runCase(n8n, 'stockAccepted', seconds),
		},
		rounds,
	);
	return {
		raw: { hookline, stock },
		stock,
		rows: [
			figure('1. accepted: throughput Hookline / stock Webhook', hookline.sustained / stock.sustained, {
				atLeast: 0.95,
				note: `${hookline.sustained.toFixed(1)} vs ${stock.sustained.toFixed(1)} executions/s (answers ${hookline.rps.toFixed(1)} vs ${stock.rps.toFixed(1)}/s)`,
			}),
			figure('1. accepted: p99 latency Hookline / stock Webhook', hookline.p99 / stock.p99, {
				atMost: 1.1,
				note: `${hookline.p99} ms vs ${stock.p99} ms`,
			}),
		],
	};
}
