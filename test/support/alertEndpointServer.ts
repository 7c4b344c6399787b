import { randomUUID } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

import { parseInboundAlert, type TenantEntry } from '../../nodes/core/schemas/alert';

/** One request the endpoint received, as it arrived. */
export interface ReceivedRequest {
	method: string;
	path: string;
	headers: http.IncomingHttpHeaders;
	body: string;
}

export interface AlertEndpointServer {
	/** The POST URL of a hook, as the endpoint shows it: `<base>/api/v1/inbound/<slug>`. */
	urlFor(slug: string): string;
	received: ReceivedRequest[];
	/** Answers the next requests with these statuses (then as usual): a flaky endpoint. */
	failNext(...statuses: number[]): void;
	close(): Promise<void>;
}

export interface AlertEndpointOptions {
	/** slug → bearer secret of each live hook. */
	hooks: Record<string, string>;
	/** Hooks that exist but are disabled: answered 404, as Manage365 does. */
	disabled?: string[];
	/** The MSP's customers: an unknown customerTenantDomain is a 400. */
	tenants?: TenantEntry[];
}

const PATH = /^\/api\/v1\/inbound\/([^/?]+)$/;

function answer(res: http.ServerResponse, status: number, body: unknown) {
	res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

/**
 * A real Manage365-style inbound alert endpoint on 127.0.0.1 and a random port, as its documentation describes
 * it: 404 for a slug that does not exist or is disabled, 401 for a wrong bearer secret, 400 with details for an
 * invalid alert or an unknown tenant domain, else 202 {"ok":true,"alertId":"…"}, where a dedupeKey seen before
 * names the same alert.
 */
export async function startAlertEndpoint(options: AlertEndpointOptions): Promise<AlertEndpointServer> {
	const received: ReceivedRequest[] = [];
	const failures: number[] = [];
	const alertIds = new Map<string, string>();

	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const body = Buffer.concat(chunks).toString('utf8');
			const path = req.url ?? '';
			received.push({ method: req.method ?? '', path, headers: req.headers, body });

			const failure = failures.shift();
			if (failure !== undefined) return answer(res, failure, { ok: false, error: 'unavailable' });
			const slug = PATH.exec(path)?.[1];
			const secret = slug === undefined ? undefined : options.hooks[slug];
			if (secret === undefined || options.disabled?.includes(slug!))
				return answer(res, 404, { ok: false, error: 'not_found' });
			if (req.method !== 'POST') return answer(res, 405, { ok: false, error: 'method_not_allowed' });
			if (req.headers.authorization !== `Bearer ${secret}`)
				return answer(res, 401, { ok: false, error: 'unauthorized' });

			let json: unknown;
			try {
				json = JSON.parse(body);
			} catch {
				return answer(res, 400, { ok: false, error: 'invalid_payload', details: ['body: Not JSON'] });
			}
			const parsed = parseInboundAlert(json, options.tenants ?? []);
			if (!parsed.ok) return answer(res, 400, { ok: false, error: 'invalid_payload', details: parsed.details });

			const { dedupeKey } = parsed.alert;
			const alertId = (dedupeKey !== null && alertIds.get(`${slug}:${dedupeKey}`)) || randomUUID();
			if (dedupeKey !== null) alertIds.set(`${slug}:${dedupeKey}`, alertId);
			answer(res, 202, { ok: true, alertId });
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

	return {
		urlFor: (slug) => `${base}/api/v1/inbound/${slug}`,
		received,
		failNext: (...statuses) => failures.push(...statuses),
		close: async () => {
			server.closeAllConnections();
			await new Promise((resolve) => server.close(resolve));
		},
	};
}
