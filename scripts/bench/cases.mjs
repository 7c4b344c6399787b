// The HTTP requests of the inbound benchmarks: one body for every case, signed as each case needs.
import { createHmac, randomBytes } from 'node:crypto';

import { CONNECTIONS, measure } from './load.mjs';
import { IDEMPOTENCY_HEADER, PATHS, SECRET, SIGNATURE_HEADER, STOCK_AUTH_HEADER } from './workflows.mjs';

export const BODY = JSON.stringify({
	event: 'alert.raised',
	device: { id: 'dev-0042', hostname: 'srv-files-01', site: 'HQ', os: 'Windows Server 2022' },
	severity: 'high',
	title: 'Disk C: below 5% free',
	description: 'Free space on C: fell to 3.2 GB (4.1%) at 02:14; the nightly backup job writes to this volume.',
	metrics: { freeBytes: 3_435_973_837, totalBytes: 85_899_345_920, threshold: 0.05 },
	occurredAt: '2026-01-15T02:14:07Z',
});
const sign = (key) => `sha256=${createHmac('sha256', key).update(BODY).digest('hex')}`;
const SIGNED = { [SIGNATURE_HEADER]: sign(SECRET) };
const FORGED = { [SIGNATURE_HEADER]: sign(randomBytes(32).toString('hex')) };
/** A key the warm-up claims, so that every later request with it is a duplicate. */
const DUPLICATE_KEY = 'bench-duplicate';

/** Each case: where it goes, what it sends, the status that proves it is that case, and the status whose
 * requests start an execution. `[<id>]` becomes a fresh idempotency key per request. */
export const CASES = {
	hooklineAccepted: {
		path: PATHS.hookline,
		headers: { ...SIGNED, [IDEMPOTENCY_HEADER]: '[<id>]' },
		status: 202,
		starts: 202,
	},
	stockAccepted: { path: PATHS.stock, headers: { [STOCK_AUTH_HEADER]: SECRET }, status: 200, starts: 200 },
	forged: { path: PATHS.hookline, headers: { ...FORGED, [IDEMPOTENCY_HEADER]: '[<id>]' }, status: 401 },
	duplicate: { path: PATHS.hookline, headers: { ...SIGNED, [IDEMPOTENCY_HEADER]: DUPLICATE_KEY }, status: 200 },
	// One request a minute gets through (202, an execution); the rest are refused.
	rateLimited: { path: PATHS.limited, headers: SIGNED, status: 429, starts: 202, minShare: 0.95 },
	unregistered: { path: PATHS.unregistered, headers: {}, status: 404 },
	stockRejected: { path: PATHS.stock, headers: { [STOCK_AUTH_HEADER]: 'wrong' }, status: 403 },
};

/** One load run of a case against an instance. A case that starts executions waits until they have all
 * finished and also reports the sustained rate: executions over the time from the first request to the last
 * execution's end. That is the honest rate of accepted deliveries, because n8n answers the stock Webhook once
 * the execution is stored, while Hookline answers before: its answer rate alone would count a backlog. */
export async function runCase(n8n, name, seconds) {
	const { path, headers, status, starts, minShare } = CASES[name];
	const lastId = n8n.lastExecutionId();
	const startedAt = Date.now();
	const result = await measure({ url: n8n.url(path), headers, body: BODY, seconds, expectStatus: status, minShare });
	const started = starts ? (result.statusCodes[starts]?.count ?? 0) : 0;
	n8n.expectExecutions(started);
	await n8n.drain();
	const { count, lastStoppedAt } = n8n.executionsSince(lastId);
	// Requests in flight when the run stopped (one per connection at most) may have started executions too.
	if (count < started || count > started + CONNECTIONS) {
		throw new Error(`${name}: ${started} answers said an execution started, but ${count} were stored`);
	}
	return count === 0 ? result : { ...result, executions: count, busySeconds: (lastStoppedAt - startedAt) / 1000 };
}

/** Sequential requests to every case before measuring: JIT, n8n's caches and the local store (whose first use
 * replays its journal) are warm, and the duplicate key and the rate limit's minute are taken. */
export async function warmUp(n8n, names, requests = 20) {
	for (const name of names) {
		const { path, headers, starts } = CASES[name];
		for (let i = 0; i < requests; i++) {
			const unique = Object.entries(headers).map(([header, value]) => [
				header,
				value.replace('[<id>]', `warm-${Date.now()}-${i}`),
			]);
			const response = await fetch(n8n.url(path), {
				method: 'POST',
				headers: { 'content-type': 'application/json', ...Object.fromEntries(unique) },
				body: BODY,
			});
			await response.arrayBuffer();
			if (response.status === starts) n8n.expectExecutions(1);
		}
	}
	await n8n.drain();
}
