// A real n8n for the benchmarks, through the project's runtime (scripts/n8n-runtime.cjs): one prepared user
// folder (package installed as a community package, credentials, workflows imported and published while
// stopped), copied for every instance a benchmark needs, so all of them start from the same state.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import runtime from '../n8n-runtime.cjs';

const EXECUTIONS_SCRIPT = fileURLToPath(new URL('./executions.cjs', import.meta.url));
const n8nModules = path.resolve(runtime.n8nBin, '../../..');
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Installs the package and imports credentials and workflows into a fresh user folder; returns the folder. */
export async function prepareUserFolder({ credentials, workflows }) {
	runtime.ensureRuntime();
	const userFolder = mkdtempSync(path.join(tmpdir(), 'hookline-bench-'));
	try {
		runtime.installPackage(userFolder);
		const env = runtime.n8nEnv({ userFolder, port: await runtime.freePort(), brokerPort: await runtime.freePort() });
		const write = (name, data) => {
			const file = path.join(userFolder, name);
			writeFileSync(file, JSON.stringify(data));
			return file;
		};
		runtime.n8nCli(env, ['import:credentials', `--input=${write('credentials.json', credentials)}`]);
		runtime.n8nCli(env, ['import:workflow', `--input=${write('workflows.json', workflows)}`]);
		for (const workflow of workflows) runtime.n8nCli(env, ['publish:workflow', `--id=${workflow.id}`]);
		rmSync(path.join(userFolder, 'credentials.json'));
		return userFolder;
	} catch (error) {
		rmSync(userFolder, { recursive: true, force: true });
		throw error;
	}
}

export class BenchN8n {
	constructor(userFolder, server) {
		this.userFolder = userFolder;
		this.server = server;
		this.baseUrl = server.baseUrl;
		this.expectedExecutions = 0;
	}

	/** Counts executions that requests have started; drain() waits for them all to be stored and finished. */
	expectExecutions(count) {
		this.expectedExecutions += count;
	}

	/** Copies the prepared folder (optionally changing it first) and starts n8n on it. */
	static async start(template, { prepare } = {}) {
		const userFolder = mkdtempSync(path.join(tmpdir(), 'hookline-bench-run-'));
		try {
			cpSync(template, userFolder, { recursive: true });
			prepare?.(userFolder);
			const server = await runtime.startN8n({
				userFolder,
				port: await runtime.freePort(),
				brokerPort: await runtime.freePort(),
			});
			return new BenchN8n(userFolder, server);
		} catch (error) {
			rmSync(userFolder, { recursive: true, force: true });
			throw error;
		}
	}

	url(webhookPath) {
		return `${this.baseUrl}/webhook/${webhookPath}`;
	}

	/** A registered path answers a CORS preflight with 204 without starting an execution. */
	async waitForWebhooks(paths, timeoutMs = 60_000) {
		const deadline = Date.now() + timeoutMs;
		for (const webhookPath of paths) {
			for (;;) {
				const response = await fetch(this.url(webhookPath), {
					method: 'OPTIONS',
					headers: { origin: this.baseUrl, 'access-control-request-method': 'POST' },
				});
				if (response.status === 204) break;
				if (Date.now() > deadline) throw new Error(`${webhookPath} was not registered within ${timeoutMs} ms`);
				await sleep(200);
			}
		}
	}

	query(args) {
		const database = path.join(this.userFolder, '.n8n', 'database.sqlite');
		const result = spawnSync(runtime.nodeBin, [EXECUTIONS_SCRIPT, args[0], database, n8nModules, ...args.slice(1)], {
			encoding: 'utf8',
		});
		if (result.status !== 0) throw new Error(`Reading executions failed: ${result.stderr}`);
		return JSON.parse(result.stdout);
	}

	/** Waits until every started execution is stored and finished, and no more arrive for a second: n8n answers
	 * a webhook before it runs (Hookline: even before it stores) the execution, requests still in flight when a
	 * load run stops may start some more, and a backlog left by one run must not load the next. */
	async drain(timeoutMs = 180_000) {
		const deadline = Date.now() + timeoutMs;
		let last = -1;
		let stableSince = Date.now();
		for (;;) {
			const { pending, total } = this.query(['pending']);
			if (total !== last) [last, stableSince] = [total, Date.now()];
			if (pending === 0 && total >= this.expectedExecutions && Date.now() - stableSince >= 1000) {
				this.expectedExecutions = total;
				return;
			}
			if (Date.now() > deadline) {
				throw new Error(
					`${pending} executions running and ${total} of ${this.expectedExecutions} stored after ${timeoutMs} ms`,
				);
			}
			await sleep(250);
		}
	}

	/** Executions stored after the one with id `afterId`, and when the last of them stopped. */
	executionsSince(afterId) {
		return this.query(['since', String(afterId)]);
	}

	lastExecutionId() {
		return this.query(['pending']).lastId;
	}

	/** The newest execution of a workflow once it has finished, with the node's execution time. */
	async finishedExecution(workflowId, nodeName, afterId, timeoutMs = 120_000) {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const execution = this.query(['latest', workflowId, nodeName]);
			const isNew = execution && Number(execution.id) > Number(afterId ?? 0);
			if (isNew && !['new', 'running', 'waiting'].includes(execution.status)) return execution;
			if (Date.now() > deadline) throw new Error(`No finished execution of ${workflowId} within ${timeoutMs} ms`);
			await sleep(250);
		}
	}

	async dispose() {
		await this.server.stop();
		rmSync(this.userFolder, { recursive: true, force: true });
	}
}
