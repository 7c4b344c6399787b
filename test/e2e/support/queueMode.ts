import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import type { StoredExecution } from './n8nInstance';
import { answersPing } from '../../support/redisServer';
import { runtime, type PostgresSettings, type RunningN8n } from './runtime';
import { judgeSecretScan, scanForSecrets, type SecretScanReport } from './secretScan';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A redis-server that keeps its data across a restart, as one used by queue mode and by Hookline's idempotency
 * keys must: every write is in the append-only file before it is answered (appendfsync always). */
export class PersistentRedis {
	private child?: ChildProcess;

	private constructor(
		readonly port: number,
		/** Its working folder: the append-only file and the log. */
		readonly dir: string,
	) {}

	static async start(): Promise<PersistentRedis> {
		if (spawnSync('redis-server', ['--version']).error) {
			throw new Error('redis-server is not installed: run `bash scripts/ensure-redis.sh`');
		}
		const redis = new PersistentRedis(await runtime.freePort(), mkdtempSync(path.join(tmpdir(), 'hookline-redis-')));
		await redis.start();
		return redis;
	}

	async start() {
		const args = ['--port', String(this.port), '--bind', '127.0.0.1', '--dir', this.dir, '--save', ''];
		args.push('--appendonly', 'yes', '--appendfsync', 'always', '--logfile', path.join(this.dir, 'redis.log'));
		const child = spawn('redis-server', args, { stdio: 'ignore' });
		this.child = child;
		const deadline = Date.now() + 10_000;
		while (!(await answersPing(this.port))) {
			if (child.exitCode !== null || Date.now() > deadline) {
				throw new Error(`redis-server on port ${this.port} did not start:\n${this.log()}`);
			}
			await sleep(25);
		}
	}

	/** SIGTERM, as a service manager stops it; resolves once the process has exited. */
	async stop() {
		const child = this.child;
		if (!child || child.exitCode !== null || child.signalCode !== null) return;
		const exited = new Promise((resolve) => child.once('exit', resolve));
		child.kill('SIGTERM');
		await exited;
	}

	/** SIGSTOP: the server stops answering but keeps its connections, as a frozen host or a long fork would; every
	 * command sent meanwhile is applied once resume() sends SIGCONT. */
	pause() {
		this.child?.kill('SIGSTOP');
	}

	resume() {
		this.child?.kill('SIGCONT');
	}

	/** One command through redis-cli (Debian's redis-tools, which redis-server depends on); its raw answer. */
	command(...args: string[]): string {
		const result = spawnSync('redis-cli', ['-p', String(this.port), ...args], { encoding: 'utf8' });
		if (result.status !== 0)
			throw new Error(`redis-cli ${args.join(' ')} failed: ${result.stderr || result.error?.message}`);
		return result.stdout.trim();
	}

	log(): string {
		try {
			return readFileSync(path.join(this.dir, 'redis.log'), 'utf8').slice(-2000);
		} catch {
			return '';
		}
	}

	async dispose() {
		await this.stop();
		rmSync(this.dir, { recursive: true, force: true });
	}
}

/** A throwaway PostgreSQL cluster (Debian's `postgresql` package, see scripts/ensure-postgres.sh) in a temp
 * folder on a free port. PostgreSQL refuses to run as root, so as root its commands run as the `postgres` user.
 * Tuned for a test: no fsync, trust authentication on 127.0.0.1 only. */
export class PostgresCluster {
	private constructor(
		readonly port: number,
		private readonly dir: string,
		private readonly bin: string,
	) {}

	get settings(): PostgresSettings {
		return { host: '127.0.0.1', port: this.port, user: 'postgres', database: 'n8n' };
	}

	static async start(): Promise<PostgresCluster> {
		const cluster = new PostgresCluster(
			await runtime.freePort(),
			mkdtempSync(path.join(tmpdir(), 'hookline-pg-')),
			postgresBin(),
		);
		if (process.getuid?.() === 0) chownSync(cluster.dir, ...postgresUser());
		cluster.asOwner('initdb', [
			'-D',
			cluster.dataDir,
			'-U',
			'postgres',
			'--auth=trust',
			'--encoding=UTF8',
			'--locale=C',
			'--no-sync',
		]);
		const options = [
			`-p ${cluster.port}`,
			`-k ${cluster.dir}`,
			'-c listen_addresses=127.0.0.1',
			'-c fsync=off',
			'-c synchronous_commit=off',
			'-c full_page_writes=off',
		].join(' ');
		cluster.asOwner('pg_ctl', [
			'-D',
			cluster.dataDir,
			'-l',
			path.join(cluster.dir, 'postgres.log'),
			'-w',
			'-o',
			options,
			'start',
		]);
		cluster.psql('CREATE DATABASE n8n', 'postgres');
		return cluster;
	}

	private get dataDir() {
		return path.join(this.dir, 'data');
	}

	/** Runs SQL with the psql client over TCP and returns what it printed, unaligned and without headers. */
	psql(sql: string, database = 'n8n'): string {
		const args = [
			'-X',
			'-q',
			'-A',
			'-t',
			'-v',
			'ON_ERROR_STOP=1',
			'-h',
			'127.0.0.1',
			'-p',
			String(this.port),
			'-U',
			'postgres',
			'-d',
			database,
		];
		const result = spawnSync(path.join(this.bin, 'psql'), [...args, '-c', sql], {
			encoding: 'utf8',
			maxBuffer: 256 * 1024 * 1024,
		});
		if (result.status !== 0) throw new Error(`psql failed: ${result.stderr || result.error?.message}`);
		return result.stdout;
	}

	/** The whole n8n database as SQL text (pg_dump), for the secret scan. */
	dump(): string {
		const args = ['-h', '127.0.0.1', '-p', String(this.port), '-U', 'postgres', '-d', 'n8n'];
		const result = spawnSync(path.join(this.bin, 'pg_dump'), args, { encoding: 'utf8', maxBuffer: 1024 * 1024 * 1024 });
		if (result.status !== 0) throw new Error(`pg_dump failed: ${result.stderr || result.error?.message}`);
		return result.stdout;
	}

	async dispose() {
		try {
			this.asOwner('pg_ctl', ['-D', this.dataDir, '-m', 'immediate', '-w', 'stop']);
		} finally {
			rmSync(this.dir, { recursive: true, force: true });
		}
	}

	private asOwner(command: string, args: string[]) {
		const binary = path.join(this.bin, command);
		const [file, argv] =
			process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', binary, ...args]] : [binary, args];
		const result = spawnSync(file, argv, { encoding: 'utf8', cwd: this.dir });
		if (result.status !== 0) {
			const log = readFileOr(path.join(this.dir, 'postgres.log'));
			throw new Error(`${command} failed: ${result.stderr || result.stdout || result.error?.message}\n${log}`);
		}
	}
}

const readFileOr = (file: string, tail = 2000) => {
	try {
		return readFileSync(file, 'utf8').slice(-tail);
	} catch {
		return '';
	}
};

/** The newest server binaries Debian installed (they are not on PATH there). */
function postgresBin(): string {
	const root = '/usr/lib/postgresql';
	let versions: string[] = [];
	try {
		versions = readdirSync(root).sort((a, b) => Number(b) - Number(a));
	} catch {
		// not installed
	}
	if (versions.length === 0) throw new Error('PostgreSQL is not installed: run `bash scripts/ensure-postgres.sh`');
	return path.join(root, versions[0], 'bin');
}

function postgresUser(): [number, number] {
	const id = (flag: string) => Number(spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout.trim());
	return [id('-u'), id('-g')];
}

export interface QueueModeOptions {
	workflows: Array<Record<string, unknown> & { id: string }>;
	/** Credential data that needs the Redis port can be a function of it. */
	credentials: (redisPort: number) => Array<{ id: string; name: string; type: string; data: Record<string, unknown> }>;
	webhookProcesses?: number;
	/** Every secret the test uses: dispose() searches the database, Redis and every process's files for them. */
	secrets: readonly string[];
}

type Role = 'main' | 'webhook' | 'worker';

/** One n8n process of the cluster: its own user folder (its own local Hookline store and log) and ports. */
class QueueProcess {
	running?: RunningN8n;

	constructor(
		readonly name: string,
		readonly role: Role,
		readonly userFolder: string,
		readonly port: number,
		readonly brokerPort: number,
	) {}

	get baseUrl() {
		return `http://127.0.0.1:${this.port}`;
	}

	log(): string {
		return readFileOr(path.join(this.userFolder, 'n8n.log'), Infinity);
	}
}

/**
 * n8n 2.40.7 in queue mode on this machine: one main (`n8n start`), webhook processes (`n8n webhook`) and one
 * worker (`n8n worker`), sharing a Redis (n8n's queue, and the Hookline store through n8n's `redis` credential)
 * and a PostgreSQL database. The package is installed once and copied into every user folder, as each host of a
 * real deployment has it installed.
 */
export class QueueModeCluster {
	readonly startupMs: Record<string, number> = {};

	private secrets?: readonly string[];

	private constructor(
		readonly redis: PersistentRedis,
		readonly postgres: PostgresCluster,
		readonly main: QueueProcess,
		readonly webhooks: QueueProcess[],
		readonly worker: QueueProcess,
	) {}

	static async create(options: QueueModeOptions): Promise<QueueModeCluster> {
		runtime.ensureRuntime();
		const startedAt = Date.now();
		const [redis, postgres] = await Promise.all([PersistentRedis.start(), PostgresCluster.start()]);
		const made = async (name: string, role: Role) =>
			new QueueProcess(
				name,
				role,
				mkdtempSync(path.join(tmpdir(), `hookline-queue-${name}-`)),
				await runtime.freePort(),
				await runtime.freePort(),
			);
		const main = await made('main', 'main');
		const webhooks: QueueProcess[] = [];
		for (let i = 1; i <= (options.webhookProcesses ?? 2); i++) webhooks.push(await made(`webhook${i}`, 'webhook'));
		const worker = await made('worker', 'worker');
		const cluster = new QueueModeCluster(redis, postgres, main, webhooks, worker);
		try {
			runtime.installPackage(main.userFolder);
			for (const other of [...webhooks, worker]) {
				cpSync(path.join(main.userFolder, '.n8n', 'nodes'), path.join(other.userFolder, '.n8n', 'nodes'), {
					recursive: true,
				});
			}
			cluster.startupMs.prepare = Date.now() - startedAt;
			cluster.importInto(options);
			cluster.startupMs.import = Date.now() - startedAt - cluster.startupMs.prepare;
			await cluster.startProcess(main);
			// The others only read what the main set up (migrations, activated webhooks): they start together.
			await Promise.all([...webhooks, worker].map((member) => cluster.startProcess(member)));
			cluster.secrets = options.secrets;
		} catch (error) {
			await cluster.dispose();
			throw error;
		}
		return cluster;
	}

	/** The environment of one process; the same Redis, database and encryption key for all. */
	env(member: QueueProcess): NodeJS.ProcessEnv {
		return runtime.n8nEnv({
			userFolder: member.userFolder,
			port: member.port,
			brokerPort: member.brokerPort,
			extra: this.extraEnv(),
		});
	}

	private extraEnv(): Record<string, string> {
		return {
			...runtime.queueModeEnv({ redisPort: this.redis.port, postgres: this.postgres.settings }),
			// The main answers no production webhooks: every delivery in these tests goes to a webhook process.
			N8N_DISABLE_PRODUCTION_MAIN_PROCESS: 'true',
			// n8n's own webhook lookup cache lives in Redis in queue mode and holds each request until Redis is
			// back; in memory, requests reach the trigger during an outage, which is what the tests observe.
			N8N_CACHE_BACKEND: 'memory',
		};
	}

	private importInto(options: QueueModeOptions) {
		const env = this.env(this.main);
		const file = path.join(this.main.userFolder, 'import.json');
		writeFileSync(file, JSON.stringify(options.credentials(this.redis.port)));
		runtime.n8nCli(env, ['import:credentials', `--input=${file}`]);
		writeFileSync(file, JSON.stringify(options.workflows));
		runtime.n8nCli(env, ['import:workflow', `--input=${file}`]);
		rmSync(file);
		for (const workflow of options.workflows) runtime.n8nCli(env, ['publish:workflow', `--id=${workflow.id}`]);
	}

	private async startProcess(member: QueueProcess) {
		const startedAt = Date.now();
		member.running = await runtime.startN8n({
			userFolder: member.userFolder,
			port: member.port,
			brokerPort: member.brokerPort,
			extraEnv: this.extraEnv(),
			command: member.role === 'main' ? 'start' : member.role,
		});
		this.startupMs[member.name] = Date.now() - startedAt;
	}

	/** Waits until every webhook process serves `webhookPath` (registered by the main at activation). */
	async waitForWebhook(webhookPath: string, timeoutMs = 60_000) {
		for (const member of this.webhooks) {
			const deadline = Date.now() + timeoutMs;
			for (;;) {
				const response = await fetch(`${member.baseUrl}/webhook/${webhookPath}`, {
					method: 'OPTIONS',
					headers: { origin: member.baseUrl, 'access-control-request-method': 'POST' },
				});
				if (response.status === 204) break;
				if (Date.now() > deadline) {
					throw new Error(
						`${member.name} did not serve ${webhookPath} within ${timeoutMs} ms\n${this.logDigest(member)}`,
					);
				}
				await sleep(200);
			}
		}
	}

	/** Every execution in n8n's database, read through PostgreSQL, with its run data un-flatted and its custom
	 * data (the delivery or alert id the triggers tag). */
	executions(): StoredExecution[] {
		const sql = `SELECT coalesce(json_agg(row_to_json(t) ORDER BY t.id), '[]') FROM (
			SELECT e.id, e.status, e.mode, e."workflowId", d.data AS "rawData",
				(SELECT coalesce(json_object_agg(m.key, m.value), '{}') FROM execution_metadata m WHERE m."executionId" = e.id) AS "customData"
			FROM execution_entity e LEFT JOIN execution_data d ON d."executionId" = e.id) t`;
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const { parse } = require(path.resolve(runtime.n8nBin, '../../../flatted')) as { parse(text: string): unknown };
		const rows = JSON.parse(this.postgres.psql(sql)) as Array<
			Omit<StoredExecution, 'data'> & { rawData: string | null }
		>;
		return rows.map((row) => ({
			...row,
			id: String(row.id),
			rawData: row.rawData ?? '',
			data: row.rawData ? (parse(row.rawData) as StoredExecution['data']) : null,
		}));
	}

	/** Waits until `done(finished executions)` holds, or the time is up; returns the finished executions. */
	async waitForExecutions(
		done: (finished: StoredExecution[]) => boolean,
		timeoutMs = 60_000,
	): Promise<StoredExecution[]> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const finished = this.executions().filter((e) => !['new', 'running'].includes(e.status));
			if (done(finished) || Date.now() > deadline) return finished;
			await sleep(250);
		}
	}

	logDigest(member: QueueProcess, maxChars = 3000): string {
		return `--- ${member.name} log (tail) ---\n${member
			.log()
			.split('\n')
			.filter((line) => !/^\s+at |^\s*$/.test(line))
			.join('\n')
			.slice(-maxChars)}`;
	}

	/** Stops everything; after a cluster that started, first searches the database, Redis's append-only file and
	 * every process's files for the secrets. */
	async dispose() {
		const processes = [...this.webhooks, this.worker, this.main];
		let scan: SecretScanReport | undefined;
		try {
			await Promise.all(processes.map((member) => member.running?.stop()));
			await this.redis.stop();
			if (this.secrets) {
				scan = scanForSecrets(this.secrets, {
					folders: [...processes.map((member) => member.userFolder), this.redis.dir],
					texts: { 'PostgreSQL dump': this.postgres.dump() },
				});
			}
		} finally {
			await this.redis.dispose();
			await this.postgres.dispose();
			for (const member of processes) rmSync(member.userFolder, { recursive: true, force: true });
		}
		if (scan) judgeSecretScan(scan);
	}
}
