import { deliver, deliverDurably, type DeliveryRequest } from '../../../nodes/core/delivery/engine';
import type { HttpRequest, HttpResponse, WaitingDelivery } from '../../../nodes/core/delivery/types';

type Step = { status: number; body?: string; headers?: HttpResponse['headers'] } | { code: string; message?: string };

/** An HttpFunction that plays a script and remembers every request it saw. */
function scripted(steps: Step[]) {
	const seen: HttpRequest[] = [];
	const http = async (request: HttpRequest): Promise<HttpResponse> => {
		seen.push({ ...request, headers: { ...request.headers } });
		const step = steps[Math.min(seen.length - 1, steps.length - 1)];
		if ('code' in step) throw Object.assign(new Error(step.message ?? `socket ${step.code}`), { code: step.code });
		return { status: step.status, headers: step.headers ?? {}, body: Buffer.from(step.body ?? '') };
	};
	return { http, seen };
}

function harness(steps: Step[]) {
	const { http, seen } = scripted(steps);
	const sleeps: number[] = [];
	let clock = 1_000_000;
	const options = {
		http,
		sleep: async (ms: number) => {
			sleeps.push(ms);
			clock += ms;
		},
		now: () => clock,
		random: () => 0,
		policy: { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 1000 },
	};
	return { options, seen, sleeps };
}

const body = Buffer.from(JSON.stringify({ eventType: 'ticket.created', text: 'héllo ✓' }));
const request: DeliveryRequest = {
	url: 'https://receiver.example/hook',
	body,
	headers: { 'Content-Type': 'application/json', 'X-Webhook-Signature': 'c2lnbmF0dXJlLXNlY3JldA==' },
	eventId: 'evt_123',
	timeoutMs: 10_000,
};

describe('deliver', () => {
	it('503, 503, 200 → delivered on the third attempt', async () => {
		const { options, seen, sleeps } = harness([{ status: 503 }, { status: 503 }, { status: 200, body: 'ok' }]);
		const record = await deliver(request, options);
		expect(record).toEqual({
			delivered: true,
			eventId: 'evt_123',
			url: 'https://receiver.example/hook',
			status: 200,
			attempts: [
				{ n: 1, status: 503, error: 'HTTP 503', durationMs: 0 },
				{ n: 2, status: 503, error: 'HTTP 503', durationMs: 0 },
				{ n: 3, status: 200, error: null, durationMs: 0 },
			],
			responseBody: 'ok',
		});
		expect(seen).toHaveLength(3);
		expect(sleeps).toEqual([50, 100]);
	});

	it('400 → one attempt, not delivered, no wait', async () => {
		const { options, seen, sleeps } = harness([{ status: 400, body: '{"error":"bad"}' }]);
		const record = await deliver(request, options);
		expect(record.delivered).toBe(false);
		expect(record.status).toBe(400);
		expect(record.attempts).toEqual([{ n: 1, status: 400, error: 'HTTP 400', durationMs: 0 }]);
		expect(record.responseBody).toBe('{"error":"bad"}');
		expect(seen).toHaveLength(1);
		expect(sleeps).toEqual([]);
	});

	it('a redirect is a final answer and says it was not followed', async () => {
		const { options, seen } = harness([{ status: 302, headers: { location: 'https://elsewhere.example/' } }]);
		const record = await deliver(request, options);
		expect(record.delivered).toBe(false);
		expect(record.attempts[0].error).toBe('HTTP 302 (redirects are not followed)');
		expect(seen).toHaveLength(1);
	});

	it('ECONNRESET then 200 → delivered, the error is logged', async () => {
		const { options } = harness([{ code: 'ECONNRESET', message: 'socket hang up' }, { status: 202 }]);
		const record = await deliver(request, options);
		expect(record.delivered).toBe(true);
		expect(record.status).toBe(202);
		expect(record.attempts).toEqual([
			{ n: 1, status: null, error: 'ECONNRESET: socket hang up', durationMs: 0 },
			{ n: 2, status: 202, error: null, durationMs: 0 },
		]);
	});

	it('429 with Retry-After: 2 waits at least 2000 ms', async () => {
		const { options, sleeps } = harness([{ status: 429, headers: { 'retry-after': '2' } }, { status: 200 }]);
		const record = await deliver(request, { ...options, policy: { ...options.policy, maxRetryAfterMs: 60_000 } });
		expect(record.delivered).toBe(true);
		expect(sleeps).toHaveLength(1);
		expect(sleeps[0]).toBeGreaterThanOrEqual(2000);
	});

	it('reads Retry-After whatever the header case and caps it at maxRetryAfterMs', async () => {
		const { options, sleeps } = harness([{ status: 503, headers: { 'Retry-After': '3600' } }, { status: 200 }]);
		await deliver(request, { ...options, policy: { ...options.policy, maxRetryAfterMs: 5000 } });
		expect(sleeps).toEqual([5000]);
	});

	it('exhausts maxAttempts → not delivered, every attempt recorded, no sleep after the last', async () => {
		const { options, seen, sleeps } = harness([{ code: 'ETIMEDOUT', message: 'No complete response within 10000 ms' }]);
		const record = await deliver(request, { ...options, policy: { ...options.policy, maxAttempts: 4 } });
		expect(record.delivered).toBe(false);
		expect(record.status).toBeNull();
		expect(record.responseBody).toBe('');
		expect(record.attempts.map((attempt) => attempt.n)).toEqual([1, 2, 3, 4]);
		expect(
			record.attempts.every((attempt) => attempt.error === 'ETIMEDOUT: No complete response within 10000 ms'),
		).toBe(true);
		expect(seen).toHaveLength(4);
		expect(sleeps).toEqual([50, 100, 200]);
	});

	it('sends the same body bytes, eventId and URL on every attempt', async () => {
		const { options, seen } = harness([{ status: 500 }, { code: 'ECONNREFUSED' }, { status: 408 }, { status: 200 }]);
		const record = await deliver(request, options);
		expect(record.eventId).toBe('evt_123');
		expect(seen).toHaveLength(4);
		for (const sent of seen) {
			expect(sent.body.equals(body)).toBe(true);
			expect(sent.url).toBe(request.url);
			expect(sent.method).toBe('POST');
			expect(sent.timeoutMs).toBe(10_000);
			expect(sent.headers).toEqual(request.headers);
		}
	});

	it('asks a header function again for every attempt', async () => {
		const { options, seen } = harness([{ status: 503 }, { status: 204 }]);
		await deliver(
			{ ...request, method: 'PUT', headers: (attempt) => ({ 'webhook-timestamp': String(attempt) }) },
			options,
		);
		expect(seen.map((sent) => [sent.method, sent.headers['webhook-timestamp']])).toEqual([
			['PUT', '1'],
			['PUT', '2'],
		]);
	});

	it('measures each attempt with the injected clock', async () => {
		let clock = 0;
		const record = await deliver(request, {
			http: async () => {
				clock += 37;
				return { status: 200, headers: {}, body: Buffer.alloc(0) };
			},
			now: () => clock,
		});
		expect(record.attempts).toEqual([{ n: 1, status: 200, error: null, durationMs: 37 }]);
	});

	it('never echoes header values or URL credentials in an error', async () => {
		const secretUrl = 'https://user:hunter2pass@receiver.example/hook?token=tok_abcdef';
		const { options } = harness([
			{
				code: 'ERR_HTTP_INVALID_HEADER_VALUE',
				message:
					'Invalid value "c2lnbmF0dXJlLXNlY3JldA==" for header "X-Webhook-Signature" at https://user:hunter2pass@receiver.example/hook?token=tok_abcdef',
			},
		]);
		const record = await deliver({ ...request, url: secretUrl }, options);
		const error = record.attempts[0].error ?? '';
		expect(error).toContain('[redacted]');
		expect(error).not.toContain('c2lnbmF0dXJlLXNlY3JldA==');
		expect(error).not.toContain('hunter2pass');
		expect(error).not.toContain('tok_abcdef');
		expect(record.attempts).toHaveLength(1);
	});

	it('records a thrown non-Error without crashing', async () => {
		const record = await deliver(request, {
			http: () => Promise.reject('boom'),
			sleep: async () => undefined,
			policy: { maxAttempts: 2 },
		});
		expect(record.attempts.map((attempt) => attempt.error)).toEqual(['boom', 'boom']);
	});

	it('truncates the last response body at the limit and says so', async () => {
		const long = 'é'.repeat(3000); // 6000 bytes
		const { options } = harness([
			{ status: 500, body: 'first' },
			{ status: 400, body: long },
		]);
		const record = await deliver(request, { ...options, responseBodyLimit: 4095 });
		expect(record.responseBody.endsWith('…[truncated]')).toBe(true);
		const kept = record.responseBody.slice(0, -'…[truncated]'.length);
		expect(kept).toBe('é'.repeat(2047)); // the character cut in half at byte 4095 is dropped
		expect(kept).not.toContain('\uFFFD');
	});

	it('keeps the default 4096-byte limit', async () => {
		const { options } = harness([{ status: 200, body: 'x'.repeat(10_000) }]);
		const record = await deliver(request, options);
		expect(record.responseBody).toBe(`${'x'.repeat(4096)}…[truncated]`);
	});

	it('throws for programmer errors only', async () => {
		const { options } = harness([{ status: 200 }]);
		await expect(deliver(request, { ...options, policy: { maxAttempts: 0 } })).rejects.toThrow(RangeError);
		await expect(deliver({ ...request, timeoutMs: 0 }, options)).rejects.toThrow(RangeError);
	});

	it('does not retry permanent errors', async () => {
		const { options, seen } = harness([{ code: 'ERR_INVALID_URL', message: 'Invalid URL' }]);
		const record = await deliver(request, options);
		expect(record.delivered).toBe(false);
		expect(seen).toHaveLength(1);
	});

	it('uses real timers by default', async () => {
		const { http } = scripted([{ status: 503 }, { status: 200 }]);
		const started = Date.now();
		const record = await deliver(request, { http, policy: { baseDelayMs: 20, maxDelayMs: 20 } });
		expect(record.delivered).toBe(true);
		expect(Date.now() - started).toBeGreaterThanOrEqual(9);
	});
});

describe('deliver: cancellation', () => {
	const timers = () => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;

	it('abort during a backoff wait: no further attempt, settles at once, no timer left behind', async () => {
		const { http, seen } = scripted([{ status: 503 }]);
		const controller = new AbortController();
		const before = timers();
		const pending = deliver(request, {
			http,
			signal: controller.signal,
			policy: { maxAttempts: 5, baseDelayMs: 60_000, maxDelayMs: 60_000 },
		});
		while (seen.length === 0) await new Promise((resolve) => setImmediate(resolve));
		await new Promise((resolve) => setTimeout(resolve, 20));
		const abortedAt = Date.now();
		controller.abort();
		const record = await pending;
		expect(Date.now() - abortedAt).toBeLessThan(1000); // the wait was 30-60 s
		expect(record).toMatchObject({ delivered: false, cancelled: true, status: 503, attempts: [{ n: 1, status: 503 }] });
		expect(seen).toHaveLength(1);
		expect(timers()).toBe(before);
	});

	it('abort during a request: the request gets the signal, its attempt is logged as cancelled, none follows', async () => {
		const controller = new AbortController();
		const seen: HttpRequest[] = [];
		const http = (sent: HttpRequest) =>
			new Promise<HttpResponse>((_resolve, reject) => {
				seen.push(sent);
				sent.signal?.addEventListener('abort', () =>
					reject(Object.assign(new Error('aborted'), { name: 'AbortError', code: 'ABORT_ERR' })),
				);
			});
		const pending = deliver(request, { http, signal: controller.signal, sleep: async () => undefined });
		await new Promise((resolve) => setImmediate(resolve));
		controller.abort();
		const record = await pending;
		expect(seen).toHaveLength(1);
		expect(seen[0].signal).toBe(controller.signal);
		expect(record).toMatchObject({
			delivered: false,
			cancelled: true,
			status: null,
			responseBody: '',
			attempts: [{ n: 1, status: null, error: 'Cancelled before an answer arrived' }],
		});
	});

	it('an AbortError from the transport ends the delivery even without a signal of its own', async () => {
		const { options, seen } = harness([{ code: 'ABORT_ERR', message: 'The request was cancelled' }]);
		const record = await deliver(request, options);
		expect(seen).toHaveLength(1);
		expect(record).toMatchObject({
			cancelled: true,
			attempts: [{ n: 1, error: 'Cancelled before an answer arrived' }],
		});
	});

	it('a wait that rejects with an AbortError ends the delivery without another attempt', async () => {
		const { options, seen } = harness([{ status: 500 }]);
		const record = await deliver(request, {
			...options,
			sleep: () => Promise.reject(Object.assign(new Error('stop'), { name: 'AbortError' })),
		});
		expect(seen).toHaveLength(1);
		expect(record).toMatchObject({ cancelled: true, status: 500, attempts: [{ n: 1, status: 500 }] });
	});

	it('a wait that fails for another reason is a programmer error and still throws', async () => {
		const { options } = harness([{ status: 500 }]);
		await expect(deliver(request, { ...options, sleep: () => Promise.reject(new TypeError('bad')) })).rejects.toThrow(
			TypeError,
		);
	});

	it('already cancelled: nothing is sent, the record has no attempt', async () => {
		const { options, seen } = harness([{ status: 200 }]);
		const record = await deliver(request, { ...options, signal: AbortSignal.abort() });
		expect(seen).toHaveLength(0);
		expect(record).toEqual({
			delivered: false,
			eventId: 'evt_123',
			url: request.url,
			status: null,
			attempts: [],
			responseBody: '',
			cancelled: true,
		});
	});

	it('a signal that never fires changes nothing', async () => {
		const { options } = harness([{ status: 503 }, { status: 200 }]);
		const record = await deliver(request, { ...options, signal: new AbortController().signal });
		expect(record.delivered).toBe(true);
		expect(record).not.toHaveProperty('cancelled');
	});
});

describe('deliver on a retry schedule', () => {
	it('waits exactly the scheduled delays and makes delays + 1 attempts, numbered in the attempt header', async () => {
		const { options, seen, sleeps } = harness([{ status: 500 }, { status: 500 }, { status: 200 }]);
		const numbered: DeliveryRequest = { ...request, headers: (n) => ({ 'X-Webhook-Attempt': String(n) }) };
		const record = await deliver(numbered, { ...options, policy: { maxAttempts: 1, scheduleMs: [2000, 3000, 4000] } });
		expect(record).toMatchObject({ delivered: true, status: 200 });
		expect(record.attempts.map((a) => a.status)).toEqual([500, 500, 200]);
		expect(sleeps).toEqual([2000, 3000]);
		expect(seen.map((r) => r.headers['X-Webhook-Attempt'])).toEqual(['1', '2', '3']);
	});

	it('ends in Failed after the last scheduled attempt, and stops at once on a final answer', async () => {
		const failing = harness([{ status: 503 }]);
		const failed = await deliver(request, { ...failing.options, policy: { scheduleMs: [10, 20] } });
		expect(failed).toMatchObject({ delivered: false, status: 503 });
		expect(failed.attempts).toHaveLength(3);
		expect(failing.sleeps).toEqual([10, 20]);

		const refused = harness([{ status: 400 }]);
		const final = await deliver(request, { ...refused.options, policy: { scheduleMs: [10, 20] } });
		expect(final.attempts).toHaveLength(1);
		expect(refused.sleeps).toEqual([]);
	});
});

describe('deliverDurably', () => {
	it('returns the delivery waiting, with its attempts and when the next is due, instead of a long sleep', async () => {
		const { options, sleeps } = harness([{ status: 500, body: 'down' }]);
		const outcome = await deliverDurably(request, {
			...options,
			policy: { scheduleMs: [500, 60_000, 3_600_000] },
			durableFromMs: 60_000,
		});
		// The first wait (500 ms) is slept here; the second (a minute) is not.
		expect(sleeps).toEqual([500]);
		expect(outcome).toMatchObject({
			waiting: true,
			eventId: 'evt_123',
			status: 500,
			responseBody: 'down',
			nextAttempt: 3,
			attempts: [
				{ n: 1, status: 500 },
				{ n: 2, status: 500 },
			],
		});
		expect((outcome as { dueAt: number }).dueAt).toBe(1_000_000 + 500 + 60_000);
	});

	it('continues from where it stood: attempt numbers and the log go on, and the next long wait returns again', async () => {
		const { options, seen } = harness([{ status: 500 }, { status: 200 }]);
		const numbered: DeliveryRequest = { ...request, headers: (n) => ({ 'X-Webhook-Attempt': String(n) }) };
		const resumeFrom = { attempts: [{ n: 1, status: 500, error: 'HTTP 500', durationMs: 1 }], nextAttempt: 2 };
		const policy = { scheduleMs: [60_000, 60_000, 60_000] };
		const first = await deliverDurably(numbered, { ...options, policy, durableFromMs: 0, resumeFrom });
		expect(first).toMatchObject({ waiting: true, nextAttempt: 3 });
		const second = await deliverDurably(numbered, {
			...options,
			policy,
			durableFromMs: 0,
			resumeFrom: first as WaitingDelivery,
		});
		expect(second).toMatchObject({ delivered: true, status: 200 });
		expect((second as { attempts: Array<{ n: number }> }).attempts.map((a) => a.n)).toEqual([1, 2, 3]);
		expect(seen.map((r) => r.headers['X-Webhook-Attempt'])).toEqual(['2', '3']);
	});
});
