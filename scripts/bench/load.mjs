// HTTP load with autocannon on 127.0.0.1: fixed connections and duration, results as throughput and p99.
import autocannon from 'autocannon';

export const CONNECTIONS = 10;

/**
 * Runs one load measurement. `expectStatus` guards the figure: a run whose answers are not what the case
 * means (every forged request a 401 …) measures something else, so it fails instead of being reported.
 * `[<id>]` anywhere in the headers becomes a fresh id per request (unique idempotency keys).
 */
export async function measure({ url, headers, body, seconds, expectStatus, minShare = 0.99 }) {
	const result = await autocannon({
		url,
		method: 'POST',
		headers: { 'content-type': 'application/json', ...headers },
		body,
		connections: CONNECTIONS,
		duration: seconds,
		idReplacement: true,
	});
	const total = result.requests.total;
	const expected = result.statusCodeStats[expectStatus]?.count ?? 0;
	if (total === 0 || expected / total < minShare || result.errors > 0 || result.timeouts > 0) {
		throw new Error(
			`${url}: expected ${expectStatus}, got ${JSON.stringify(result.statusCodeStats)}, ${result.errors} errors, ${result.timeouts} timeouts`,
		);
	}
	return {
		rps: total / result.duration,
		p99: result.latency.p99,
		requests: total,
		statusCodes: result.statusCodeStats,
	};
}

/** Runs the cases round-robin `rounds` times, every other round in reverse order (A B, B A, …); each case's
 * results in a list. Alternating spreads the slow phases of a shared machine over all cases instead of one. */
export async function roundRobin(cases, rounds) {
	const runs = Object.fromEntries(Object.keys(cases).map((name) => [name, []]));
	for (let round = 0; round < rounds; round++) {
		const order = round % 2 ? Object.entries(cases).reverse() : Object.entries(cases);
		for (const [name, run] of order) runs[name].push(await run());
	}
	return runs;
}

/** Load runs round-robin, each case summed over its runs. */
export async function alternate(cases, rounds) {
	const runs = await roundRobin(cases, rounds);
	return Object.fromEntries(Object.entries(runs).map(([name, list]) => [name, combine(list)]));
}

const sum = (list, field) => list.reduce((total, run) => total + run[field], 0);

/** Answer rate over all runs of a case, the sustained execution rate where the case starts executions, and
 * the median of the runs' p99 latencies. */
function combine(list) {
	const rps = sum(list, 'requests') / list.reduce((total, run) => total + run.requests / run.rps, 0);
	const sustained = list[0].executions === undefined ? undefined : sum(list, 'executions') / sum(list, 'busySeconds');
	return { rps, sustained, p99: median(list.map((run) => run.p99)), runs: list };
}

function median(values) {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = sorted.length >> 1;
	return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
