import { createHmac, timingSafeEqual } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

/** A real webhook consumer on 127.0.0.1 for the sending nodes' tests: it verifies every request the way the
 * named receiver does, answers 401 when the signature is wrong, and otherwise answers as the test scripts it —
 * including the failures a sender must survive. It records everything it got. */

export interface ReceivedRequest {
	method: string;
	path: string;
	headers: http.IncomingHttpHeaders;
	body: Buffer;
	receivedAt: number;
	verified: boolean;
}

export type Reply =
	| { status: number; headers?: Record<string, string>; body?: string; delayMs?: number }
	| { hang: true }
	| { reset: true };

/** Checks one request exactly as a consumer would: over the raw bytes received. */
export type Verifier = (body: Buffer, headers: http.IncomingHttpHeaders) => boolean;

export type Script = (request: ReceivedRequest, index: number) => Reply;

const header = (headers: http.IncomingHttpHeaders, name: string) => {
	const value = headers[name.toLowerCase()];
	return Array.isArray(value) ? undefined : value;
};

const sameText = (a: string, b: string) =>
	a.length === b.length && timingSafeEqual(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));

export const verifiers = {
	/** MSP Manager: X-Webhook-Signature is the base64 HMAC-SHA256 of the raw body. */
	mspManager:
		(secret: string, headerName = 'X-Webhook-Signature', encoding: 'base64' | 'hex' = 'base64'): Verifier =>
		(body, headers) =>
			sameText(header(headers, headerName) ?? '', createHmac('sha256', secret).update(body).digest(encoding)),

	/** OneManage: X-OneManage-Signature is the hex HMAC-SHA256 of the raw body. Its documented sample verifies
	 * JSON.stringify(req.body) instead, so that must match too: a sender whose bytes differ from compact JSON
	 * would fail such consumers. */
	oneManage:
		(secret: string): Verifier =>
		(body, headers) => {
			const signature = header(headers, 'X-OneManage-Signature') ?? '';
			const reserialised = JSON.stringify(JSON.parse(body.toString('utf8')));
			const hex = (content: Buffer | string) => createHmac('sha256', secret).update(content).digest('hex');
			return sameText(signature, hex(body)) && sameText(signature, hex(reserialised));
		},

	/** Standard Webhooks, checked by the reference library itself. */
	standardWebhooks:
		(secret: string): Verifier =>
		(body, headers) => {
			try {
				const flat = Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, String(value)]));
				new Webhook(secret).verify(body, flat);
				return true;
			} catch {
				return false;
			}
		},

	/** A generic HMAC consumer: the signed content is built from the raw body and headers by the test. */
	hmac:
		(options: {
			secret: string;
			algorithm: 'sha1' | 'sha256' | 'sha512';
			encoding: 'hex' | 'base64';
			header: string;
			prefix?: string;
			content?: (body: Buffer, headers: http.IncomingHttpHeaders) => Buffer;
		}): Verifier =>
		(body, headers) => {
			const content = options.content ? options.content(body, headers) : body;
			const expected =
				(options.prefix ?? '') + createHmac(options.algorithm, options.secret).update(content).digest(options.encoding);
			return sameText(header(headers, options.header) ?? '', expected);
		},

	unsigned: (): Verifier => () => true,
};

export class SignatureReceiver {
	readonly requests: ReceivedRequest[] = [];
	/** Requests being answered right now, and the most there ever were at once. */
	inFlight = 0;
	peakInFlight = 0;
	script: Script = () => ({ status: 200, body: 'ok' });
	verify: Verifier;

	private constructor(
		private readonly server: http.Server,
		private readonly defaultVerify: Verifier,
	) {
		this.verify = defaultVerify;
	}

	static async start(verify: Verifier): Promise<SignatureReceiver> {
		let receiver: SignatureReceiver | undefined;
		const server = http.createServer((req, res) => receiver?.handle(req, res));
		receiver = new SignatureReceiver(server, verify);
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		return receiver;
	}

	url(path = '/hook'): string {
		return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}${path}`;
	}

	/** Clears what was recorded and sets the answers (and, if given, the consumer's check) for the next test. */
	reset(script: Script = () => ({ status: 200, body: 'ok' }), verify: Verifier = this.defaultVerify): void {
		this.requests.length = 0;
		this.peakInFlight = 0;
		this.script = script;
		this.verify = verify;
	}

	async close(): Promise<void> {
		this.server.closeAllConnections();
		await new Promise((resolve) => this.server.close(resolve));
	}

	private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const body = Buffer.concat(chunks);
			const request: ReceivedRequest = {
				method: req.method ?? '',
				path: req.url ?? '',
				headers: req.headers,
				body,
				receivedAt: Date.now(),
				verified: this.verify(body, req.headers),
			};
			const index = this.requests.push(request) - 1;
			this.inFlight++;
			this.peakInFlight = Math.max(this.peakInFlight, this.inFlight);
			res.on('close', () => this.inFlight--);
			if (!request.verified) {
				res.writeHead(401, { 'content-type': 'application/json' }).end('{"ok":false,"error":"unauthorized"}');
				return;
			}
			this.answer(req, res, this.script(request, index));
		});
	}

	private answer(req: http.IncomingMessage, res: http.ServerResponse, reply: Reply): void {
		if ('hang' in reply) return;
		if ('reset' in reply) {
			req.socket.destroy();
			return;
		}
		const send = () => res.writeHead(reply.status, reply.headers).end(reply.body ?? '');
		if (reply.delayMs) setTimeout(send, reply.delayMs);
		else send();
	}
}
