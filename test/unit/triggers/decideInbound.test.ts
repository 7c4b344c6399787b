import { createHmac } from 'node:crypto';

import { answerFor, decideInbound, stripCredentialHeaders } from '../../../nodes/core/triggers';
import type { InboundConfig } from '../../../nodes/core/triggers';
import { MemoryStore, PENDING_RETRY_AFTER_SECONDS, confirmDelivery } from '../../../nodes/core/stores';
import type { HooklineStore } from '../../../nodes/core/stores';
import type { InboundDecision } from '../../../nodes/core/triggers';

const SECRET = 'inbound-secret';
const NOW = 1_700_000_000_000;

const config = (overrides: Partial<InboundConfig> = {}): InboundConfig => ({
	verification: { method: 'hmac', algorithm: 'sha256', encoding: 'hex', signatureHeader: 'X-Signature' },
	secrets: { current: SECRET },
	idempotency: { mode: 'header', header: 'Idempotency-Key' },
	idempotencyWindowSeconds: 60,
	rateLimitPerMinute: 0,
	scope: 'wf1:node1',
	...overrides,
});

const signed = (body: string, headers: Record<string, string> = {}) => ({
	rawBody: Buffer.from(body),
	body: JSON.parse(body),
	nowMs: NOW,
	headers: { 'x-signature': createHmac('sha256', SECRET).update(body).digest('hex'), ...headers },
});

let ids = 0;
const deps = (store: HooklineStore = new MemoryStore()) => ({ store, newDeliveryId: () => `d-${++ids}` });

/** What the trigger's execution does when it starts: confirm the accepted delivery's pending claim. */
async function started(store: HooklineStore, decision: InboundDecision, scope = 'wf1:node1') {
	if (decision.outcome !== 'accepted' || decision.idempotencyKey === null)
		throw new Error('not an accepted keyed delivery');
	expect(await confirmDelivery(store, `${scope}:${decision.idempotencyKey}`, decision.deliveryId, 60)).toEqual({
		confirmed: true,
	});
}

describe('decideInbound', () => {
	it('accepts a genuine delivery and answers 202 with its delivery id', async () => {
		const decision = await decideInbound(config(), signed('{"a":1}', { 'idempotency-key': 'k1' }), deps());
		expect(decision).toMatchObject({
			outcome: 'accepted',
			idempotencyKey: 'k1',
			verification: { method: 'hmac', secret: 'current' },
		});
		const answer = answerFor(decision, 202);
		expect(answer).toEqual({
			status: 202,
			headers: {},
			body: { ok: true, deliveryId: (decision as { deliveryId: string }).deliveryId },
		});
	});

	it('answers 401 with no detail on the wire for a forged signature, and touches no state', async () => {
		const store = new MemoryStore();
		const request = { ...signed('{"a":1}', { 'idempotency-key': 'k1' }), rawBody: Buffer.from('{"a":2}') };
		const decision = await decideInbound(config({ rateLimitPerMinute: 1 }), request, deps(store));
		expect(decision).toMatchObject({ outcome: 'rejected', reason: 'unauthorized' });
		expect(answerFor(decision, 202)).toEqual({ status: 401, headers: {}, body: { ok: false, error: 'unauthorized' } });
		expect(store.stats().size).toBe(0);
	});

	it('asks a repeat to come back while the first is being started', async () => {
		const d = deps();
		await decideInbound(config(), signed('{"a":1}', { 'idempotency-key': 'same' }), d);
		const repeat = await decideInbound(config(), signed('{"a":1}', { 'idempotency-key': 'same' }), d);
		expect(repeat).toMatchObject({ outcome: 'rejected', reason: 'in_progress' });
		expect(answerFor(repeat, 202)).toEqual({
			status: 503,
			headers: { 'retry-after': String(PENDING_RETRY_AFTER_SECONDS) },
			body: { ok: false, error: 'in_progress' },
		});
	});

	it('reports the first delivery for a duplicate key inside the window, once it has started', async () => {
		const d = deps();
		const first = await decideInbound(config(), signed('{"a":1}', { 'idempotency-key': 'same' }), d);
		await started(d.store, first);
		const second = await decideInbound(config(), signed('{"a":1}', { 'idempotency-key': 'same' }), d);
		expect(second).toEqual({
			outcome: 'duplicate',
			deliveryId: (first as { deliveryId: string }).deliveryId,
			idempotencyKey: 'same',
		});
		expect(answerFor(second, 202)).toEqual({
			status: 200,
			headers: {},
			body: { ok: true, duplicate: true, deliveryId: (first as { deliveryId: string }).deliveryId },
		});
	});

	it('lets exactly one of many concurrent identical deliveries through', async () => {
		const d = deps();
		const decisions = await Promise.all(
			Array.from({ length: 50 }, () => decideInbound(config(), signed('{"a":1}', { 'idempotency-key': 'burst' }), d)),
		);
		expect(decisions.filter((x) => x.outcome === 'accepted')).toHaveLength(1);
		expect(decisions.filter((x) => x.outcome === 'rejected' && x.reason === 'in_progress')).toHaveLength(49);
	});

	it('keeps windows of different triggers apart', async () => {
		const d = deps();
		await decideInbound(config(), signed('{}', { 'idempotency-key': 'k' }), d);
		const other = await decideInbound(config({ scope: 'wf2:node1' }), signed('{}', { 'idempotency-key': 'k' }), d);
		expect(other.outcome).toBe('accepted');
	});

	it('answers replays of a genuine delivery as duplicates that cost its sender no rate limit', async () => {
		const d = deps();
		const limited = config({ rateLimitPerMinute: 5 });
		const outcomes = [await decideInbound(limited, signed('{}', { 'idempotency-key': 'one' }), d)];
		await started(d.store, outcomes[0]);
		for (let i = 0; i < 30; i++)
			outcomes.push(await decideInbound(limited, signed('{}', { 'idempotency-key': 'one' }), d));
		for (let i = 0; i < 4; i++)
			outcomes.push(await decideInbound(limited, signed('{}', { 'idempotency-key': `new-${i}` }), d));
		expect(outcomes.filter((o) => o.outcome === 'accepted')).toHaveLength(5);
		expect(outcomes.filter((o) => o.outcome === 'duplicate')).toHaveLength(30);
		expect((await decideInbound(limited, signed('{}', { 'idempotency-key': 'sixth' }), d)).outcome).toBe('rejected');
	});

	it('refuses a multipart body with 415 and says what to send instead, touching no state', async () => {
		const store = new MemoryStore();
		const request = { ...signed('{}', { 'idempotency-key': 'k' }), contentType: 'Multipart/Form-Data; boundary=x' };
		const decision = await decideInbound(config({ rateLimitPerMinute: 1 }), request, deps(store));
		expect(answerFor(decision, 202)).toEqual({
			status: 415,
			headers: {},
			body: {
				ok: false,
				error: 'unsupported_media_type',
				message: expect.stringContaining('form-encoded (application/x-www-form-urlencoded)'),
			},
		});
		expect(store.stats().size).toBe(0);
	});

	it('answers 429 with Retry-After past the rate limit', async () => {
		const d = deps();
		const limited = config({ rateLimitPerMinute: 2, idempotency: { mode: 'none' } });
		const outcomes = [];
		for (let i = 0; i < 3; i++) outcomes.push(await decideInbound(limited, signed('{}'), d));
		expect(outcomes.map((o) => o.outcome)).toEqual(['accepted', 'accepted', 'rejected']);
		const answer = answerFor(outcomes[2], 202);
		expect(answer.status).toBe(429);
		expect(answer.body).toEqual({ ok: false, error: 'rate_limited' });
		expect(Number(answer.headers['retry-after'])).toBeGreaterThanOrEqual(1);
		expect(Number(answer.headers['retry-after'])).toBeLessThanOrEqual(60);
	});

	it('answers 400 invalid_payload when the idempotency header is missing or duplicated', async () => {
		const missing = await decideInbound(config(), signed('{}'), deps());
		expect(answerFor(missing, 202)).toEqual({
			status: 400,
			headers: {},
			body: { ok: false, error: 'invalid_payload', details: ['Idempotency header Idempotency-Key is missing'] },
		});
		const request = signed('{}');
		const duplicated = await decideInbound(
			config(),
			{ ...request, headers: { ...request.headers, 'idempotency-key': ['a', 'b'] } },
			deps(),
		);
		expect(duplicated).toMatchObject({
			reason: 'invalid_payload',
			details: ['Idempotency header Idempotency-Key was sent more than once'],
		});
	});

	it('takes the key from a JSONata expression over the body, and maps the body', async () => {
		const cfg = config({
			idempotency: { mode: 'expression', expression: 'event.id' },
			mapping: '{ "external_id": device.id, "name": device.hostname }',
		});
		const body = '{"event":{"id":"evt_9"},"device":{"id":42,"hostname":"srv-01"}}';
		const decision = await decideInbound(cfg, signed(body), deps());
		expect(decision).toMatchObject({
			outcome: 'accepted',
			idempotencyKey: 'evt_9',
			mapped: { external_id: 42, name: 'srv-01' },
		});
	});

	it('answers 400 with the reason when the mapping fails or the key expression yields nothing', async () => {
		const badMapping = await decideInbound(
			config({ mapping: '$$.(', idempotency: { mode: 'none' } }),
			signed('{}'),
			deps(),
		);
		expect(badMapping).toMatchObject({ outcome: 'rejected', reason: 'invalid_payload' });
		expect((badMapping as { details: string[] }).details[0]).toMatch(/^mapping: /);

		const noKey = await decideInbound(
			config({ idempotency: { mode: 'expression', expression: 'missing.field' } }),
			signed('{}'),
			deps(),
		);
		expect(noKey).toMatchObject({
			reason: 'invalid_payload',
			details: ['The idempotency key is empty or not a string or number'],
		});
	});

	it('does not burn the idempotency key of a delivery it rejects', async () => {
		const d = deps();
		const rejected = await decideInbound(
			config({ mapping: '$error("bad")' }),
			signed('{}', { 'idempotency-key': 'retry-me' }),
			d,
		);
		expect(rejected.outcome).toBe('rejected');
		const retried = await decideInbound(config(), signed('{}', { 'idempotency-key': 'retry-me' }), d);
		expect(retried.outcome).toBe('accepted');
	});

	it('fails closed with 503 when the store cannot decide', async () => {
		const broken: HooklineStore = {
			claim: async () => {
				throw Object.assign(new Error('Redis at 127.0.0.1:6399 is unreachable'), { name: 'StoreUnavailableError' });
			},
			replace: async () => ({ claimed: false, value: '' }),
			deleteIfEquals: async () => false,
			get: async () => undefined,
			set: async () => {},
			delete: async () => false,
			increment: async () => ({ count: 1, resetInMs: 60_000 }),
			scan: async () => [],
			close: async () => {},
		};
		const decision = await decideInbound(config(), signed('{}', { 'idempotency-key': 'k' }), deps(broken));
		expect(decision).toMatchObject({ outcome: 'rejected', reason: 'store_unavailable' });
		expect(answerFor(decision, 202)).toEqual({
			status: 503,
			headers: {},
			body: { ok: false, error: 'store_unavailable' },
		});
	});

	it('answers a store full of live keys with 503 and a Retry-After, and keeps the earlier key a duplicate', async () => {
		const store = new MemoryStore({ maxEntries: 1, now: () => NOW });
		const d = deps(store);
		await started(store, await decideInbound(config(), signed('{}', { 'idempotency-key': 'first' }), d));
		const refused = await decideInbound(config(), signed('{}', { 'idempotency-key': 'second' }), d);
		expect(refused).toMatchObject({ outcome: 'rejected', reason: 'store_unavailable' });
		expect(answerFor(refused, 202)).toEqual({
			status: 503,
			headers: { 'retry-after': String(config().idempotencyWindowSeconds) },
			body: { ok: false, error: 'store_unavailable' },
		});
		expect((await decideInbound(config(), signed('{}', { 'idempotency-key': 'first' }), d)).outcome).toBe('duplicate');
	});

	it('uses the alert trigger id field name when asked', () => {
		const answer = answerFor(
			{
				outcome: 'accepted',
				deliveryId: 'a1',
				idempotencyKey: null,
				verification: { method: 'bearer', secret: 'current' },
			},
			202,
			'alertId',
		);
		expect(answer.body).toEqual({ ok: true, alertId: 'a1' });
	});
});

describe('stripCredentialHeaders', () => {
	it('removes credential and signature headers in any case and keeps the rest', () => {
		const kept = stripCredentialHeaders(
			{
				Authorization: 'Bearer x',
				cookie: 'a=b',
				'X-Hub-Signature-256': 'sha256=00',
				'X-Custom-Sig': 'abc',
				'content-type': 'application/json',
				'x-github-delivery': 'd1',
				'x-api-key': 'k',
			},
			['x-custom-sig'],
		);
		expect(kept).toEqual({ 'content-type': 'application/json', 'x-github-delivery': 'd1' });
	});
});
