// (2) The fast path: forged signatures, duplicates and rate-limited requests to Hookline Trigger answer without
// an execution. Compared with (1)'s stock accepted deliveries and with n8n answering an unregistered path.
import { runCase } from './cases.mjs';
import { alternate } from './load.mjs';
import { figure } from './report.mjs';

const REFUSALS = { forged: 'forged signature (401)', duplicate: 'duplicate (200)', rateLimited: 'rate-limited (429)' };

export async function runFastPathBench(n8n, stockAccepted, { seconds, rounds }) {
	const names = [...Object.keys(REFUSALS), 'unregistered', 'stockRejected'];
	const runs = await alternate(
		Object.fromEntries(names.map((name) => [name, () => runCase(n8n, name, seconds)])),
		rounds,
	);
	const { unregistered, stockRejected } = runs;
	const rows = [];
	for (const [name, label] of Object.entries(REFUSALS)) {
		const { rps } = runs[name];
		rows.push(
			figure(`2. ${label}: throughput / stock accepted`, rps / stockAccepted.sustained, {
				atLeast: 10,
				note: `${rps.toFixed(0)} req/s vs ${stockAccepted.sustained.toFixed(1)} executions/s`,
			}),
			figure(`2. ${label}: cost / unregistered path`, unregistered.rps / rps, {
				atMost: 2,
				note: `unregistered path ${unregistered.rps.toFixed(0)} req/s`,
			}),
		);
	}
	// n8n's own fast path for comparison: its Webhook node refusing wrong header auth (no target).
	rows.push(
		figure('2. (reference) stock Webhook bad auth (403): cost / unregistered', unregistered.rps / stockRejected.rps, {
			note: `${stockRejected.rps.toFixed(0)} req/s`,
		}),
	);
	return { raw: runs, rows };
}
