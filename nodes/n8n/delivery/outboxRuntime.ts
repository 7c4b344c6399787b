import { homedir } from 'node:os';
import * as http from 'node:http';
import * as https from 'node:https';
import path from 'node:path';

import { OutboxFolder } from '../../core/delivery/outbox';
import { OutboxSweeper, type Kick, type KickAnswer } from '../../core/delivery/outboxSweeper';

/** The process's outbox and its sweeper, next to the local store in n8n's own folder. */

type Env = Record<string, string | undefined>;

export function outboxPath(env: Env, home: string): string {
	return path.join(env.N8N_USER_FOLDER || home, '.n8n', 'hookline', 'outbox');
}

/** The path segment of n8n's waiting webhooks (N8N_ENDPOINT_WEBHOOK_WAIT), without slashes. */
export function waitingEndpoint(env: Env): string {
	return (env.N8N_ENDPOINT_WEBHOOK_WAIT || 'webhook-waiting').replace(/^\/+|\/+$/g, '');
}

/** How long a resume may take: the node makes its due attempts (each up to its timeout) before n8n answers. */
const RESUME_TIMEOUT_MS = 10 * 60_000;

/** Calls this n8n's own waiting webhook on the loopback interface, where n8n listens (N8N_PORT,
 * N8N_LISTEN_ADDRESS, N8N_PROTOCOL, N8N_ENDPOINT_WEBHOOK_WAIT), never through a public URL or proxy. */
export function localResume(env: Env): Kick {
	const secure = env.N8N_PROTOCOL === 'https';
	const listen = env.N8N_LISTEN_ADDRESS?.trim();
	const host = !listen || listen === '::' || listen === '0.0.0.0' ? '127.0.0.1' : listen;
	const port = Number(env.N8N_PORT) || 5678;
	const endpoint = waitingEndpoint(env);
	return (executionId, resumeToken) =>
		new Promise<KickAnswer>((resolve) => {
			const request = (secure ? https : http).request(
				{
					host,
					port,
					method: 'POST',
					path: `/${endpoint}/${encodeURIComponent(executionId)}?signature=${encodeURIComponent(resumeToken)}`,
					headers: { 'content-type': 'application/json', 'content-length': 2 },
					timeout: RESUME_TIMEOUT_MS,
					// The certificate is issued for n8n's public name, not for the loopback address it is reached at.
					...(secure ? { rejectUnauthorized: false } : {}),
				},
				(response) => {
					const chunks: Buffer[] = [];
					response.on('data', (chunk: Buffer) => chunks.length < 64 && chunks.push(chunk));
					response.on('end', () =>
						resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
					);
				},
			);
			request.on('timeout', () => request.destroy(new Error('resume timed out')));
			request.on('error', (error) => resolve({ error: error.message }));
			request.end('{}');
		});
}

export const outbox = new OutboxFolder(outboxPath(process.env, homedir()));
export const outboxSweeper = new OutboxSweeper(outbox, localResume(process.env));

// n8n gives community packages no start-up hook: it requires every node file when it starts, so loading this
// module is the moment to pick up what was waiting before a restart.
outboxSweeper.load();
