import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { runtime, type RunningN8n } from './runtime';
import { judgeSecretScan, scanForSecrets } from './secretScan';

export interface StoredExecution {
	id: string;
	status: string;
	mode: string;
	workflowId: string;
	data: {
		resultData: {
			runData: Record<string, Array<{ data?: { main: Array<Array<{ json: Record<string, unknown> }> | null> } }>>;
		};
	} | null;
	rawData: string;
	customData: Record<string, string>;
}

export interface InstanceOptions {
	workflows: Array<Record<string, unknown> & { id: string }>;
	credentials?: Array<{ id: string; name: string; type: string; data: Record<string, unknown> }>;
	extraEnv?: Record<string, string>;
	/** Every secret the test uses: dispose() searches everything n8n wrote for them and fails on any. */
	secrets: readonly string[];
	/** Webhook paths of workflows expected to fail activation: start() does not wait for them. */
	inactivePaths?: readonly string[];
}

/** A real n8n with this package installed as a community package, its workflows imported and published. */
export class N8nInstance {
	/** The owner restSession() signs up (and a browser can sign in as). */
	static readonly owner = { email: 'owner@hookline.test', password: 'Hookline-e2e-1' };

	baseUrl = '';

	private server?: RunningN8n;

	private authCookie?: string;

	private constructor(
		readonly userFolder: string,
		private readonly port: number,
		private readonly brokerPort: number,
		private readonly extraEnv: Record<string, string>,
		private readonly webhookPaths: string[],
		private readonly secrets: readonly string[],
	) {}

	static async create(options: InstanceOptions): Promise<N8nInstance> {
		runtime.ensureRuntime();
		const userFolder = mkdtempSync(path.join(tmpdir(), 'hookline-e2e-'));
		const webhookPaths = options.workflows.flatMap((workflow) =>
			(workflow.nodes as Array<{ parameters?: { path?: unknown } }>)
				.map((node) => node.parameters?.path)
				.filter((path): path is string => typeof path === 'string' && path !== '')
				.filter((path) => !options.inactivePaths?.includes(path)),
		);
		const instance = new N8nInstance(
			userFolder,
			await runtime.freePort(),
			await runtime.freePort(),
			options.extraEnv ?? {},
			webhookPaths,
			options.secrets,
		);
		runtime.installPackage(userFolder);
		if (options.credentials?.length) {
			const file = path.join(userFolder, 'credentials.json');
			writeFileSync(file, JSON.stringify(options.credentials));
			instance.cli(['import:credentials', `--input=${file}`]);
			rmSync(file);
		}
		for (const workflow of options.workflows) {
			const file = path.join(userFolder, `workflow-${workflow.id}.json`);
			writeFileSync(file, JSON.stringify(workflow));
			instance.cli(['import:workflow', `--input=${file}`]);
			instance.cli(['publish:workflow', `--id=${workflow.id}`]);
		}
		await instance.start();
		return instance;
	}

	get env() {
		return runtime.n8nEnv({
			userFolder: this.userFolder,
			port: this.port,
			brokerPort: this.brokerPort,
			extra: this.extraEnv,
		});
	}

	cli(args: string[]): string {
		return runtime.n8nCli(this.env, args);
	}

	async start() {
		this.server = await runtime.startN8n({
			userFolder: this.userFolder,
			port: this.port,
			brokerPort: this.brokerPort,
			extraEnv: this.extraEnv,
		});
		this.baseUrl = this.server.baseUrl;
		try {
			for (const webhookPath of this.webhookPaths) await this.waitForWebhook(webhookPath);
		} catch (error) {
			// The caller gets no instance to dispose of when create() fails: stop n8n here, not leave it running.
			await this.stop();
			throw error;
		}
	}

	/** n8n activates published workflows shortly after it reports ready; a registered webhook path answers a
	 * CORS preflight with 204 without starting an execution. */
	async waitForWebhook(webhookPath: string, timeoutMs = 60_000) {
		const deadline = Date.now() + timeoutMs;
		while (Date.now() < deadline) {
			// A trigger listens on POST unless its workflow chose another method (GET is the other one tests use).
			for (const method of ['POST', 'GET']) {
				const response = await fetch(`${this.baseUrl}/webhook/${webhookPath}`, {
					method: 'OPTIONS',
					headers: { origin: this.baseUrl, 'access-control-request-method': method },
				});
				if (response.status === 204) return;
			}
			// A workflow n8n refuses to activate never registers: fail now, with n8n's own reason.
			const refusal = /Workflow cannot run on this instance.*|Cannot find module.*/.exec(this.log());
			if (refusal) throw new Error(`n8n did not activate the workflow: ${refusal[0]}`);
			await new Promise((resolve) => setTimeout(resolve, 200));
		}
		throw new Error(
			`The webhook ${webhookPath} was not registered within ${timeoutMs} ms\n--- n8n log (tail) ---\n${this.logDigest()}`,
		);
	}

	/** Signs up the owner (first call) and returns a fetch for n8n's REST API with that session, as the editor
	 * uses it. */
	async restSession(): Promise<(path: string, init?: { method?: string; body?: unknown }) => Promise<unknown>> {
		const browserId = 'hookline-e2e-browser';
		const headers: Record<string, string> = { 'content-type': 'application/json', 'browser-id': browserId };
		if (!this.authCookie) {
			const setup = await fetch(`${this.baseUrl}/rest/owner/setup`, {
				method: 'POST',
				headers,
				body: JSON.stringify({
					email: N8nInstance.owner.email,
					firstName: 'E2E',
					lastName: 'Owner',
					password: N8nInstance.owner.password,
				}),
			});
			if (!setup.ok) throw new Error(`Owner setup failed: ${setup.status} ${await setup.text()}`);
			this.authCookie = (setup.headers.get('set-cookie') ?? '').split(';')[0];
		}
		return async (restPath, init = {}) => {
			const response = await fetch(`${this.baseUrl}/rest/${restPath}`, {
				method: init.method ?? 'GET',
				headers: { ...headers, cookie: this.authCookie! },
				body: init.body === undefined ? undefined : JSON.stringify(init.body),
			});
			const text = await response.text();
			if (!response.ok) throw new Error(`${init.method ?? 'GET'} /rest/${restPath} failed: ${response.status} ${text}`);
			return (JSON.parse(text) as { data: unknown }).data;
		};
	}

	/** The n8n server's resident memory in bytes, from /proc. */
	residentBytes(): number {
		const status = readFileSync(`/proc/${this.server?.child.pid}/status`, 'utf8');
		return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
	}

	async stop() {
		await this.server?.stop();
		this.server = undefined;
	}

	async restart() {
		await this.stop();
		await this.start();
	}

	/** Every execution in n8n's database, read with Node 24's node:sqlite. */
	executions(): StoredExecution[] {
		const result = spawnSync(
			runtime.nodeBin,
			[
				path.join(__dirname, 'executions.cjs'),
				path.join(this.userFolder, '.n8n', 'database.sqlite'),
				path.resolve(runtime.n8nBin, '../../..'),
			],
			{ encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 },
		);
		if (result.status !== 0) throw new Error(`Reading executions failed: ${result.stderr}`);
		return JSON.parse(result.stdout) as StoredExecution[];
	}

	/** Waits until n8n has stored `count` finished executions (they are saved after the HTTP answer). */
	async waitForExecutions(count: number, timeoutMs = 30_000): Promise<StoredExecution[]> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const finished = this.executions().filter((e) => e.status !== 'running' && e.status !== 'new');
			if (finished.length >= count || Date.now() > deadline) return finished;
			await new Promise((resolve) => setTimeout(resolve, 200));
		}
	}

	/** The log without the noise of our own polling (unregistered-path errors and stack frames). */
	logDigest(maxChars = 4000): string {
		return this.log()
			.split('\n')
			.filter((line) => !/^\s+at |is not registered\.|^\s*$/.test(line))
			.join('\n')
			.slice(-maxChars);
	}

	log(): string {
		return readFileSync(path.join(this.userFolder, 'n8n.log'), 'utf8');
	}

	/** The node types n8n loaded, from `n8n export:nodes` (needs the instance stopped). */
	exportedNodeTypes(): string[] {
		const file = path.join(this.userFolder, 'nodes-export.json');
		this.cli(['export:nodes', `--output=${file}`]);
		const nodes = JSON.parse(readFileSync(file, 'utf8')) as Array<{ name: string }>;
		return nodes.map((n) => n.name);
	}

	/** Stops n8n, then searches its user folder (database, write-ahead log, logs, event log) for every secret. */
	async dispose() {
		await this.stop();
		try {
			judgeSecretScan(scanForSecrets(this.secrets, { folders: [this.userFolder] }));
		} finally {
			rmSync(this.userFolder, { recursive: true, force: true });
		}
	}
}
