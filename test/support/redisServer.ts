import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as net from 'node:net';
import { tmpdir } from 'node:os';

/** A throw-away redis-server on a random local port, for tests that need the real thing. */
export interface RedisServer {
	port: number;
	/** Kills the server and waits until it has exited. */
	stop(): Promise<void>;
	/** Starts a fresh (empty) server on the same port, e.g. after stop() to test reconnection. */
	restart(): Promise<void>;
}

const START_TIMEOUT_MS = 10_000;

export async function startRedis(): Promise<RedisServer> {
	if (spawnSync('redis-server', ['--version']).error) {
		throw new Error(
			'redis-server is not installed: run `bash scripts/ensure-redis.sh` (the Redis store tests need it)',
		);
	}
	// A port found free may be taken before redis binds it; a few tries make that race harmless.
	for (let attempt = 1; ; attempt++) {
		const port = await freePort();
		try {
			let child = await launch(port);
			return {
				port,
				stop: async () => stopChild(child),
				restart: async () => {
					await stopChild(child);
					child = await launch(port);
				},
			};
		} catch (error) {
			if (attempt === 3) throw error;
		}
	}
}

/** A port on 127.0.0.1 that nothing listens on (the OS picked it free, and it was let go at once). */
export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as net.AddressInfo;
			server.close(() => resolve(port));
		});
	});
}

async function launch(port: number): Promise<ChildProcess> {
	const child = spawn(
		'redis-server',
		[
			'--port',
			String(port),
			'--bind',
			'127.0.0.1',
			'--save',
			'',
			'--appendonly',
			'no',
			'--protected-mode',
			'yes',
			'--dir',
			tmpdir(),
		],
		{ stdio: ['ignore', 'pipe', 'pipe'] },
	);
	let output = '';
	child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
	child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
	const deadline = Date.now() + START_TIMEOUT_MS;
	while (!(await answersPing(port))) {
		if (child.exitCode !== null || child.signalCode !== null) {
			throw new Error(`redis-server on port ${port} exited before answering PING:\n${output}`);
		}
		if (Date.now() > deadline) {
			await stopChild(child);
			throw new Error(`redis-server on port ${port} did not answer PING within ${START_TIMEOUT_MS} ms:\n${output}`);
		}
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
	return child;
}

/** Whether a Redis on 127.0.0.1:`port` answers PING with PONG within a second. */
export function answersPing(port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const socket = net.connect(port, '127.0.0.1');
		let reply = '';
		const finish = (ok: boolean) => {
			socket.destroy();
			resolve(ok);
		};
		socket.setTimeout(1000, () => finish(false));
		socket.once('error', () => finish(false));
		socket.once('connect', () => socket.write('PING\r\n'));
		socket.on('data', (chunk) => {
			reply += chunk.toString();
			if (reply.includes('\r\n')) finish(reply.startsWith('+PONG'));
		});
	});
}

async function stopChild(child: ChildProcess): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null) return;
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	child.kill('SIGTERM');
	const killTimer = setTimeout(() => child.kill('SIGKILL'), 5000);
	await exited;
	clearTimeout(killTimer);
}
