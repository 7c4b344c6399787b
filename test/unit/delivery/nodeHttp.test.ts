import { getEventListeners } from 'node:events';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

import { createNodeHttp } from '../../../nodes/core/delivery/nodeHttp';
import type { HttpRequest } from '../../../nodes/core/delivery/types';

type Handler = (req: http.IncomingMessage, res: http.ServerResponse, body: Buffer) => void;

let server: http.Server;
let base: string;
let handler: Handler;

beforeAll(async () => {
	server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => handler(req, res, Buffer.concat(chunks)));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
	server.closeAllConnections();
	await new Promise((resolve) => server.close(resolve));
});

// The receiver is on loopback, which only an explicit opt-in may reach.
const send = createNodeHttp({ maxResponseBytes: 1024, allowPrivateNetwork: true });
const request = (overrides: Partial<HttpRequest> = {}): HttpRequest => ({
	url: `${base}/hook`,
	method: 'POST',
	headers: { 'Content-Type': 'application/json', 'X-Webhook-Signature': 'sig' },
	body: Buffer.from('{"a":"é"}'),
	timeoutMs: 2000,
	...overrides,
});

describe('createNodeHttp', () => {
	it('sends the exact bytes with Content-Length and returns status, headers and body', async () => {
		let received: { method?: string; headers?: http.IncomingHttpHeaders; body?: Buffer } = {};
		handler = (req, res, body) => {
			received = { method: req.method, headers: req.headers, body };
			res.writeHead(200, { 'content-type': 'text/plain', 'x-request-id': 'r1' }).end('thanks');
		};
		const response = await send(
			request({ method: 'PATCH', headers: { 'content-length': '1', 'X-Webhook-Signature': 'sig' } }),
		);
		expect(response.status).toBe(200);
		expect(response.headers['x-request-id']).toBe('r1');
		expect(response.body.toString()).toBe('thanks');
		expect(received.method).toBe('PATCH');
		expect(received.body?.equals(Buffer.from('{"a":"é"}'))).toBe(true);
		expect(received.headers?.['content-length']).toBe(String(Buffer.byteLength('{"a":"é"}')));
		expect(received.headers?.['x-webhook-signature']).toBe('sig');
	});

	it('returns error statuses as responses', async () => {
		handler = (_req, res) => res.writeHead(503, { 'retry-after': '2' }).end('busy');
		const response = await send(request());
		expect(response.status).toBe(503);
		expect(response.headers['retry-after']).toBe('2');
	});

	it('gives up on a server that never answers with ETIMEDOUT within the bound', async () => {
		handler = () => undefined;
		const started = Date.now();
		await expect(send(request({ timeoutMs: 150 }))).rejects.toMatchObject({ code: 'ETIMEDOUT' });
		expect(Date.now() - started).toBeLessThan(1000);
	});

	it('the deadline covers the body: a dripping server times out too', async () => {
		handler = (_req, res) => {
			res.writeHead(200);
			res.write('a');
			const drip = setInterval(() => (res.writableEnded || res.destroyed ? clearInterval(drip) : res.write('a')), 20);
			res.on('close', () => clearInterval(drip));
		};
		const started = Date.now();
		await expect(send(request({ timeoutMs: 200 }))).rejects.toMatchObject({ code: 'ETIMEDOUT' });
		expect(Date.now() - started).toBeLessThan(1000);
	});

	it('reports a connection reset before the answer', async () => {
		handler = (req) => req.socket.destroy();
		await expect(send(request())).rejects.toMatchObject({ code: 'ECONNRESET' });
	});

	it('reports a connection cut in the middle of the body', async () => {
		handler = (req, res) => {
			res.writeHead(200, { 'content-length': '100' });
			res.write('partial', () => req.socket.destroy());
		};
		await expect(send(request())).rejects.toMatchObject({ code: 'ECONNRESET' });
	});

	it('reports a refused connection', async () => {
		const closed = http.createServer();
		await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
		const port = (closed.address() as AddressInfo).port;
		await new Promise((resolve) => closed.close(resolve));
		await expect(send(request({ url: `http://127.0.0.1:${port}/` }))).rejects.toMatchObject({ code: 'ECONNREFUSED' });
	});

	it('does not follow redirects', async () => {
		const paths: string[] = [];
		handler = (req, res) => {
			paths.push(req.url ?? '');
			if (req.url === '/hook') res.writeHead(307, { location: `${base}/elsewhere` }).end();
			else res.writeHead(200).end('followed');
		};
		const response = await send(request());
		expect(response.status).toBe(307);
		expect(response.headers.location).toBe(`${base}/elsewhere`);
		expect(paths).toEqual(['/hook']);
	});

	it('reads at most maxResponseBytes of a huge response and hangs up', async () => {
		let closed = false;
		handler = (_req, res) => {
			res.writeHead(200);
			res.on('close', () => (closed = true));
			const chunk = Buffer.alloc(64 * 1024, 'x');
			const pump = () => {
				while (!res.destroyed && res.write(chunk));
				if (!res.destroyed) res.once('drain', pump);
			};
			pump();
		};
		const response = await send(request());
		expect(response.status).toBe(200);
		expect(response.body.length).toBe(1024);
		expect(response.body.equals(Buffer.alloc(1024, 'x'))).toBe(true);
		await new Promise((resolve) => setTimeout(resolve, 100));
		expect(closed).toBe(true);
	});

	it('keeps a response of exactly the cap whole', async () => {
		handler = (_req, res) => res.writeHead(200).end(Buffer.alloc(1024, 'y'));
		const response = await send(request());
		expect(response.body.length).toBe(1024);
	});

	it('rejects URLs it cannot send to, with a code', async () => {
		await expect(send(request({ url: 'not a url' }))).rejects.toMatchObject({ code: 'ERR_INVALID_URL' });
		await expect(send(request({ url: 'ftp://127.0.0.1/' }))).rejects.toMatchObject({ code: 'ERR_INVALID_PROTOCOL' });
	});

	it('rejects a header value node refuses to send, with a code', async () => {
		await expect(send(request({ headers: { 'X-Bad': 'line\nbreak' } }))).rejects.toHaveProperty('code');
	});
});

describe('createNodeHttp cancellation', () => {
	it('aborts a request in flight at once: the receiver sees the connection close, no timer is left', async () => {
		let closed!: Promise<void>;
		let arrived!: () => void;
		const reached = new Promise<void>((resolve) => (arrived = resolve));
		handler = (req) => {
			closed = new Promise((resolve) => req.socket.on('close', () => resolve()));
			arrived();
		};
		const controller = new AbortController();
		const pending = send(request({ timeoutMs: 60_000, signal: controller.signal }));
		await reached;
		const abortedAt = Date.now();
		controller.abort();
		await expect(pending).rejects.toMatchObject({ name: 'AbortError', code: 'ABORT_ERR' });
		expect(Date.now() - abortedAt).toBeLessThan(1000); // the timeout is 60 s
		await closed;
		expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
	});

	it('sends nothing when the signal has already fired', async () => {
		const hits: string[] = [];
		handler = (req, res) => {
			hits.push(req.url ?? '');
			res.end();
		};
		let looked = false;
		const watched = createNodeHttp({
			allowPrivateNetwork: true,
			resolve: async () => {
				looked = true;
				return [{ address: '127.0.0.1', family: 4 }];
			},
		});
		const url = `http://receiver.example:${new URL(base).port}/hook`;
		await expect(watched(request({ url, signal: AbortSignal.abort() }))).rejects.toMatchObject({ code: 'ABORT_ERR' });
		expect(hits).toEqual([]);
		expect(looked).toBe(false);
	});

	it('leaves no listener on a signal that outlives the request', async () => {
		handler = (_req, res) => res.end('ok');
		const controller = new AbortController();
		await send(request({ signal: controller.signal }));
		handler = (req) => req.socket.destroy();
		await expect(send(request({ signal: controller.signal }))).rejects.toMatchObject({ code: 'ECONNRESET' });
		expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
	});
});

describe('createNodeHttp private network protection', () => {
	const guarded = createNodeHttp();
	const hits: string[] = [];
	beforeEach(() => {
		hits.length = 0;
		handler = (req, res) => {
			hits.push(req.url ?? '');
			res.writeHead(200).end('reached');
		};
	});
	const port = () => new URL(base).port;

	it.each([
		['loopback IPv4', () => `http://127.0.0.1:${port()}/hook`, 'a loopback address'],
		['loopback by name', () => `http://localhost:${port()}/hook`, 'a loopback address'],
		['IPv6 loopback', () => `http://[::1]:${port()}/hook`, 'a loopback address'],
		['IPv4-mapped IPv6 loopback', () => `http://[::ffff:127.0.0.1]:${port()}/hook`, 'a loopback address'],
		['decimal IPv4', () => `http://2130706433:${port()}/hook`, 'a loopback address'],
		['unspecified', () => `http://0.0.0.0:${port()}/hook`, 'an unspecified address'],
		['cloud metadata', () => 'http://169.254.169.254/latest/meta-data/', 'a link-local address'],
		['private', () => 'http://10.0.0.1/hook', 'a private address'],
	])('refuses %s before connecting', async (_label, url, reason) => {
		await expect(guarded(request({ url: url() }))).rejects.toMatchObject({
			code: 'ERR_BLOCKED_ADDRESS',
			message: expect.stringContaining(reason),
		});
		expect(hits).toEqual([]);
	});

	it('checks the address a name resolves to, and connects to exactly that address', async () => {
		const resolve = async () => [{ address: '127.0.0.1', family: 4 }];
		const blocked = createNodeHttp({ resolve });
		await expect(blocked(request({ url: `http://receiver.example:${port()}/hook` }))).rejects.toMatchObject({
			code: 'ERR_BLOCKED_ADDRESS',
			message: expect.stringContaining('receiver.example (127.0.0.1)'),
		});
		expect(hits).toEqual([]);

		const allowed = createNodeHttp({ resolve, allowPrivateNetwork: true });
		const response = await allowed(request({ url: `http://receiver.example:${port()}/hook` }));
		expect(response.body.toString()).toBe('reached');
		expect(hits).toEqual(['/hook']);
	});

	it('applies operator lists to IP literals: an allowed range reaches loopback, a blocked one wins over the node switch', async () => {
		const allowed = createNodeHttp({ operatorRules: { allowedRanges: ['127.0.0.0/8'] } });
		expect((await allowed(request({ url: `http://127.0.0.1:${port()}/in-range` }))).status).toBe(200);
		const blocked = createNodeHttp({ allowPrivateNetwork: true, operatorRules: { blockedRanges: ['127.0.0.1/32'] } });
		await expect(blocked(request({ url: `http://127.0.0.1:${port()}/blocked` }))).rejects.toMatchObject({
			code: 'ERR_BLOCKED_ADDRESS',
			message: expect.stringContaining('in a range blocked by'),
		});
		expect(hits).toEqual(['/in-range']);
	});

	it('applies operator host names: a trusted name reaches loopback without the node switch', async () => {
		const trusted = createNodeHttp({
			operatorRules: { allowedHostnames: ['*.receiver.example'] },
			resolve: async () => [{ address: '127.0.0.1', family: 4 }],
		});
		const response = await trusted(request({ url: `http://hooks.receiver.example:${port()}/trusted` }));
		expect(response.status).toBe(200);
		await expect(trusted(request({ url: `http://receiver.example:${port()}/apex` }))).rejects.toMatchObject({
			code: 'ERR_BLOCKED_ADDRESS',
		});
		expect(hits).toEqual(['/trusted']);
	});
});
