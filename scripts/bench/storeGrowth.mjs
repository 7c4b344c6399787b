// (3) Store growth: accepted Hookline deliveries on an n8n whose local store starts empty, against one whose
// journal already holds 100,000 idempotency keys of the same trigger. Two instances from one prepared folder,
// alternating runs.
import { mkdirSync, writeFileSync } from 'node:fs';
import { randomBytes, randomUUID } from 'node:crypto';
import path from 'node:path';

import { runCase } from './cases.mjs';
import { alternate } from './load.mjs';
import { figure } from './report.mjs';
import { HOOKLINE_NODE_ID, INBOUND_ID } from './workflows.mjs';

export const REMEMBERED_KEYS = 100_000;

/** Writes the default local store's journal (nodes/core/stores/journalStore.ts: one JSON record a line,
 * `k` key, `v` value, `e` absolute expiry in ms) with keys in the trigger's idempotency namespace. */
export function prefillJournal(userFolder, count = REMEMBERED_KEYS) {
	const file = path.join(userFolder, '.n8n', 'hookline', 'store.jsonl');
	mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
	const expiresAt = Date.now() + 86_400_000;
	const lines = Array.from(
		{ length: count },
		() =>
			`${JSON.stringify({ k: `idempotency:${INBOUND_ID}:${HOOKLINE_NODE_ID}:${randomBytes(16).toString('hex')}`, v: randomUUID(), e: expiresAt })}\n`,
	);
	writeFileSync(file, lines.join(''), { mode: 0o600 });
}

export async function runStoreGrowthBench(emptyStore, filledStore, { seconds, rounds }) {
	const { empty, filled } = await alternate(
		{
			empty: () => runCase(emptyStore, 'hooklineAccepted', seconds),
			filled: () => runCase(filledStore, 'hooklineAccepted', seconds),
		},
		rounds,
	);
	return {
		raw: { empty, filled },
		rows: [
			figure(
				`3. accepted throughput, ${REMEMBERED_KEYS.toLocaleString('en-US')} keys / 0 keys`,
				filled.sustained / empty.sustained,
				{
					atLeast: 0.9,
					note: `${filled.sustained.toFixed(1)} vs ${empty.sustained.toFixed(1)} executions/s (answers ${filled.rps.toFixed(1)} vs ${empty.rps.toFixed(1)}/s)`,
				},
			),
		],
	};
}
