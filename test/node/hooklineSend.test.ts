import type { ICredentialDataDecryptedObject, IDataObject, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { HooklineSend } from '../../nodes/HooklineSend/HooklineSend.node';
import { mockExecuteFunctions } from '../support/mockExecuteFunctions';
import { resolveParameters, withItemParameters } from '../support/nodeParameters';
import { SignatureReceiver, verifiers, type Reply, type Verifier } from '../support/signatureReceiver';
import { useThrowawayUserFolder } from '../support/userFolder';

const SECRET = 'onemanage-webhook-secret-2024';
const WHSEC = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const node = new HooklineSend();
const { properties } = node.description;

const BUG_REPORT = `{
  "id": "60d5ec49f1b2c72d88f0e1a7",
  "appId": "60d5eb12a3c4d5e6f7a8b9c0",
  "title": "App Crash on Startup — ünïcode ✓",
  "severity": "CRITICAL",
  "status": "OPEN",
  "createdAt": 1624623123000
}`;

let receiver: SignatureReceiver;
beforeAll(async () => {
	receiver = await SignatureReceiver.start(verifiers.unsigned());
});
afterAll(async () => await receiver.close());
// Endpoint health is kept in the local store: this file's own, thrown away after it.
useThrowawayUserFolder('hookline-send-');

interface RunOptions {
	items?: INodeExecutionData[];
	continueOnFail?: boolean;
	perItem?: Record<string, (itemIndex: number) => unknown>;
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	cancelSignal?: AbortSignal;
}

async function run(parameters: Record<string, unknown>, options: RunOptions = {}) {
	const ctx = mockExecuteFunctions({
		properties,
		parameters: resolveParameters(properties, {
			url: receiver.url(),
			allowPrivateNetwork: true,
			...parameters,
			options: { retryDelayMs: 20, ...(parameters.options as object) },
		}),
		items: options.items ?? [{ json: {} }],
		credentials: options.credentials ?? { hooklineSecretApi: { secret: SECRET, previousSecret: 'old-secret-value' } },
		continueOnFail: options.continueOnFail,
		nodeType: 'n8n-nodes-hookline.hooklineSend',
		cancelSignal: options.cancelSignal,
	});
	const [delivered, failed] = await node.execute.call(withItemParameters(ctx, options.perItem ?? {}));
	return { delivered, failed };
}

/** The consumer for the next run: how it verifies, and how it answers. */
function receive(verify: Verifier, script?: (body: Buffer, index: number) => Reply) {
	receiver.reset(script ? (request, index) => script(request.body, index) : undefined, verify);
}

const json = (item: INodeExecutionData) => item.json as IDataObject & { attempts: IDataObject[]; eventId: string };
const body = (index: number) => JSON.parse(receiver.requests[index].body.toString('utf8')) as IDataObject;
const header = (index: number, name: string) => receiver.requests[index].headers[name.toLowerCase()];

describe('Hookline Send: contract', () => {
	it('declares Delivered and Failed, is usable as a tool, needs no credential when unsigned', () => {
		expect(node.description.outputNames).toEqual(['Delivered', 'Failed']);
		expect(node.description.usableAsTool).toBe(true);
		expect(node.description.credentials).toEqual([
			expect.objectContaining({
				name: 'hooklineSecretApi',
				displayOptions: { hide: { scheme: ['none'], operation: ['getEndpointHealth'] } },
			}),
			expect.objectContaining({ name: 'redis', displayOptions: { show: { store: ['redis'] } } }),
		]);
		expect(properties.every((p) => p.type === 'notice' || p.description)).toBe(true);
	});

	it('offers the OneManage events as presets and free text for every other scheme', () => {
		const [presets, freeText] = properties.filter((p) => p.name === 'eventName');
		expect((presets.options as Array<{ value: string }>).map((o) => o.value)).toEqual([
			'BUG_REPORT_CREATED',
			'CRITICAL_LOG',
		]);
		expect(presets.displayOptions).toEqual({ show: { scheme: ['oneManage'], operation: ['send'] } });
		expect(freeText.type).toBe('string');
	});
});

describe('Hookline Send: schemes, as their consumers verify them', () => {
	it('OneManage BUG_REPORT_CREATED: the bare payload, compact, hex-signed; name and ID in headers', async () => {
		receive(verifiers.oneManage(SECRET));
		const { delivered, failed } = await run({ scheme: 'oneManage', payload: BUG_REPORT });
		expect(failed).toEqual([]);
		const request = receiver.requests[0];
		expect(request.verified).toBe(true);
		expect(verifiers.oneManage('old-secret-value')(request.body, request.headers)).toBe(false);
		expect(request.body.toString('utf8')).toBe(JSON.stringify(JSON.parse(BUG_REPORT)));
		expect(header(0, 'X-Webhook-Event')).toBe('BUG_REPORT_CREATED');
		expect(header(0, 'X-Webhook-Id')).toBe(json(delivered[0]).eventId);
		expect(header(0, 'Content-Type')).toBe('application/json');
		expect(json(delivered[0])).toEqual({
			delivered: true,
			eventId: expect.stringMatching(/^[0-9a-f-]{36}$/),
			url: receiver.url(),
			status: 200,
			attempts: [{ n: 1, status: 200, error: null, durationMs: expect.any(Number) }],
			responseBody: 'ok',
		});
	});

	it('OneManage CRITICAL_LOG from the input item: its own "event" field stays as it is', async () => {
		receive(verifiers.oneManage(SECRET));
		const log = {
			logId: 'log_123',
			level: 'ERROR',
			message: 'NullPointerException in UserService',
			event: 'user_login_failed',
			timestamp: 1624623123000,
		};
		await run({ scheme: 'oneManage', eventName: 'CRITICAL_LOG', payloadSource: 'item' }, { items: [{ json: log }] });
		expect(receiver.requests[0].verified).toBe(true);
		expect(body(0)).toEqual(log);
		expect(header(0, 'X-Webhook-Event')).toBe('CRITICAL_LOG');
	});

	it('Standard Webhooks: envelope by default, verified by the reference library on every attempt', async () => {
		receive(verifiers.standardWebhooks(WHSEC), (_body, index) =>
			index === 0 ? { status: 429, headers: { 'Retry-After': '1' } } : { status: 200 },
		);
		const { delivered } = await run(
			{ scheme: 'standardWebhooks', eventName: 'invoice.paid', payload: '{"invoice":"in_1","amount":1200}' },
			{ credentials: { hooklineSecretApi: { secret: WHSEC } } },
		);
		const record = json(delivered[0]);
		expect(record.attempts.map((a) => a.status)).toEqual([429, 200]);
		expect(receiver.requests.map((r) => r.verified)).toEqual([true, true]);
		const other = verifiers.standardWebhooks('whsec_dGhpcyBpcyBhbm90aGVyIGtleQ==');
		expect(other(receiver.requests[0].body, receiver.requests[0].headers)).toBe(false);
		expect(body(0)).toEqual({
			type: 'invoice.paid',
			timestamp: expect.any(String),
			data: { invoice: 'in_1', amount: 1200 },
		});
		expect(receiver.requests[1].body.equals(receiver.requests[0].body)).toBe(true);
		expect([header(0, 'webhook-id'), header(1, 'webhook-id')]).toEqual([record.eventId, record.eventId]);
		// Each attempt is signed afresh, so a receiver's 5-minute window holds after any backoff.
		expect(Number(header(1, 'webhook-timestamp'))).toBeGreaterThan(Number(header(0, 'webhook-timestamp')));
	});

	it('HMAC SHA-512, base64, a prefix and a timestamped signed content', async () => {
		receive(
			verifiers.hmac({
				secret: SECRET,
				algorithm: 'sha512',
				encoding: 'base64',
				header: 'X-Hub-Signature',
				prefix: 'v1=',
				content: (raw, headers) => Buffer.concat([Buffer.from(`${String(headers['x-timestamp'])}.`), raw]),
			}),
		);
		await run({
			scheme: 'hmac',
			algorithm: 'sha512',
			signatureEncoding: 'base64',
			signatureHeader: 'X-Hub-Signature',
			signaturePrefix: 'v1=',
			signedContent: '{timestamp}.{body}',
			timestampHeader: 'X-Timestamp',
			eventName: 'device.offline',
			payload: '{"device":"srv-01"}',
		});
		expect(receiver.requests[0].verified).toBe(true);
		expect(Math.abs(Number(header(0, 'X-Timestamp')) - Date.now() / 1000)).toBeLessThan(60);
	});

	it('HMAC SHA-1, hex, over the event ID and body', async () => {
		receive(
			verifiers.hmac({
				secret: SECRET,
				algorithm: 'sha1',
				encoding: 'hex',
				header: 'X-Signature',
				content: (raw, headers) => Buffer.concat([Buffer.from(`${String(headers['x-request-id'])}:`), raw]),
			}),
		);
		const { delivered } = await run({
			scheme: 'hmac',
			algorithm: 'sha1',
			signedContent: '{id}:{body}',
			idHeader: 'X-Request-Id',
			eventName: 'device.offline',
			payload: '{"device":"srv-01"}',
		});
		expect(receiver.requests[0].verified).toBe(true);
		expect(header(0, 'X-Request-Id')).toBe(json(delivered[0]).eventId);
	});

	it("the HMAC defaults match the inbound nodes' defaults: SHA-256 hex in X-Signature over the body", async () => {
		receive(verifiers.hmac({ secret: SECRET, algorithm: 'sha256', encoding: 'hex', header: 'X-Signature' }));
		await run({ eventName: 'ping', payload: '[1,2,3]' });
		expect(receiver.requests[0].verified).toBe(true);
	});

	it('envelope under HMAC, payload only under Standard Webhooks, when chosen', async () => {
		receive(verifiers.hmac({ secret: SECRET, algorithm: 'sha256', encoding: 'hex', header: 'X-Signature' }));
		await run({ eventName: 'a.b', bodyFormat: 'envelope', payload: '{"x":1}' });
		expect(body(0)).toEqual({ type: 'a.b', timestamp: expect.any(String), data: { x: 1 } });

		receive(verifiers.standardWebhooks(WHSEC));
		await run(
			{ scheme: 'standardWebhooks', eventName: 'a.b', bodyFormat: 'payload', payload: '{"x":1}' },
			{ credentials: { hooklineSecretApi: { secret: WHSEC } } },
		);
		expect(receiver.requests[0].verified).toBe(true);
		expect(body(0)).toEqual({ x: 1 });
	});

	it('unsigned: no credential read, no signature header', async () => {
		receive(verifiers.unsigned());
		const { delivered } = await run({ scheme: 'none', eventName: 'ping', payload: '{}' }, { credentials: {} });
		expect(delivered).toHaveLength(1);
		const names = Object.keys(receiver.requests[0].headers);
		expect(names.filter((name) => name.includes('signature'))).toEqual([]);
	});

	it('sends extra headers, but never lets them replace the signature', async () => {
		receive(verifiers.oneManage(SECRET));
		await run({
			scheme: 'oneManage',
			payload: '{"a":1}',
			options: {
				eventHeader: 'X-OneManage-Event',
				eventIdHeader: '',
				headers: {
					header: [
						{ name: 'X-Tenant', value: 'acme' },
						{ name: 'x-onemanage-signature', value: 'forged' },
					],
				},
			},
		});
		expect(receiver.requests[0].verified).toBe(true);
		expect(header(0, 'X-Tenant')).toBe('acme');
		expect(header(0, 'X-OneManage-Event')).toBe('BUG_REPORT_CREATED');
		expect(header(0, 'X-Webhook-Event')).toBeUndefined();
		expect(header(0, 'X-Webhook-Id')).toBeUndefined();
	});
});

describe('Hookline Send: delivery', () => {
	const cases: Array<[string, Reply[], 'delivered' | 'failed', Array<number | null>]> = [
		['ok', [{ status: 200 }], 'delivered', [200]],
		['bad gateway', [{ status: 502 }, { status: 200 }], 'delivered', [502, 200]],
		['hang', [{ hang: true }, { status: 201 }], 'delivered', [null, 201]],
		['reset', [{ reset: true }, { status: 200 }], 'delivered', [null, 200]],
		['request timeout', [{ status: 408 }, { status: 200 }], 'delivered', [408, 200]],
		['not found', [{ status: 404 }], 'failed', [404]],
		['rate limited', [{ status: 429, headers: { 'Retry-After': '0' } }, { status: 200 }], 'delivered', [429, 200]],
		['redirect', [{ status: 307, headers: { Location: 'http://127.0.0.1:1/' } }], 'failed', [307]],
		['gone', [{ status: 410 }], 'failed', [410]],
		['always down', [{ status: 503 }], 'failed', [503, 503, 503]],
	];

	it('retries network errors, timeouts, 408, 429 and 5xx, never other 4xx or 3xx; order kept under concurrency', async () => {
		const attemptsSoFar = new Map<string, number>();
		receive(verifiers.oneManage(SECRET), (raw) => {
			const { label } = JSON.parse(raw.toString()) as { label: string };
			const n = attemptsSoFar.get(label) ?? 0;
			attemptsSoFar.set(label, n + 1);
			const replies = cases.find(([name]) => name === label)?.[1] ?? [];
			return replies[Math.min(n, replies.length - 1)];
		});
		const started = Date.now();
		const { delivered, failed } = await run(
			{ scheme: 'oneManage', payloadSource: 'item', timeoutSeconds: 1, maxAttempts: 3, concurrency: 4 },
			{ items: cases.map(([label]) => ({ json: { label } })) },
		);
		expect(Date.now() - started).toBeLessThan(8000);

		const expectedOutput = (output: 'delivered' | 'failed') =>
			cases.flatMap(([, , where], item) => (where === output ? [{ item }] : []));
		expect(delivered.map((d) => d.pairedItem)).toEqual(expectedOutput('delivered'));
		expect(failed.map((f) => f.pairedItem)).toEqual(expectedOutput('failed'));
		for (const output of [...delivered, ...failed]) {
			const [label, , , statuses] = cases[(output.pairedItem as { item: number }).item];
			expect([label, json(output).attempts.map((a) => a.status)]).toEqual([label, statuses]);
		}
		expect(json(delivered[2]).attempts[0].error).toMatch(/ETIMEDOUT/);
		expect(receiver.peakInFlight).toBeLessThanOrEqual(4);

		// Nothing lost, nothing sent twice without its event ID: every request belongs to one output item, each
		// item's requests carry its ID and identical bytes, and there were exactly as many as its attempts.
		const outputs = [...delivered, ...failed];
		expect(receiver.requests.every((r) => r.verified)).toBe(true);
		expect(receiver.requests).toHaveLength(outputs.reduce((sum, o) => sum + json(o).attempts.length, 0));
		for (const output of outputs) {
			const mine = receiver.requests.filter((r) => r.headers['x-webhook-id'] === json(output).eventId);
			expect(mine).toHaveLength(json(output).attempts.length);
			expect(mine.every((r) => r.body.equals(mine[0].body))).toBe(true);
		}
		expect(new Set(outputs.map((o) => json(o).eventId)).size).toBe(cases.length);
	});
});

describe('Hookline Send: a retry schedule', () => {
	it('waits the scheduled gaps, numbers each attempt, keeps the event ID and re-signs every attempt', async () => {
		receive(verifiers.standardWebhooks(WHSEC), (_raw, index) => (index < 2 ? { status: 500 } : { status: 200 }));
		const { delivered, failed } = await run(
			{ scheme: 'standardWebhooks', eventName: 'ticket.updated', payload: '{"id":7}', retrySchedule: '0.3s, 0.6s, 5s' },
			{ credentials: { hooklineSecretApi: { secret: WHSEC } } },
		);
		expect(failed).toHaveLength(0);
		expect(json(delivered[0]).attempts.map((a) => a.status)).toEqual([500, 500, 200]);
		expect(receiver.requests.every((r) => r.verified)).toBe(true);
		expect(receiver.requests.map((_, i) => header(i, 'X-Webhook-Attempt'))).toEqual(['1', '2', '3']);
		expect(new Set(receiver.requests.map((_, i) => header(i, 'X-Webhook-Id')))).toEqual(
			new Set([json(delivered[0]).eventId]),
		);
		const [first, second, third] = receiver.requests.map((r) => r.receivedAt);
		expect(second - first).toBeGreaterThanOrEqual(290);
		expect(third - second).toBeGreaterThanOrEqual(590);
	});

	it('replaces Max Attempts: every scheduled attempt failing ends in Failed with delays + 1 attempts', async () => {
		receive(verifiers.unsigned(), () => ({ status: 503 }));
		const { delivered, failed } = await run({
			scheme: 'none',
			eventName: 'x.y',
			maxAttempts: 9,
			retrySchedule: '0.05s,0.05s',
		});
		expect(delivered).toHaveLength(0);
		expect(json(failed[0]).attempts.map((a) => a.status)).toEqual([503, 503, 503]);
		expect(receiver.requests).toHaveLength(3);
	});

	it('an empty attempt header option sends none', async () => {
		receive(verifiers.unsigned());
		await run({ scheme: 'none', eventName: 'x.y', options: { attemptHeader: '' } });
		expect(header(0, 'X-Webhook-Attempt')).toBeUndefined();
		expect(header(0, 'X-Webhook-Id')).toEqual(expect.any(String));
	});

	it('a schedule it cannot read stops the run before anything is sent, naming the entry', async () => {
		receive(verifiers.unsigned());
		await expect(run({ scheme: 'none', eventName: 'x.y', retrySchedule: '1m, soon' })).rejects.toThrow(
			/"Retry Schedule" parameter has "soon", which is not a delay: write a number and a unit.*\[item 0\]/,
		);
		await expect(run({ scheme: 'none', eventName: 'x.y', options: { durableFromSeconds: 0 } })).rejects.toThrow(
			/"Wait Durably From \(Seconds\)" parameter must be a number from 1 to 60/,
		);
		expect(receiver.requests).toHaveLength(0);
	});

	it('in queue mode, where the outbox would sit on a worker, waits of a minute or more are refused before sending', async () => {
		receive(verifiers.unsigned());
		process.env.EXECUTIONS_MODE = 'queue';
		try {
			await expect(run({ scheme: 'none', eventName: 'x.y', retrySchedule: '1m, 5m, 15m, 1h, 1h' })).rejects.toThrow(
				/"Retry Schedule" parameter has a delay of 1m: in queue mode, delays of a minute or more cannot wait durably yet/,
			);
			await run({ scheme: 'none', eventName: 'x.y', retrySchedule: '1s, 30s' });
		} finally {
			delete process.env.EXECUTIONS_MODE;
		}
		expect(receiver.requests).toHaveLength(1);
	});
});

describe('Hookline Send: endpoint health and pausing', () => {
	// A receiver of its own for each test: health is kept per origin, so each test starts from a clean record.
	let unwell: SignatureReceiver;
	beforeEach(async () => {
		unwell = await SignatureReceiver.start(verifiers.unsigned());
	});
	afterEach(async () => await unwell.close());

	const sendTo = (options: Record<string, unknown> = {}) =>
		run({ url: unwell.url(), scheme: 'none', eventName: 'x.y', maxAttempts: 1, options });
	const health = async () => {
		const { delivered } = await run({ operation: 'getEndpointHealth', url: `${unwell.url('/other/path')}?q=1` });
		return delivered[0].json;
	};

	it('pauses a receiver after failures in a row: new deliveries fail fast with endpoint_paused, nothing sent', async () => {
		unwell.reset(() => ({ status: 503 }));
		const pause = { pauseAfterFailures: 2, pauseCooldown: '1h' };
		expect((await sendTo(pause)).failed[0].json).toMatchObject({ status: 503 });
		expect((await sendTo(pause)).failed[0].json).toMatchObject({ status: 503 });
		const { delivered, failed } = await sendTo(pause);
		expect(delivered).toHaveLength(0);
		expect(failed[0].json).toMatchObject({
			delivered: false,
			error: 'endpoint_paused',
			attempts: [],
			pausedUntil: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
		});
		expect(unwell.requests).toHaveLength(2);
		expect(await health()).toMatchObject({
			endpoint: new URL(unwell.url()).origin,
			consecutiveFailures: 2,
			failed: 2,
			delivered: 0,
			lastError: 'HTTP 503',
			paused: true,
		});
	});

	it('after the cool-down one probe goes through, and its success reopens the receiver', async () => {
		const pause = { pauseAfterFailures: 2, pauseCooldown: '1s' };
		unwell.reset(() => ({ status: 503 }));
		await sendTo(pause);
		await sendTo(pause);
		expect((await sendTo(pause)).failed[0].json).toMatchObject({ error: 'endpoint_paused' });
		await new Promise((resolve) => setTimeout(resolve, 1100));
		unwell.reset(() => ({ status: 200 }));
		expect((await sendTo(pause)).delivered[0].json).toMatchObject({ delivered: true });
		expect((await sendTo(pause)).delivered[0].json).toMatchObject({ delivered: true });
		expect(await health()).toMatchObject({ consecutiveFailures: 0, delivered: 2, paused: false, pausedUntil: null });
	});

	it('without Pause After Failures nothing is ever held, and the health is still counted', async () => {
		unwell.reset(() => ({ status: 500 }));
		for (let i = 0; i < 4; i++) expect((await sendTo()).failed[0].json).toMatchObject({ status: 500 });
		expect(unwell.requests).toHaveLength(4);
		expect(await health()).toMatchObject({ consecutiveFailures: 4 });
	});

	it('refuses a cool-down it cannot read', async () => {
		await expect(sendTo({ pauseAfterFailures: 1, pauseCooldown: 'soon' })).rejects.toThrow(
			/"Pause Cool-Down" parameter must be one duration/,
		);
	});
});

describe('Hookline Send: protection', () => {
	it.each([
		['IPv6 loopback', 'http://[::1]:9/hook', 'a loopback address'],
		['IPv4-mapped IPv6 loopback', 'http://[::ffff:127.0.0.1]:9/hook', 'a loopback address'],
		['cloud metadata', 'http://169.254.169.254/latest/meta-data/', 'a link-local address'],
		['private LAN', 'https://192.168.1.10/hook', 'a private address'],
	])('refuses %s by default, in one attempt, without sending', async (_label, url, reason) => {
		receiver.reset();
		const { failed } = await run(
			{ url, allowPrivateNetwork: false, eventName: 'ping', scheme: 'none' },
			{ credentials: {} },
		);
		expect(json(failed[0]).attempts).toEqual([
			{ n: 1, status: null, error: expect.stringContaining(reason), durationMs: expect.any(Number) },
		]);
		expect(receiver.requests).toEqual([]);
	});

	it("never puts the secret, a signature or an extra header's value into outputs", async () => {
		receive(verifiers.standardWebhooks(WHSEC), (_raw, index) => (index === 0 ? { reset: true } : { status: 500 }));
		const { failed } = await run(
			{
				scheme: 'standardWebhooks',
				eventName: 'x.y',
				maxAttempts: 2,
				options: { headers: { header: [{ name: 'Authorization', value: 'Bearer tok_live_abcdef' }] } },
			},
			{ credentials: { hooklineSecretApi: { secret: WHSEC } } },
		);
		const text = JSON.stringify(failed);
		for (const secret of [WHSEC, WHSEC.slice(6), 'tok_live_abcdef', String(header(0, 'webhook-signature')).slice(3)]) {
			expect(text).not.toContain(secret);
		}
	});
});

describe('Hookline Send: invalid items', () => {
	beforeEach(() => receiver.reset());

	it('an invalid Payload stops the run before anything is sent, naming the item and field', async () => {
		const attempt = run(
			{ eventName: 'x' },
			{ items: [{ json: {} }, { json: {} }], perItem: { payload: (i) => (i === 1 ? '{"a":' : '{}') } },
		);
		await expect(attempt).rejects.toThrow(NodeOperationError);
		await expect(attempt).rejects.toThrow(/"Payload" parameter is not valid JSON .*\[item 1\]/);
		expect(receiver.requests).toEqual([]);
	});

	it('an empty Event Name is named', async () => {
		await expect(run({ eventName: '  ', payload: '{}' })).rejects.toThrow(/"Event Name" parameter is empty \[item 0\]/);
	});

	it('a secret Standard Webhooks cannot use is reported before sending', async () => {
		await expect(
			run(
				{ scheme: 'standardWebhooks', eventName: 'x' },
				{ credentials: { hooklineSecretApi: { secret: 'not base64 at all!' } } },
			),
		).rejects.toThrow(/cannot sign this request: The secret is not a Standard Webhooks secret/);
		expect(receiver.requests).toEqual([]);
	});

	it('a template that signs {timestamp} without a timestamp header is reported', async () => {
		await expect(run({ eventName: 'x', signedContent: '{timestamp}.{body}' })).rejects.toThrow(
			/no timestamp header is set/,
		);
	});

	it('with continueOnFail the invalid item goes to Failed as an error and the others are delivered', async () => {
		const { delivered, failed } = await run(
			{ eventName: 'x' },
			{
				items: [{ json: {} }, { json: {} }, { json: {} }],
				continueOnFail: true,
				perItem: { payload: (i) => (i === 0 ? '' : '{}') },
			},
		);
		expect(delivered.map((d) => d.pairedItem)).toEqual([{ item: 1 }, { item: 2 }]);
		expect(failed).toEqual([{ json: { error: 'The "Payload" parameter is empty [item 0]' }, pairedItem: { item: 0 } }]);
	});
});

describe('Hookline Send: stopping the execution', () => {
	const untilReceived = async (count: number) => {
		while (receiver.requests.length < count) await new Promise((resolve) => setTimeout(resolve, 5));
	};
	/** Until the answer has gone out and the node has had time to read it: it is then in its 30-60 s wait. */
	const untilWaiting = async () => {
		await untilReceived(1);
		while (receiver.inFlight > 0) await new Promise((resolve) => setTimeout(resolve, 5));
		await new Promise((resolve) => setTimeout(resolve, 300));
	};

	it('during a backoff wait: no further attempt, the node returns at once with the delivery in Failed', async () => {
		receive(verifiers.unsigned(), () => ({ status: 503 }));
		const controller = new AbortController();
		const running = run(
			{ scheme: 'none', eventName: 'x.y', maxAttempts: 5, options: { retryDelayMs: 60_000 } },
			{ credentials: {}, cancelSignal: controller.signal },
		);
		await untilWaiting();
		const stoppedAt = Date.now();
		controller.abort();
		const { delivered, failed } = await running;
		expect(Date.now() - stoppedAt).toBeLessThan(1000); // the wait was 30-60 s
		expect(delivered).toEqual([]);
		expect(json(failed[0])).toMatchObject({ delivered: false, cancelled: true, status: 503 });
		expect(json(failed[0]).attempts).toHaveLength(1);
		await new Promise((resolve) => setTimeout(resolve, 100));
		expect(receiver.requests).toHaveLength(1);
	});

	it('during a request: it is aborted, logged as cancelled, and items still waiting for a slot are not sent', async () => {
		receive(verifiers.unsigned(), () => ({ hang: true }));
		const controller = new AbortController();
		const running = run(
			{ scheme: 'none', eventName: 'x.y', concurrency: 1, timeoutSeconds: 60 },
			{ credentials: {}, cancelSignal: controller.signal, items: [{ json: {} }, { json: {} }, { json: {} }] },
		);
		await untilReceived(1);
		controller.abort();
		const { delivered, failed } = await running;
		expect(delivered).toEqual([]);
		expect(failed.map((item) => [json(item).cancelled, json(item).attempts.length, item.pairedItem])).toEqual([
			[true, 1, { item: 0 }],
			[true, 0, { item: 1 }],
			[true, 0, { item: 2 }],
		]);
		expect(json(failed[0]).attempts[0]).toMatchObject({ status: null, error: 'Cancelled before an answer arrived' });
		expect(receiver.requests).toHaveLength(1);
		// The aborted request's connection is closed, not left to the 60 s timeout.
		while (receiver.inFlight > 0) await new Promise((resolve) => setTimeout(resolve, 5));
	});

	it('a delivery that ended before the stop keeps its result', async () => {
		receive(verifiers.unsigned());
		const controller = new AbortController();
		const { delivered } = await run(
			{ scheme: 'none', eventName: 'x.y' },
			{ credentials: {}, cancelSignal: controller.signal },
		);
		controller.abort();
		expect(json(delivered[0])).not.toHaveProperty('cancelled');
		expect(json(delivered[0]).delivered).toBe(true);
	});
});

describe("Hookline Send: n8n's SSRF settings", () => {
	const saved = { ...process.env };
	afterEach(() => {
		for (const name of Object.keys(process.env)) if (name.startsWith('N8N_SSRF_')) delete process.env[name];
		Object.assign(process.env, saved);
	});
	const sendTo = (allowPrivateNetwork: boolean) =>
		run({ url: receiver.url(), allowPrivateNetwork, scheme: 'none', eventName: 'ping' }, { credentials: {} });

	it('with protection on, N8N_SSRF_ALLOWED_IP_RANGES lets the node reach the range without its own switch', async () => {
		receive(verifiers.unsigned());
		process.env.N8N_SSRF_PROTECTION_ENABLED = 'true';
		process.env.N8N_SSRF_ALLOWED_IP_RANGES = '127.0.0.0/8';
		const { delivered } = await sendTo(false);
		expect(json(delivered[0])).toMatchObject({ delivered: true, status: 200 });
		expect(receiver.requests).toHaveLength(1);
	});

	it("with protection on, n8n's blocked ranges hold even when the node allows private networks", async () => {
		receive(verifiers.unsigned());
		process.env.N8N_SSRF_PROTECTION_ENABLED = 'true';
		const { failed } = await sendTo(true);
		expect(json(failed[0]).attempts).toEqual([
			{
				n: 1,
				status: null,
				error: expect.stringContaining(
					'it is in a range blocked by n8n\'s SSRF protection (N8N_SSRF_BLOCKED_IP_RANGES). "Allow Private Network Addresses" does not lift this rule; an administrator can allow it with N8N_SSRF_ALLOWED_IP_RANGES',
				),
				durationMs: expect.any(Number),
			},
		]);
		expect(receiver.requests).toEqual([]);
	});

	it('with protection off, the lists apply to nothing, as in n8n', async () => {
		receive(verifiers.unsigned());
		process.env.N8N_SSRF_PROTECTION_ENABLED = 'false';
		process.env.N8N_SSRF_ALLOWED_IP_RANGES = '127.0.0.0/8';
		process.env.N8N_SSRF_BLOCKED_IP_RANGES = 'default';
		expect(json((await sendTo(false)).failed[0]).attempts[0].error).toContain('a loopback address');
		expect(json((await sendTo(true)).delivered[0]).delivered).toBe(true);
		expect(receiver.requests).toHaveLength(1);
	});
});
