#!/usr/bin/env node
// `npm run bench` (after the build): in-process micro-benchmarks over dist/, then load benchmarks in a real n8n
// (scripts/n8n-runtime.cjs). Prints every figure with its target and writes the run to .bench/. The figures are
// ratios of runs made side by side in this one run: absolute times on a shared machine are noise.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import runtime from './n8n-runtime.cjs';
import { runAcceptedBench } from './bench/accepted.mjs';
import { warmUp } from './bench/cases.mjs';
import { runFastPathBench } from './bench/fastPath.mjs';
import { BenchN8n, prepareUserFolder } from './bench/instance.mjs';
import { runOutboundBench, startReceiver } from './bench/outbound.mjs';
import { printTable, writeJson } from './bench/report.mjs';
import { runSignatureBench } from './bench/signatures.mjs';
import { prefillJournal, runStoreGrowthBench } from './bench/storeGrowth.mjs';
import { CREDENTIALS, PATHS, workflows } from './bench/workflows.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// Short alternating runs keep the whole benchmark near 5 minutes on a 2-core machine.
const SETTINGS = { loadSeconds: 10, fastPathSeconds: 5, rounds: 2, outboundRounds: 3 };

// n8n's instances inherit this environment (n8nEnv): `N8N_EXPRESSION_ENGINE=legacy npm run bench` measures under
// n8n's in-process expression evaluator, N8N_EXPRESSION_ENGINE_POOL_SIZE=10 with more warm isolates. n8n's
// default, isolated-vm with one pooled isolate, dominates the cost of a webhook request.
const { N8N_EXPRESSION_ENGINE: engine = 'vm', N8N_EXPRESSION_ENGINE_POOL_SIZE: pool } = process.env;
const EXPRESSION_ENGINE = engine === 'legacy' ? engine : `${engine}, pool size ${pool ?? '1 (default)'}`;

const log = (message) => process.stderr.write(`[bench] ${message}\n`);

/** The store and outbox benchmarks run in their own processes, with --expose-gc, so heap figures are theirs alone. */
function runIsolatedBench(name) {
	const script = path.join(ROOT, 'scripts', 'bench', name);
	const result = spawnSync(process.execPath, ['--expose-gc', script], { encoding: 'utf8', maxBuffer: 1 << 20 });
	if (result.status !== 0) throw new Error(`${name} failed: ${result.stderr}`);
	return JSON.parse(result.stdout);
}

async function runN8nBenches(raw) {
	const receiver = await startReceiver();
	log('preparing n8n (package installed as a community package, workflows published)');
	const template = await prepareUserFolder({ credentials: CREDENTIALS, workflows: workflows(receiver.url) });
	const instances = [];
	try {
		log('starting two n8n instances: an empty local store and one with 100,000 remembered keys');
		const started = await Promise.allSettled([
			BenchN8n.start(template),
			BenchN8n.start(template, { prepare: (folder) => prefillJournal(folder) }),
		]);
		for (const start of started) if (start.status === 'fulfilled') instances.push(start.value);
		const failed = started.find((start) => start.status === 'rejected');
		if (failed) throw failed.reason;
		const [main, filled] = instances;
		for (const n8n of instances) {
			await n8n.waitForWebhooks(Object.values(PATHS).filter((webhookPath) => webhookPath !== PATHS.unregistered));
		}
		// Both instances get the same warm-up before the store benchmark compares them.
		for (const n8n of instances) await warmUp(n8n, ['hooklineAccepted']);
		log('3. store growth');
		const growth = await runStoreGrowthBench(main, filled, { seconds: SETTINGS.loadSeconds, rounds: SETTINGS.rounds });
		await filled.dispose();
		instances.pop();
		await warmUp(main, ['stockAccepted', 'forged', 'duplicate', 'rateLimited', 'unregistered', 'stockRejected']);
		log('1. accepted deliveries');
		const accepted = await runAcceptedBench(main, { seconds: SETTINGS.loadSeconds, rounds: SETTINGS.rounds });
		log('2. fast path');
		const fastPath = await runFastPathBench(main, accepted.stock, {
			seconds: SETTINGS.fastPathSeconds,
			rounds: SETTINGS.rounds,
		});
		log('4. outbound');
		const outbound = await runOutboundBench(main, receiver, { rounds: SETTINGS.outboundRounds });
		Object.assign(raw, {
			accepted: accepted.raw,
			fastPath: fastPath.raw,
			storeGrowth: growth.raw,
			outbound: outbound.raw,
		});
		return [...accepted.rows, ...fastPath.rows, ...growth.rows, ...outbound.rows];
	} finally {
		for (const n8n of instances) await n8n.dispose();
		rmSync(template, { recursive: true, force: true });
		await receiver.close();
	}
}

async function main() {
	const startedAt = new Date().toISOString();
	log('5. signatures');
	const micro = await runSignatureBench();
	log('6. memory store');
	micro.push(...runIsolatedBench('memoryStore.mjs'));
	log('7. outbox');
	micro.push(...runIsolatedBench('outbox.mjs'));
	const raw = {};
	const load = await runN8nBenches(raw);
	// In the issue's order (the figures' leading numbers); sort() is stable, so each benchmark keeps its own.
	const rows = [...load, ...micro].sort((a, b) => Number.parseInt(a.name, 10) - Number.parseInt(b.name, 10));
	const file = writeJson(ROOT, {
		startedAt,
		finishedAt: new Date().toISOString(),
		node: process.version,
		n8n: runtime.N8N_VERSION,
		n8nNode: runtime.NODE_VERSION,
		expressionEngine: EXPRESSION_ENGINE,
		settings: SETTINGS,
		rows,
		raw,
	});
	const context = `n8n ${runtime.N8N_VERSION} on Node ${runtime.NODE_VERSION}, expression engine ${EXPRESSION_ENGINE}`;
	process.stdout.write(`\n${printTable(rows)}\n\n${context}. Written to ${path.relative(ROOT, file)}\n`);
}

await main();
