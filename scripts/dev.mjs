#!/usr/bin/env node
// `npm run dev`: builds the package, installs it into a local n8n as a community package, imports the example
// workflows (inactive), starts n8n on 127.0.0.1 and prints the editor URL. Edits under nodes/ or credentials/
// rebuild, reinstall and restart n8n.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, watch } from 'node:fs';
import path from 'node:path';

import { ensureRuntime, freePort, installPackage, n8nCli, n8nEnv, PROJECT_ROOT, startN8n } from './n8n-runtime.cjs';

const userFolder = path.join(PROJECT_ROOT, '.n8n-dev');
const examplesDir = path.join(PROJECT_ROOT, 'examples');

function build() {
	const result = spawnSync('npm', ['run', 'build'], { cwd: PROJECT_ROOT, stdio: 'inherit' });
	return result.status === 0;
}

async function portOrFree(preferred) {
	const { createServer } = await import('node:net');
	return await new Promise((resolve) => {
		const server = createServer();
		server.once('error', () => resolve(freePort()));
		server.listen(preferred, '127.0.0.1', () => server.close(() => resolve(preferred)));
	});
}

function importExamples(env) {
	if (!existsSync(examplesDir)) return;
	for (const file of readdirSync(examplesDir).filter((name) => name.endsWith('.json'))) {
		n8nCli(env, ['import:workflow', `--input=${path.join(examplesDir, file)}`]);
	}
}

async function main() {
	if (!build()) process.exit(1);
	ensureRuntime();
	mkdirSync(userFolder, { recursive: true });
	installPackage(userFolder);

	const port = await portOrFree(5678);
	const brokerPort = await freePort();
	importExamples(n8nEnv({ userFolder, port, brokerPort }));

	let instance = await startN8n({ userFolder, port, brokerPort });
	console.log(`\nn8n is running with n8n-nodes-hookline loaded.\nEditor: ${instance.baseUrl}/\n`);
	console.log('Editing nodes/ or credentials/ rebuilds and restarts n8n. Ctrl+C stops it.');

	let timer;
	let restarting = Promise.resolve();
	const restart = () => {
		restarting = restarting.then(async () => {
			if (!build()) return;
			await instance.stop();
			installPackage(userFolder);
			instance = await startN8n({ userFolder, port, brokerPort });
			console.log(`Restarted. Editor: ${instance.baseUrl}/`);
		});
	};
	for (const dir of ['nodes', 'credentials']) {
		watch(path.join(PROJECT_ROOT, dir), { recursive: true }, () => {
			clearTimeout(timer);
			timer = setTimeout(restart, 500);
		});
	}

	const shutdown = async () => {
		await restarting;
		await instance.stop();
		process.exit(0);
	};
	process.on('SIGINT', shutdown);
	process.on('SIGTERM', shutdown);
}

main().catch((error) => {
	console.error(error.message);
	process.exit(1);
});
