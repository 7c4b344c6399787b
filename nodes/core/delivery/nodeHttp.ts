import * as http from 'node:http';
import * as https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';

import { abortError } from './abort';
import { compileDestinationPolicy, type DestinationPolicy, type DestinationRules } from './destinationPolicy';
import { blockedAddressError, createGuardedLookup, type Resolver } from './guardedLookup';
import type { HttpFunction, HttpRequest, HttpResponse } from './types';

export interface NodeHttpOptions {
	/** Response bytes kept at most; past this the socket is destroyed instead of downloading the rest.
	 * Keep it above the engine's responseBodyLimit so the engine can tell that it truncated. */
	maxResponseBytes?: number;
	/** Off by default: loopback, private, link-local and other non-public destinations are refused, by the
	 * address actually connected to, before any byte is sent (server-side request forgery protection). */
	allowPrivateNetwork?: boolean;
	/** An operator's allow and block lists on top of that (see DestinationRules). */
	operatorRules?: Omit<DestinationRules, 'allowPrivateNetwork'>;
	/** Name resolution; node's DNS unless a test substitutes a table. */
	resolve?: Resolver;
}

const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024;

/** An HttpFunction over node:http / node:https. Redirects are never followed: a webhook that answers 3xx has
 * not accepted the event, and replaying a signed body to another host would leak it. */
export function createNodeHttp(options: NodeHttpOptions = {}): HttpFunction {
	const maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
	const policy = compileDestinationPolicy({
		...options.operatorRules,
		allowPrivateNetwork: options.allowPrivateNetwork ?? false,
	});
	const lookup = createGuardedLookup({ policy, resolve: options.resolve });
	return (request) => send(request, { maxResponseBytes, policy, lookup });
}

interface Transport {
	maxResponseBytes: number;
	policy: DestinationPolicy;
	lookup: LookupFunction;
}

function codedError(code: string, message: string): Error & { code: string } {
	return Object.assign(new Error(message), { code });
}

/** An IP literal never goes through `lookup`, so it is checked here. The URL parser has already turned
 * forms such as 2130706433 or 0x7f.1 into dotted quads. */
function checkLiteralHost(url: URL, policy: DestinationPolicy): void {
	const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
	if (!isIP(host)) return;
	const refusal = policy.checkAddress(host);
	if (refusal) throw blockedAddressError(host, host, refusal);
}

function send(request: HttpRequest, transport: Transport): Promise<HttpResponse> {
	const { maxResponseBytes } = transport;
	const { signal } = request;
	return new Promise((resolve, reject) => {
		// Aborted before it started: nothing may leave, not even a DNS query.
		if (signal?.aborted) {
			reject(abortError('The request was cancelled before it was sent'));
			return;
		}
		let clientRequest: http.ClientRequest;
		try {
			const url = new URL(request.url);
			if (url.protocol !== 'http:' && url.protocol !== 'https:') {
				throw codedError('ERR_INVALID_PROTOCOL', `Protocol "${url.protocol}" is not supported; use http or https`);
			}
			checkLiteralHost(url, transport.policy);
			const client = url.protocol === 'https:' ? https : http;
			clientRequest = client.request(url, {
				method: request.method,
				headers: withContentLength(request.headers, request.body.length),
				lookup: transport.lookup,
				// A fresh connection each time: a pooled keep-alive socket would skip the lookup check, and may
				// have been opened by a request that was allowed private addresses.
				agent: false,
			});
		} catch (error) {
			reject(error);
			return;
		}

		let settled = false;
		// One deadline for connect, headers and body: a server that drips its answer cannot hold a worker.
		const timer = setTimeout(() => {
			settle(() => reject(codedError('ETIMEDOUT', `No complete response within ${request.timeoutMs} ms`)));
			clientRequest.destroy();
		}, request.timeoutMs);
		// Destroying the request closes the socket at whatever stage it is in (lookup, connect, sending, reading).
		const onAbort = () => {
			settle(() => reject(abortError('The request was cancelled before an answer arrived')));
			clientRequest.destroy();
		};
		signal?.addEventListener('abort', onAbort, { once: true });
		function settle(outcome: () => void) {
			if (settled) return;
			settled = true;
			clearTimeout(timer);
			// The signal usually outlives the request (one per execution): leave no listener on it.
			signal?.removeEventListener('abort', onAbort);
			outcome();
		}

		clientRequest.on('error', (error) => settle(() => reject(error)));
		clientRequest.on('response', (response) => {
			const chunks: Buffer[] = [];
			let size = 0;
			const complete = () =>
				settle(() =>
					resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }),
				);

			response.on('data', (chunk: Buffer) => {
				const room = maxResponseBytes - size;
				if (chunk.length <= room) {
					chunks.push(chunk);
					size += chunk.length;
					return;
				}
				chunks.push(chunk.subarray(0, room));
				size = maxResponseBytes;
				complete();
				response.destroy();
				clientRequest.destroy();
			});
			response.on('end', complete);
			response.on('error', (error) => settle(() => reject(error)));
			response.on('close', () =>
				settle(() => reject(codedError('ECONNRESET', 'The connection closed before the response was complete'))),
			);
		});
		clientRequest.end(request.body);
	});
}

/** Content-Length is always ours: the body is a Buffer of known size, so no chunked encoding is needed. */
function withContentLength(headers: Record<string, string>, length: number): Record<string, string> {
	const result: Record<string, string> = {};
	for (const [name, value] of Object.entries(headers)) {
		const lower = name.toLowerCase();
		if (lower !== 'content-length' && lower !== 'transfer-encoding') result[name] = value;
	}
	result['Content-Length'] = String(length);
	return result;
}
