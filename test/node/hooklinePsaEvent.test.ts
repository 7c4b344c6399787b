import { createHmac } from 'node:crypto';
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';
import { NodeHelpers, NodeOperationError } from 'n8n-workflow';

import { HooklinePsaEvent } from '../../nodes/HooklinePsaEvent/HooklinePsaEvent.node';
import { PSA_EVENTS, type PsaResource } from '../../nodes/core/schemas/psaEvent';
import { mockExecuteFunctions } from '../support/mockExecuteFunctions';
import { resolveParameters, withItemParameters } from '../support/nodeParameters';
import { SignatureReceiver, verifiers, type Script } from '../support/signatureReceiver';
import { useThrowawayUserFolder } from '../support/userFolder';

const SECRET = 'psa-current-secret-0123';
const PREVIOUS = 'psa-previous-secret-4567';
const node = new HooklinePsaEvent();
const { properties } = node.description;

// A real (tiny) PNG inlined the way PSA ticket HTML carries screenshots, repeated to make the body large.
const IMAGE = `data:image/png;base64,${Buffer.alloc(48 * 1024, 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==').toString('utf8')}`;
const HTML = `<p>Printer "HP-4" on fire</p><img src="${IMAGE}" alt="screenshot">`;

let receiver: SignatureReceiver;
beforeAll(async () => {
	receiver = await SignatureReceiver.start(verifiers.mspManager(SECRET));
});
afterAll(async () => await receiver.close());
// Endpoint health is kept in the local store: this file's own, thrown away after it.
useThrowawayUserFolder('hookline-psa-');
beforeEach(() => receiver.reset());

interface RunOptions {
	items?: INodeExecutionData[];
	continueOnFail?: boolean;
	perItem?: Record<string, (itemIndex: number) => unknown>;
	cancelSignal?: AbortSignal;
}

async function run(parameters: Record<string, unknown> = {}, options: RunOptions = {}) {
	const ctx = mockExecuteFunctions({
		properties,
		parameters: resolveParameters(properties, {
			url: receiver.url(),
			ticketId: 'T-1001',
			allowPrivateNetwork: true,
			options: { retryDelayMs: 20 },
			...parameters,
		}),
		items: options.items ?? [{ json: {} }],
		credentials: { hooklineSecretApi: { secret: SECRET, previousSecret: PREVIOUS } },
		continueOnFail: options.continueOnFail,
		nodeType: 'n8n-nodes-hookline.hooklinePsaEvent',
		cancelSignal: options.cancelSignal,
	});
	const [delivered, failed] = await node.execute.call(withItemParameters(ctx, options.perItem ?? {}));
	return { delivered, failed };
}

const json = (item: INodeExecutionData) => item.json as IDataObject & { attempts: IDataObject[]; eventId: string };
const body = (index: number) => JSON.parse(receiver.requests[index].body.toString('utf8')) as IDataObject;
const items = (count: number) => Array.from({ length: count }, (_, i) => ({ json: { n: i } }));

describe('Hookline PSA Event: contract', () => {
	it('declares Delivered and Failed, is usable as a tool, signs with the secret credential, keeps health in Redis when chosen', () => {
		expect(node.description.outputNames).toEqual(['Delivered', 'Failed']);
		expect(node.description.usableAsTool).toBe(true);
		expect(node.description.credentials?.map((c) => c.name)).toEqual(['hooklineSecretApi', 'redis']);
		expect(properties.every((p) => p.type === 'notice' || p.description)).toBe(true);
	});

	it('offers exactly the events of the MSP Manager contract for each resource', () => {
		const offered: Record<string, string[]> = {};
		for (const property of properties.filter((p) => p.name === 'event')) {
			const [resource] = property.displayOptions?.show?.resource as string[];
			offered[resource] = (property.options as Array<{ value: string }>).map((o) => o.value).sort();
		}
		const expected = Object.fromEntries(Object.entries(PSA_EVENTS).map(([r, events]) => [r, [...events].sort()]));
		expect(offered).toEqual(expected);
	});

	const combos = (Object.entries(PSA_EVENTS) as Array<[PsaResource, readonly string[]]>).flatMap(([resource, events]) =>
		events.map((event) => [resource, event] as const),
	);
	const prefix: Record<PsaResource, string> = {
		ticket: 'ticket',
		ticketNote: 'ticket.note',
		ticketResponse: 'ticket.response',
		ticketAttachment: 'ticket.attachment',
	};

	it.each(combos)(
		'%s %s: the contract fields only, signed as an MSP Manager consumer verifies',
		async (resource, event) => {
			const { delivered, failed } = await run({
				resource,
				event,
				entityId: 'E-7',
				details: HTML,
				description: HTML,
				additionalFields: '[{ "Name": "Priority", "Value": "High" }, { "Name": "Billable", "Value": true }]',
			});
			expect(failed).toEqual([]);
			expect(receiver.requests).toHaveLength(1);
			const request = receiver.requests[0];
			expect(request.verified).toBe(true);
			expect(request.method).toBe('POST');
			expect(request.headers['content-type']).toBe('application/json');

			const sent = body(0);
			const record = json(delivered[0]);
			const common = ['eventType', 'eventId', 'timestamp', 'entityId', 'TicketId'];
			const specific =
				resource === 'ticket'
					? ['Details']
					: resource === 'ticketAttachment'
						? []
						: ['Description', 'TicketResponseTypeId'];
			expect(Object.keys(sent)).toEqual([...common, ...specific, 'AdditionalFields']);
			expect(sent.eventType).toBe(`${prefix[resource]}.${event}`);
			expect(sent.eventId).toBe(record.eventId);
			expect(Math.abs(Date.parse(sent.timestamp as string) - Date.now())).toBeLessThan(60_000);
			expect(sent.TicketId).toBe('T-1001');
			expect(sent.entityId).toBe(resource === 'ticket' ? 'T-1001' : 'E-7');
			expect(sent.AdditionalFields).toEqual([
				{ Name: 'Priority', Value: 'High' },
				{ Name: 'Billable', Value: true },
			]);
			if (resource === 'ticket') expect(sent.Details).toBe(HTML);
			if (specific.includes('Description')) {
				expect(sent.Description).toBe(HTML);
				expect(sent.TicketResponseTypeId).toBe(resource === 'ticketNote' ? 'Note' : 'Email');
			}

			expect(delivered).toHaveLength(1);
			expect(delivered[0].pairedItem).toEqual({ item: 0 });
			expect(record).toEqual({
				delivered: true,
				eventId: expect.stringMatching(/^[0-9a-f-]{36}$/),
				url: receiver.url(),
				status: 200,
				attempts: [{ n: 1, status: 200, error: null, durationMs: expect.any(Number) }],
				responseBody: 'ok',
			});
		},
	);

	it('writes hex into another header when the receiver wants it', async () => {
		receiver.reset(undefined, verifiers.mspManager(SECRET, 'X-Psa-Signature', 'hex'));
		const { delivered } = await run({ signatureHeader: 'X-Psa-Signature', signatureEncoding: 'hex' });
		expect(receiver.requests[0].verified).toBe(true);
		expect(receiver.requests[0].headers['x-psa-signature']).toMatch(/^[0-9a-f]{64}$/);
		expect(delivered).toHaveLength(1);
	});

	it('signs with the current secret only: a receiver still on the previous one answers 401, which is final', async () => {
		receiver.reset(undefined, verifiers.mspManager(PREVIOUS));
		const { delivered, failed } = await run();
		expect(delivered).toEqual([]);
		expect(json(failed[0])).toMatchObject({
			delivered: false,
			status: 401,
			attempts: [{ n: 1, status: 401, error: 'HTTP 401' }],
		});
		expect(receiver.requests).toHaveLength(1);
	});

	it('uses the event ID option, so a re-run can send the same ID', async () => {
		const { delivered } = await run({ options: { retryDelayMs: 20, eventId: 'evt-ticket-42-v3' } });
		expect(json(delivered[0]).eventId).toBe('evt-ticket-42-v3');
		expect(body(0).eventId).toBe('evt-ticket-42-v3');
	});
});

describe('Hookline PSA Event: delivery', () => {
	it('503, 503, 200: delivered on the third attempt, same bytes and event ID every time', async () => {
		receiver.reset((_request, index) => (index < 2 ? { status: 503, body: 'busy' } : { status: 200, body: 'ok' }));
		const { delivered, failed } = await run({ details: HTML });
		expect(failed).toEqual([]);
		const record = json(delivered[0]);
		expect(record.attempts.map(({ n, status, error }) => ({ n, status, error }))).toEqual([
			{ n: 1, status: 503, error: 'HTTP 503' },
			{ n: 2, status: 503, error: 'HTTP 503' },
			{ n: 3, status: 200, error: null },
		]);
		expect(receiver.requests).toHaveLength(3);
		expect(receiver.requests.every((r) => r.verified && r.body.equals(receiver.requests[0].body))).toBe(true);
		expect(receiver.requests.map((_, i) => body(i).eventId)).toEqual([record.eventId, record.eventId, record.eventId]);
		expect(receiver.requests.map((r) => [r.headers['x-webhook-id'], r.headers['x-webhook-attempt']])).toEqual([
			[record.eventId, '1'],
			[record.eventId, '2'],
			[record.eventId, '3'],
		]);
	});

	it('a retry schedule replaces Max Attempts and waits its gaps', async () => {
		receiver.reset((_request, index) => (index < 2 ? { status: 500 } : { status: 200 }));
		const { delivered } = await run({ maxAttempts: 1, retrySchedule: '0.2s, 0.4s' });
		expect(json(delivered[0]).attempts.map((a) => a.status)).toEqual([500, 500, 200]);
		const [first, second, third] = receiver.requests.map((r) => r.receivedAt);
		expect(second - first).toBeGreaterThanOrEqual(190);
		expect(third - second).toBeGreaterThanOrEqual(390);
	});

	it('429 with Retry-After: 1 waits at least that second before retrying', async () => {
		receiver.reset((_request, index) =>
			index === 0 ? { status: 429, headers: { 'Retry-After': '1' } } : { status: 202 },
		);
		const { delivered } = await run();
		expect(json(delivered[0]).status).toBe(202);
		const gap = receiver.requests[1].receivedAt - receiver.requests[0].receivedAt;
		expect(gap).toBeGreaterThanOrEqual(950);
		expect(gap).toBeLessThan(5000);
	});

	it('a receiver that hangs is cut off after timeoutSeconds and retried', async () => {
		receiver.reset((_request, index) => (index === 0 ? { hang: true } : { status: 200 }));
		const started = Date.now();
		const { delivered } = await run({ timeoutSeconds: 1 });
		const [first, second] = json(delivered[0]).attempts;
		expect(first).toMatchObject({ n: 1, status: null, error: expect.stringContaining('ETIMEDOUT') });
		expect(first.durationMs).toBeGreaterThanOrEqual(950);
		expect(first.durationMs).toBeLessThan(3000);
		expect(second).toMatchObject({ n: 2, status: 200, error: null });
		expect(Date.now() - started).toBeLessThan(5000);
	});

	it('a connection reset is retried', async () => {
		receiver.reset((_request, index) => (index === 0 ? { reset: true } : { status: 200 }));
		const { delivered } = await run();
		expect(json(delivered[0]).attempts).toEqual([
			{ n: 1, status: null, error: expect.stringMatching(/ECONNRESET/), durationMs: expect.any(Number) },
			{ n: 2, status: 200, error: null, durationMs: expect.any(Number) },
		]);
	});

	it('410 is final: one attempt, to Failed, with the response body', async () => {
		receiver.reset(() => ({ status: 410, body: '{"error":"endpoint removed"}' }));
		const { delivered, failed } = await run();
		expect(delivered).toEqual([]);
		expect(json(failed[0])).toMatchObject({
			delivered: false,
			status: 410,
			attempts: [{ n: 1, status: 410, error: 'HTTP 410' }],
			responseBody: '{"error":"endpoint removed"}',
		});
		expect(receiver.requests).toHaveLength(1);
	});

	it('a redirect is final and not followed', async () => {
		receiver.reset((request) =>
			request.path === '/hook' ? { status: 302, headers: { Location: receiver.url('/elsewhere') } } : { status: 200 },
		);
		const { failed } = await run();
		expect(json(failed[0])).toMatchObject({
			status: 302,
			attempts: [{ n: 1, error: 'HTTP 302 (redirects are not followed)' }],
		});
		expect(receiver.requests.map((r) => r.path)).toEqual(['/hook']);
	});

	it('gives up after maxAttempts and hands the whole attempt log to Failed', async () => {
		receiver.reset(() => ({ status: 500, body: 'boom' }));
		const { delivered, failed } = await run({ maxAttempts: 3 });
		expect(delivered).toEqual([]);
		expect(failed[0].pairedItem).toEqual({ item: 0 });
		expect(json(failed[0]).attempts.map((a) => [a.n, a.status, a.error])).toEqual([
			[1, 500, 'HTTP 500'],
			[2, 500, 'HTTP 500'],
			[3, 500, 'HTTP 500'],
		]);
		expect(json(failed[0]).responseBody).toBe('boom');
		expect(receiver.requests).toHaveLength(3);
	});

	it('many items: bounded concurrency, input order kept, each sent once with its own event ID', async () => {
		const count = 8;
		receiver.reset((request) => {
			const n = Number(String(JSON.parse(request.body.toString()).TicketId).slice(2));
			return n === 2 || n === 5 ? { status: 410 } : { status: 200, delayMs: (count - n) * 15 };
		});
		const { delivered, failed } = await run(
			{ concurrency: 3 },
			{ items: items(count), perItem: { ticketId: (i) => `T-${i}` } },
		);
		expect(delivered.map((d) => d.pairedItem)).toEqual([0, 1, 3, 4, 6, 7].map((item) => ({ item })));
		expect(failed.map((f) => f.pairedItem)).toEqual([{ item: 2 }, { item: 5 }]);
		expect(receiver.requests).toHaveLength(count);
		expect(receiver.peakInFlight).toBeLessThanOrEqual(3);
		expect(receiver.peakInFlight).toBeGreaterThanOrEqual(2);
		for (const output of [...delivered, ...failed]) {
			const sent = receiver.requests
				.map((r) => JSON.parse(r.body.toString()))
				.filter((b) => b.eventId === json(output).eventId);
			expect(sent).toHaveLength(1);
			expect(sent[0].TicketId).toBe(`T-${(output.pairedItem as { item: number }).item}`);
		}
	});

	it('under mixed failures nothing is lost, and every repeat carries the same event ID and bytes', async () => {
		const replies: Script = (request) => {
			const ticket = String(JSON.parse(request.body.toString()).TicketId);
			const seen = receiver.requests.filter((r) => r.body.equals(request.body)).length;
			if (ticket.endsWith('0')) return seen < 2 ? { status: 503 } : { status: 200 };
			if (ticket.endsWith('1')) return seen < 2 ? { reset: true } : { status: 204 };
			if (ticket.endsWith('2')) return { status: 400 };
			return { status: 200, delayMs: 5 };
		};
		receiver.reset(replies);
		const count = 10;
		const { delivered, failed } = await run(
			{ concurrency: 4 },
			{ items: items(count), perItem: { ticketId: (i) => `T-${i}` } },
		);
		const outputs = [...delivered, ...failed];
		expect(outputs.map((o) => (o.pairedItem as { item: number }).item).sort((a, b) => a - b)).toEqual([
			...Array(count).keys(),
		]);
		expect(failed.map((f) => f.pairedItem)).toEqual([{ item: 2 }]);
		const attempts = outputs.reduce((sum, o) => sum + json(o).attempts.length, 0);
		expect(receiver.requests).toHaveLength(attempts);
		const byId = new Map<string, Buffer[]>();
		for (const request of receiver.requests) {
			const id = JSON.parse(request.body.toString()).eventId as string;
			byId.set(id, [...(byId.get(id) ?? []), request.body]);
		}
		expect(new Set(byId.keys())).toEqual(new Set(outputs.map((o) => json(o).eventId)));
		for (const output of outputs) {
			const bodies = byId.get(json(output).eventId) ?? [];
			expect(bodies).toHaveLength(json(output).attempts.length);
			expect(bodies.every((b) => b.equals(bodies[0]))).toBe(true);
		}
	});
});

describe('Hookline PSA Event: protection', () => {
	it.each([
		['127.0.0.1', () => receiver.url()],
		['localhost', () => receiver.url().replace('127.0.0.1', 'localhost')],
	])('refuses a receiver on %s unless private addresses are allowed, sending nothing', async (_label, url) => {
		const { delivered, failed } = await run({ url: url(), allowPrivateNetwork: false });
		expect(delivered).toEqual([]);
		expect(json(failed[0])).toMatchObject({
			delivered: false,
			status: null,
			attempts: [{ n: 1, status: null, error: expect.stringContaining('a loopback address') }],
		});
		expect(json(failed[0]).attempts[0].error).toContain('Allow Private Network Addresses');
		expect(receiver.requests).toEqual([]);
	});

	it('never puts a secret or a signature into outputs', async () => {
		receiver.reset((_request, index) =>
			index === 0 ? { status: 500, body: 'x' } : index === 1 ? { reset: true } : { status: 200 },
		);
		const { delivered, failed } = await run({}, { items: items(2) });
		const signature = createHmac('sha256', SECRET).update(receiver.requests[0].body).digest('base64');
		const text = JSON.stringify([delivered, failed]);
		for (const secret of [SECRET, PREVIOUS, signature]) expect(text).not.toContain(secret);
	});
});

describe('Hookline PSA Event: invalid items', () => {
	it('invalid Additional Fields JSON stops the run before anything is sent, naming the item and field', async () => {
		const attempt = run({}, { items: items(3), perItem: { additionalFields: (i) => (i === 1 ? '[{' : '[]') } });
		await expect(attempt).rejects.toThrow(NodeOperationError);
		await expect(attempt).rejects.toThrow(/"Additional Fields" parameter is not valid JSON .*\[item 1\]/);
		expect(receiver.requests).toEqual([]);
	});

	it('Additional Fields of the wrong shape are reported per entry', async () => {
		await expect(run({ additionalFields: '[{ "name": "Priority", "value": "High" }]' })).rejects.toThrow(
			/Cannot build the event \[item 0\]: Additional Fields\[0\]/,
		);
	});

	it('a note without its ID names the Note ID field', async () => {
		await expect(run({ resource: 'ticketNote', event: 'added' })).rejects.toThrow(/Note ID: Required/);
	});

	it('a URL that is not http(s) names the URL field', async () => {
		await expect(run({ url: 'ftp://files.example.com/hook' })).rejects.toThrow(
			/"URL" parameter must be an http or https URL \[item 0\]/,
		);
	});

	it('with continueOnFail the invalid item goes to Failed as an error and the others are delivered', async () => {
		const { delivered, failed } = await run(
			{},
			{ items: items(3), continueOnFail: true, perItem: { ticketId: (i) => (i === 1 ? ' ' : `T-${i}`) } },
		);
		expect(delivered.map((d) => d.pairedItem)).toEqual([{ item: 0 }, { item: 2 }]);
		expect(failed).toEqual([
			{ json: { error: expect.stringMatching(/\[item 1\].*Ticket ID: Must not be empty/) }, pairedItem: { item: 1 } },
		]);
		expect(receiver.requests).toHaveLength(2);
	});
});

describe('Hookline PSA Event: event type from each item', () => {
	/** A mixed stream as a PSA relay receives it; the node reads every field through an expression on it. */
	const stream: INodeExecutionData[] = [
		{ json: { eventType: 'ticket.created', ticketId: 'T-1', entityId: '', text: HTML } },
		{ json: { eventType: ' ticket.note.added ', ticketId: 'T-1', entityId: 'N-7', text: 'Called the user' } },
		{ json: { eventType: 'ticket.response.updated', ticketId: 'T-1', entityId: 'R-3', text: 'Hi Sam' } },
		{ json: { eventType: 'ticket.attachment.deleted', ticketId: 1002, entityId: 9, text: 'ignored' } },
	];
	const fromJson =
		(key: string, source: INodeExecutionData[] = stream) =>
		(itemIndex: number) =>
			source[itemIndex].json[key];
	const byField = (source: INodeExecutionData[] = stream) => ({
		eventType: fromJson('eventType', source),
		ticketId: fromJson('ticketId', source),
		entityId: fromJson('entityId', source),
		details: fromJson('text', source),
		description: fromJson('text', source),
	});
	const FIELD = { eventFrom: 'field', eventType: '={{ $json.eventType }}' };

	/** The fields the editor shows for these values, up to Additional Fields (the rest never depends on them). */
	function shownFields(given: Record<string, unknown>): string[] {
		const values = NodeHelpers.getNodeParameters(
			properties,
			given as INodeParameters,
			true,
			true,
			{ typeVersion: 1 },
			null,
		);
		const shown = properties.filter((p) => NodeHelpers.displayParameter(values ?? {}, p, { typeVersion: 1 }, null));
		const names = shown.map((p) => p.displayName);
		return names.slice(0, names.indexOf('Additional Fields'));
	}

	it('shows Event Type, Entity ID, Details and Description instead of Resource, Event and the per-resource fields', () => {
		const field = ['URL', 'Event From', 'Event Type', 'Ticket ID', 'Entity ID', 'Details', 'Description'];
		expect(shownFields({ eventFrom: 'field' })).toEqual(field);
		// A resource chosen before switching to Field is hidden, and hides nothing.
		expect(shownFields({ eventFrom: 'field', resource: 'ticketAttachment' })).toEqual(field);
		expect(shownFields({})).toEqual(['URL', 'Event From', 'Resource', 'Event', 'Ticket ID', 'Details']);
		expect(shownFields({ resource: 'ticketNote' })).toEqual([
			'URL',
			'Event From',
			'Resource',
			'Event',
			'Ticket ID',
			'Note ID',
			'Description',
		]);
	});

	it('a workflow saved before Event From existed resolves exactly as before, in Parameters mode', () => {
		const saved = { url: 'https://psa.example.com/hook', resource: 'ticketNote', event: 'deleted', entityId: 'N-1' };
		const resolved = resolveParameters(properties, saved);
		expect(resolved).toMatchObject({ ...saved, eventFrom: 'parameters', description: '' });
		expect(resolved).not.toHaveProperty('eventType');
		expect(resolved).not.toHaveProperty('details');
	});

	it('one node relays four mixed events: each with its own eventType, entityId, TicketId and fields, each signed', async () => {
		const { delivered, failed } = await run(FIELD, { items: stream, perItem: byField() });
		expect(failed).toEqual([]);
		expect(delivered.map((d) => d.pairedItem)).toEqual([0, 1, 2, 3].map((item) => ({ item })));
		expect(receiver.requests).toHaveLength(4);
		for (const request of receiver.requests) {
			expect(request.verified).toBe(true);
			expect(request.headers['x-webhook-signature']).toBe(
				createHmac('sha256', SECRET).update(request.body).digest('base64'),
			);
		}
		const sent = receiver.requests.map((r) => JSON.parse(r.body.toString('utf8')) as IDataObject);
		const byEventId = (item: number) => sent.find((b) => b.eventId === json(delivered[item]).eventId);
		const common = (eventType: string, entityId: unknown, TicketId: unknown) => ({
			eventType,
			eventId: expect.any(String),
			timestamp: expect.any(String),
			entityId,
			TicketId,
		});
		expect(byEventId(0)).toStrictEqual({
			...common('ticket.created', 'T-1', 'T-1'),
			Details: HTML,
			AdditionalFields: [],
		});
		expect(byEventId(1)).toStrictEqual({
			...common('ticket.note.added', 'N-7', 'T-1'),
			Description: 'Called the user',
			TicketResponseTypeId: 'Note',
			AdditionalFields: [],
		});
		expect(byEventId(2)).toStrictEqual({
			...common('ticket.response.updated', 'R-3', 'T-1'),
			Description: 'Hi Sam',
			TicketResponseTypeId: 'Email',
			AdditionalFields: [],
		});
		expect(byEventId(3)).toStrictEqual({
			...common('ticket.attachment.deleted', 9, 1002),
			AdditionalFields: [],
		});
		expect(Object.keys(byEventId(1) ?? {})).toEqual([
			'eventType',
			'eventId',
			'timestamp',
			'entityId',
			'TicketId',
			'Description',
			'TicketResponseTypeId',
			'AdditionalFields',
		]);
	});

	const withUnknown = stream.map((item, index) =>
		index === 1 ? { json: { ...item.json, eventType: 'ticket.note.created' } } : item,
	);

	it('an unknown event type stops the run before anything is sent, naming the item and the accepted types', async () => {
		const attempt = run(FIELD, { items: withUnknown, perItem: byField(withUnknown) });
		await expect(attempt).rejects.toThrow(NodeOperationError);
		await expect(attempt).rejects.toThrow(
			'Cannot build the event [item 1]: Event Type: "ticket.note.created" is not a PSA event type; use one of ticket.created, ticket.updated, ticket.deleted, ticket.note.added,',
		);
		expect(receiver.requests).toEqual([]);
	});

	it('with continueOnFail the item with an unknown event type goes to Failed and the others are delivered', async () => {
		const { delivered, failed } = await run(FIELD, {
			items: withUnknown,
			perItem: byField(withUnknown),
			continueOnFail: true,
		});
		expect(delivered.map((d) => d.pairedItem)).toEqual([{ item: 0 }, { item: 2 }, { item: 3 }]);
		expect(failed).toEqual([
			{
				json: {
					error: expect.stringMatching(/^Cannot build the event \[item 1\]: Event Type: "ticket\.note\.created"/),
				},
				pairedItem: { item: 1 },
			},
		]);
		expect(receiver.requests).toHaveLength(3);
	});

	it('a note event without its ID names the Entity ID field', async () => {
		const noId = [{ json: { eventType: 'ticket.note.added', ticketId: 'T-1', entityId: ' ', text: 'x' } }];
		await expect(run(FIELD, { items: noId, perItem: byField(noId) })).rejects.toThrow(
			'Cannot build the event [item 0]: Entity ID: Required for note, response and attachment events',
		);
	});
});

describe('Hookline PSA Event: stopping the execution', () => {
	it('aborts the retries: the event goes to Failed as cancelled after the attempts made before the stop', async () => {
		receiver.reset(() => ({ status: 503, body: 'busy' }));
		const controller = new AbortController();
		const running = run({ options: { retryDelayMs: 60_000 } }, { cancelSignal: controller.signal });
		// Until the 503 has gone out and been read: the node is then in its 30-60 s wait.
		while (receiver.requests.length === 0 || receiver.inFlight > 0)
			await new Promise((resolve) => setTimeout(resolve, 5));
		await new Promise((resolve) => setTimeout(resolve, 300));
		controller.abort();
		const { delivered, failed } = await running;
		expect(delivered).toEqual([]);
		expect(json(failed[0])).toMatchObject({ cancelled: true, status: 503, attempts: [{ n: 1, status: 503 }] });
		expect(receiver.requests).toHaveLength(1);
	});
});
