/** Property tests of everything that parses what a sender or a user wrote: the inbound alert schema, the PSA
 * event builder, JSONata mapping and idempotency expressions (hostile ones included) and the inbound decision.
 * Whatever the input, the answer is a typed result or a clear ExpressionError, never an exception, within a
 * bounded time (measured per case, with generous bounds). */
import { Buffer } from 'node:buffer';
import { createHmac } from 'node:crypto';
import { performance } from 'node:perf_hooks';

import fc from 'fast-check';

import {
	answerFor,
	decideInbound,
	readIdempotencyKey,
	type InboundConfig,
	type InboundDecision,
} from '../../../nodes/core/triggers';
import { evaluateExpression, ExpressionError } from '../../../nodes/core/mapping';
import { parseInboundAlert, type InboundAlert, type TenantEntry } from '../../../nodes/core/schemas/alert';
import { buildPsaEvent, type PsaEventInput, type PsaEventPayload } from '../../../nodes/core/schemas/psaEvent';
import type { VerificationConfig } from '../../../nodes/core/verification';
import { confirmDelivery, MemoryStore } from '../../../nodes/core/stores';
import { ALERT_DEFAULTS } from '../../support/alertDefaults';
import { anyExpressionArb, hostileExpressionArb, jsonBodyArb } from './support/jsonataArbs';
import { propertyOptions, runsPer } from './support/runConfig';
import { Tally } from './support/tally';
import { chance, draw, generator, int, pick, type G } from './support/wire';

const tally = new Tally('parsers');
/** Per-case bound for synchronous parsers: they take well under a millisecond; the slack absorbs GC pauses
 * and a machine busy with other test workers. */
const SYNC_BOUND_MS = 2_000;
/** Per-case slack past an expression's own time limit: one long built-in call can only end after it. */
const EXPRESSION_SLACK_MS = 5_000;
const TEST_TIMEOUT_MS = 120_000;

/** Runs one case, counting it, its kind and its time; anything thrown is an unexpected exception. */
function timed<T>(group: string, kind: 'valid' | 'invalid' | 'hostile', bound: number, run: () => T): T {
	const started = performance.now();
	let result: T;
	try {
		result = run();
	} catch (error) {
		tally.add(group, 'exceptions');
		throw new Error(`${group} threw: ${error instanceof Error ? error.stack : String(error)}`);
	}
	recordTime(group, kind, bound, performance.now() - started);
	return result;
}

function recordTime(group: string, kind: string, bound: number, elapsed: number): void {
	tally.add(group, 'cases');
	tally.add(group, kind);
	tally.max(group, 'slowestMs', Math.ceil(elapsed));
	if (elapsed > bound) {
		tally.add(group, 'overTime');
		throw new Error(`${group}: a ${kind} case took ${Math.round(elapsed)} ms (bound ${bound} ms)`);
	}
}

const isStringList = (value: unknown): value is string[] =>
	Array.isArray(value) && value.length > 0 && value.every((item) => typeof item === 'string' && item.length > 0);

const hostileValueArb = fc.oneof(
	fc.anything({
		withNullPrototype: true,
		withBigInt: true,
		withDate: true,
		withMap: true,
		withSet: true,
		withTypedArray: true,
		withSparseArray: true,
		withBoxedValues: true,
		withObjectString: true,
		maxDepth: 3,
	}),
	fc.string({ unit: 'binary', maxLength: 30 }),
	fc.constantFrom('', ' ', '\u0000', '__proto__', 'constructor', 'null', '1e400', 'NaN', 'x'.repeat(100_000)),
	fc.constantFrom(0, -0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53, -(2 ** 53), true, false, null),
	fc.integer({ min: 1, max: 20_000 }).map((depth) => JSON.parse(`${'['.repeat(depth)}${']'.repeat(depth)}`)),
	fc.integer({ min: 1, max: 20_000 }).map((depth) => JSON.parse(`${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`)),
);

// ---- the inbound alert schema -------------------------------------------------------------------------------------

const SEVERITIES = ['low', 'medium', 'high', 'critical'];
const CATEGORIES = ['system', 'security', 'compliance', 'licence', 'drift', 'billing'];
const CONTOSO = '0f8fad5b-d9cb-469f-a165-70867728950e';
const FABRIKAM = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
const TENANTS: TenantEntry[] = [
	{ domain: 'contoso.com', id: CONTOSO },
	{ domain: ' Fabrikam.Example. ', id: ` ${FABRIKAM.toUpperCase()} ` },
	{ domain: 'broken.example', id: 'not-a-uuid' },
];

const textArb = (max: number) =>
	fc
		.oneof(
			fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }),
			fc.string({ minLength: 1, maxLength: 40 }),
			fc.constant('x'.repeat(max)),
		)
		.filter((text) => text.trim() !== '' && text.trim().length <= max);
const pad = (g: G, text: string) =>
	chance(g, 20) ? `${pick(g, [' ', '\t', '\n', '\u00a0'])}${text}${pick(g, [' ', '', '\r\n'])}` : text;
const recaseText = (g: G, text: string) => pick(g, [text, text.toUpperCase(), text.toLowerCase()]);
const blank = (g: G) => pick(g, [undefined, null, '', '   ']);

/** A valid alert body, and what parsing must make of it. */
function validAlert(g: G): { body: Record<string, unknown>; expected: InboundAlert } {
	const title = draw(g, textArb(500));
	const description = draw(g, textArb(20_000));
	const body: Record<string, unknown> = { title: pad(g, title), description: pad(g, description) };
	const expected: InboundAlert = {
		title: title.trim(),
		description: description.trim(),
		...ALERT_DEFAULTS,
		metadata: {},
	};
	const set = (key: string, value: unknown) => {
		if (value !== undefined || chance(g, 50)) body[key] = value;
	};
	if (chance(g, 70)) {
		const severity = pick(g, SEVERITIES);
		body.severity = severity;
		expected.severity = severity as InboundAlert['severity'];
	} else set('severity', blank(g));
	if (chance(g, 70)) {
		const category = pick(g, CATEGORIES);
		body.category = category;
		expected.category = category as InboundAlert['category'];
	} else set('category', blank(g));
	switch (int(g, 0, 4)) {
		case 0:
			set('customerTenantId', blank(g));
			break;
		case 1: {
			// With a tenant table, an id must be one of its tenants' (the table's ids are trimmed and lower-cased).
			const id = pick(g, [CONTOSO, FABRIKAM]);
			body.customerTenantId = pad(g, recaseText(g, id));
			expected.customerTenantId = id;
			break;
		}
		case 2:
		case 3: {
			const [domain, id] = pick(g, [
				['contoso.com', CONTOSO],
				['fabrikam.example', FABRIKAM],
			] as const);
			body.customerTenantDomain = pad(g, `${recaseText(g, domain)}${chance(g, 30) ? '.' : ''}`);
			expected.customerTenantDomain = domain;
			expected.customerTenantId = id;
			if (chance(g, 40)) body.customerTenantId = recaseText(g, id);
			break;
		}
		default:
			set('customerTenantDomain', blank(g));
	}
	if (chance(g, 60)) {
		const key = draw(g, textArb(256));
		body.dedupeKey = pad(g, key);
		expected.dedupeKey = key.trim();
	} else set('dedupeKey', blank(g));
	if (chance(g, 60)) {
		// Through JSON, as n8n parses a body: a "__proto__" key is then an own property, which zod drops.
		const text = JSON.stringify(
			draw(g, fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 5 })),
		);
		expected.metadata = JSON.parse(text);
		body.metadata = JSON.parse(
			chance(g, 10)
				? text.replace(/^\{/, text === '{}' ? '{"__proto__":{"polluted":true}' : '{"__proto__":{"polluted":true},')
				: text,
		);
	} else if (chance(g, 50)) body.metadata = null;
	if (chance(g, 20))
		body[pick(g, ['status', 'alertId', 'occurrences', 'extra'])] = draw(g, fc.jsonValue({ maxDepth: 1 }));
	return { body, expected };
}

/** One change that makes a valid body invalid, and the field the details must name. */
function breakAlert(g: G, body: Record<string, unknown>): { body: unknown; field: string } {
	const field = pick(g, [
		'title',
		'description',
		'severity',
		'category',
		'customerTenantId',
		'customerTenantDomain',
		'dedupeKey',
		'metadata',
		'body',
	]);
	const broken: Record<string, unknown> = { ...body };
	switch (field) {
		case 'title':
		case 'description':
			if (chance(g, 20)) delete broken[field];
			else
				broken[field] = pick(g, [
					'',
					'  \n ',
					42,
					null,
					{},
					['x'],
					'x'.repeat(field === 'title' ? 501 : 20_001),
					` ${'y'.repeat(field === 'title' ? 501 : 20_001)} `,
				]);
			break;
		case 'severity':
			broken.severity = pick(g, ['urgent', 'HIGH', 'Medium', 3, true, ['high'], {}]);
			break;
		case 'category':
			broken.category = pick(g, ['network', 'System', 'license', 0, false, ['system']]);
			break;
		case 'customerTenantId':
			delete broken.customerTenantDomain;
			broken.customerTenantId = pick(g, [
				'contoso',
				CONTOSO.replaceAll('-', ''),
				`${CONTOSO}x`,
				`{${CONTOSO}}`,
				draw(
					g,
					fc.uuid().filter((id) => id !== CONTOSO && id !== FABRIKAM),
				), // a tenant outside the table
				123,
				true,
				{},
			]);
			break;
		case 'customerTenantDomain':
			broken.customerTenantDomain = pick(g, [
				'unknown.example',
				'broken.example',
				'contoso.com..',
				`${'a'.repeat(250)}.com`,
				7,
				{},
			]);
			if (broken.customerTenantDomain === 'contoso.com..' || chance(g, 20)) {
				broken.customerTenantDomain = 'contoso.com';
				broken.customerTenantId = FABRIKAM; // a domain that belongs to another tenant
			}
			break;
		case 'dedupeKey':
			broken.dedupeKey = pick(g, ['k'.repeat(257), 42, {}, ['k'], true]);
			break;
		case 'metadata': {
			const depth = int(g, 5_000, 50_000);
			broken.metadata = pick(g, [
				['a'],
				'x',
				42,
				true,
				{ blob: 'x'.repeat(70_000) },
				JSON.parse(`{"deep":${'['.repeat(depth)}${']'.repeat(depth)}}`),
				{ big: BigInt(1) },
			]);
			break;
		}
		default:
			return { body: pick(g, [null, [], 'alert', 42, true, undefined, [body]]), field: 'body' };
	}
	return { body: broken, field };
}

function checkAlertShape(alert: InboundAlert): void {
	expect(alert.title === alert.title.trim() && alert.title.length > 0 && alert.title.length <= 500).toBe(true);
	expect(alert.description === alert.description.trim() && alert.description.length > 0).toBe(true);
	expect(SEVERITIES).toContain(alert.severity);
	expect(CATEGORIES).toContain(alert.category);
	if (alert.customerTenantId !== null) expect(alert.customerTenantId).toMatch(/^[0-9a-f-]{36}$/);
	expect(Object.getPrototypeOf(alert.metadata)).toBe(Object.prototype);
	expect(Object.keys(alert).sort()).toEqual(
		[
			'title',
			'description',
			'severity',
			'category',
			'customerTenantId',
			'customerTenantDomain',
			'dedupeKey',
			'metadata',
		].sort(),
	);
}

// ---- the PSA event builder ---------------------------------------------------------------------------------------------

const PSA_EVENTS: Record<string, string[]> = {
	ticket: ['created', 'updated', 'deleted'],
	ticketNote: ['added', 'updated', 'deleted'],
	ticketResponse: ['added', 'updated', 'deleted'],
	ticketAttachment: ['added', 'deleted'],
};
const EVENT_PREFIX: Record<string, string> = {
	ticket: 'ticket',
	ticketNote: 'ticket.note',
	ticketResponse: 'ticket.response',
	ticketAttachment: 'ticket.attachment',
};

const idArb = fc.oneof(
	fc.string({ minLength: 1, maxLength: 12 }).filter((text) => text.trim() !== ''),
	fc.nat({ max: Number.MAX_SAFE_INTEGER }),
	fc.nat({ max: 99_999 }),
);
const isoArb = fc
	.tuple(
		fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true }),
		fc.nat({ max: 2 }),
	)
	.map(([date, style]) => {
		const text = date.toISOString();
		return style === 0 ? text : style === 1 ? text.replace('Z', '+00:00') : text.replace(/\.\d{3}Z$/, 'Z');
	});
const scalarArb = fc.oneof(
	fc.string({ maxLength: 20 }),
	fc.double({ noNaN: true, noDefaultInfinity: true }),
	fc.integer(),
	fc.boolean(),
	fc.constant(null),
);

function validPsa(g: G): { input: PsaEventInput; expected: PsaEventPayload } {
	const resource = pick(g, Object.keys(PSA_EVENTS));
	const event = pick(g, PSA_EVENTS[resource]);
	const ticketId = draw(g, idArb);
	const entityId = draw(g, idArb);
	const fields = draw(
		g,
		fc.array(
			fc.record({ Name: fc.string({ minLength: 1, maxLength: 10 }).filter((n) => n.trim() !== ''), Value: scalarArb }),
			{ maxLength: 4 },
		),
	);
	const eventId = draw(
		g,
		fc.oneof(
			fc.uuid(),
			fc.string({ minLength: 1, maxLength: 20 }).filter((id) => id.trim() !== ''),
		),
	);
	const timestamp = draw(g, isoArb);
	const details = pick(g, [
		undefined,
		null,
		draw(g, fc.string({ maxLength: 30 })),
		`<p>${'x'.repeat(int(g, 0, 2000))}</p>`,
	]);
	const description = pick(g, [undefined, null, draw(g, fc.string({ maxLength: 30 }))]);
	const input: PsaEventInput = {
		resource: resource as PsaEventInput['resource'],
		event,
		ticketId: typeof ticketId === 'string' ? pad(g, ticketId) : ticketId,
		eventId: pad(g, eventId),
		timestamp,
		details,
		description,
		additionalFields:
			fields.length || chance(g, 50) ? fields.map((f) => ({ ...f, Name: pad(g, f.Name) })) : pick(g, [undefined, null]),
	};
	const trimmed = (id: string | number) => (typeof id === 'string' ? id.trim() : id);
	if (resource !== 'ticket') input.entityId = typeof entityId === 'string' ? pad(g, entityId) : entityId;
	else if (chance(g, 30)) input.entityId = pick(g, [undefined, null, '', '  ', entityId]);
	const expected: PsaEventPayload = {
		eventType: `${EVENT_PREFIX[resource]}.${event}`,
		eventId: eventId.trim(),
		timestamp,
		entityId: resource === 'ticket' ? trimmed(ticketId) : trimmed(entityId),
		TicketId: trimmed(ticketId),
		...(resource === 'ticket' ? { Details: details ?? null } : {}),
		...(resource === 'ticketNote' || resource === 'ticketResponse'
			? {
					Description: description ?? null,
					TicketResponseTypeId: resource === 'ticketNote' ? ('Note' as const) : ('Email' as const),
				}
			: {}),
		AdditionalFields: fields.map((f) => ({ Name: f.Name.trim(), Value: f.Value })),
	};
	return { input, expected };
}

function breakPsa(g: G, input: PsaEventInput): { input: unknown; field: string } {
	const broken: Record<string, unknown> = { ...input };
	const field = pick(g, [
		'resource',
		'event',
		'ticketId',
		'entityId',
		'details',
		'description',
		'additionalFields',
		'eventId',
		'timestamp',
		'event root',
	]);
	switch (field) {
		case 'resource':
			broken.resource = pick(g, ['invoice', '', 'Ticket', 42, null, '__proto__']);
			break;
		case 'event': {
			const resource = input.resource;
			const others = ['created', 'added', 'updated', 'deleted', 'closed', '', 'Created'].filter(
				(e) => !PSA_EVENTS[resource].includes(e),
			);
			broken.event = chance(g, 80) ? pick(g, others) : pick(g, [42, null, undefined]);
			break;
		}
		case 'ticketId':
			broken.ticketId = pick(g, [
				'',
				'   ',
				-1,
				1.5,
				Number.NaN,
				Number.POSITIVE_INFINITY,
				2 ** 53,
				true,
				null,
				undefined,
				{},
				['1'],
			]);
			break;
		case 'entityId':
			if (input.resource !== 'ticket' && chance(g, 50)) broken.entityId = pick(g, [undefined, null, '', ' \t ']);
			else broken.entityId = pick(g, [-1, 0.5, true, {}, ['x'], Number.NaN]);
			break;
		case 'details':
		case 'description':
			broken[field] = pick(g, [42, {}, ['x'], true]);
			break;
		case 'additionalFields':
			broken.additionalFields = pick(g, [
				{ Name: 'x', Value: 1 },
				'[]',
				[{ Name: '', Value: 1 }],
				[{ Name: '  ', Value: 1 }],
				[{ Name: 'x', Value: { nested: true } }],
				[{ Name: 'x', Value: [1] }],
				[{ Name: 'x', Value: 1, Extra: 2 }],
				[{ name: 'x', value: 1 }],
				['x'],
				[{ Name: 'x', Value: Number.NaN }],
				[{ Name: 'x', Value: Number.POSITIVE_INFINITY }],
				[{ Name: 'x' }],
			]);
			break;
		case 'eventId':
			broken.eventId = pick(g, ['', '  ', 42, undefined, null]);
			break;
		case 'timestamp':
			broken.timestamp = pick(g, [
				'01/03/2025',
				'',
				'now',
				1_700_000_000,
				'2024-13-01T00:00:00Z',
				'2024-01-01',
				'2024-01-01T00:00:00',
				'+012024-01-01T00:00:00Z',
				null,
				new Date(),
			]);
			break;
		default:
			return { input: pick(g, [null, undefined, 'ticket.created', 42, [input]]), field: 'event' };
	}
	return { input: broken, field: field.split(' ')[0] };
}

// ---- JSONata ---------------------------------------------------------------------------------------------------------

const KINDS = new Set(['syntax', 'evaluation', 'timeout', 'depth']);

/** Plain JSON data: what an n8n item can hold, with no functions, undefined members or odd prototypes. */
function isPlainData(value: unknown, depth = 0): boolean {
	if (depth > 10_000) return false;
	if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
	if (typeof value === 'number') return Number.isFinite(value);
	if (Array.isArray(value)) return value.every((item) => item !== undefined && isPlainData(item, depth + 1));
	if (typeof value === 'object') {
		const proto = Object.getPrototypeOf(value);
		if (proto !== Object.prototype && proto !== null) return false;
		return Object.values(value).every((member) => member !== undefined && isPlainData(member, depth + 1));
	}
	return false;
}

async function expressionOutcome(
	source: string,
	body: unknown,
	timeoutMs: number,
): Promise<{ ok: true; value: unknown } | { ok: false; error: ExpressionError }> {
	try {
		return { ok: true, value: await evaluateExpression(source, body, { timeoutMs }) };
	} catch (error) {
		if (!(error instanceof ExpressionError)) throw error;
		return { ok: false, error };
	}
}

/** Evaluates one expression, counting a rejection that is not an ExpressionError as an exception. */
async function evaluateCounted(group: string, label: string, source: string, body: unknown, timeoutMs: number) {
	const started = performance.now();
	const outcome = await expressionOutcome(source, body, timeoutMs).catch((error: unknown) => {
		tally.add(group, 'exceptions');
		throw new Error(`${label}: rejected with a non-ExpressionError: ${String(error)}`);
	});
	return { outcome, elapsed: performance.now() - started };
}

// ---- the inbound decision -------------------------------------------------------------------------------------------

const SECRET = 'inbound-property-secret';
const MAPPINGS = [
	'{ "id": id, "name": device.hostname }',
	'items[id > 3].x',
	'$string(n)',
	'$$.(',
	'$error("bad mapping")',
	'function($x){ $x }',
	'$count(items)',
	'tags[0]',
];
const KEY_EXPRESSIONS = [
	'id',
	'$string(n)',
	'missing.field',
	'$error("no key")',
	'$$.(',
	'[1, 2]',
	'$pad("", 600, "k")',
	'device.id',
	'"   "',
];

interface InboundCase {
	config: InboundConfig;
	requests: Array<{
		rawBody: Buffer | undefined;
		headers: Record<string, unknown>;
		body: unknown;
		nowMs: number;
		genuine: boolean;
	}>;
}

function inboundCase(g: G): InboundCase {
	const method = pick(g, ['none', 'hmac', 'bearer', 'headerToken'] as const);
	const verification: VerificationConfig =
		method === 'hmac'
			? { method, algorithm: 'sha256', encoding: 'hex', signatureHeader: 'X-Signature' }
			: method === 'headerToken'
				? { method, headerName: 'X-Api-Key' }
				: { method };
	const idempotency = pick(g, [
		{ mode: 'none' as const },
		{ mode: 'header' as const, header: 'Idempotency-Key' },
		{ mode: 'expression' as const, expression: pick(g, KEY_EXPRESSIONS) },
	]);
	const config: InboundConfig = {
		verification,
		secrets: { current: SECRET },
		idempotency,
		idempotencyWindowSeconds: pick(g, [1, 60, 86_400]),
		rateLimitPerMinute: pick(g, [0, 0, 1, 2]),
		mapping: chance(g, 40) ? pick(g, MAPPINGS) : undefined,
		scope: 'wf:node',
	};
	const count = int(g, 1, 3);
	const requests: InboundCase['requests'] = [];
	for (let i = 0; i < count; i++) {
		const body = i > 0 && chance(g, 50) ? requests[0].body : draw(g, jsonBodyArb);
		const text = JSON.stringify(body) ?? 'null';
		const rawBody = chance(g, 90) ? Buffer.from(chance(g, 90) ? text : draw(g, fc.string())) : undefined;
		const headers: Record<string, unknown> = Object.fromEntries(
			draw(
				g,
				fc.array(
					fc.tuple(
						fc.constantFrom(
							'x-signature',
							'authorization',
							'x-api-key',
							'idempotency-key',
							'content-type',
							'X-Signature',
							'Idempotency-Key',
						),
						fc.oneof(fc.string(), fc.array(fc.string(), { maxLength: 2 })),
					),
					{ maxLength: 3 },
				),
			),
		);
		// Half of the requests carry genuine credentials, made here with node:crypto.
		const genuine = method === 'none' || (chance(g, 50) && rawBody !== undefined);
		if (genuine) {
			for (const name of Object.keys(headers))
				if (['x-signature', 'authorization', 'x-api-key'].includes(name.toLowerCase())) delete headers[name];
			if (method === 'hmac') headers['x-signature'] = createHmac('sha256', SECRET).update(rawBody!).digest('hex');
			if (method === 'bearer') headers.authorization = `Bearer ${SECRET}`;
			if (method === 'headerToken') headers['X-Api-Key'] = SECRET;
		}
		if (chance(g, 60)) {
			for (const name of Object.keys(headers)) if (name.toLowerCase() === 'idempotency-key') delete headers[name];
			headers['idempotency-key'] =
				i > 0 && chance(g, 50) ? 'same-key' : pick(g, ['same-key', `k-${i}`, '   ', 'x'.repeat(600)]);
		}
		requests.push({
			rawBody,
			headers,
			body,
			nowMs: 1_700_000_000_000 + i,
			genuine: genuine && method !== 'none' ? rawBody !== undefined : genuine,
		});
	}
	return { config, requests };
}

/** The HTTP answer of a decision, checked against the contract's table. */
function checkAnswer(decision: InboundDecision, genuine: boolean, method: string): void {
	const answer = answerFor(decision, 202);
	switch (decision.outcome) {
		case 'accepted':
			expect(genuine).toBe(true);
			expect(answer).toEqual({ status: 202, headers: {}, body: { ok: true, deliveryId: decision.deliveryId } });
			expect(decision.verification).toEqual({ method, secret: method === 'none' ? 'none' : 'current' });
			return;
		case 'duplicate':
			expect(genuine).toBe(true);
			expect(answer).toEqual({
				status: 200,
				headers: {},
				body: { ok: true, duplicate: true, deliveryId: decision.deliveryId },
			});
			return;
		case 'rejected':
			expect(typeof decision.detail).toBe('string');
			if (decision.reason === 'unauthorized') {
				expect(answer).toEqual({ status: 401, headers: {}, body: { ok: false, error: 'unauthorized' } });
			} else if (decision.reason === 'invalid_payload') {
				expect(genuine).toBe(true);
				expect(answer.status).toBe(400);
				expect(answer.body).toMatchObject({ error: 'invalid_payload' });
				expect(isStringList((answer.body as Record<string, unknown>).details)).toBe(true);
			} else if (decision.reason === 'rate_limited') {
				expect(genuine).toBe(true);
				expect(answer.status).toBe(429);
				expect(Number(answer.headers['retry-after'])).toBeGreaterThan(0);
			} else {
				throw new Error(`unexpected rejection ${decision.reason}: ${decision.detail}`);
			}
			if (!genuine) expect(decision.reason).toBe('unauthorized');
			return;
		default:
			throw new Error(`untyped decision ${JSON.stringify(decision)}`);
	}
}

// ---- the properties ---------------------------------------------------------------------------------------------------

describe('parser properties', () => {
	it(
		'parseInboundAlert: valid bodies parse to the normalised alert, broken ones name the field, hostile ones never throw',
		() => {
			fc.assert(
				fc.property(generator(), (g) => {
					const { body, expected } = validAlert(g);
					const mode = int(g, 0, 2);
					if (mode === 0) {
						const result = timed('alert', 'valid', SYNC_BOUND_MS, () => parseInboundAlert(body, TENANTS));
						if (!result.ok)
							throw new Error(
								`valid alert refused: ${result.details.join('; ')} | ${JSON.stringify(body).slice(0, 300)}`,
							);
						expect(result.alert).toEqual(expected);
						checkAlertShape(result.alert);
					} else if (mode === 1) {
						const broken = breakAlert(g, body);
						const result = timed('alert', 'invalid', SYNC_BOUND_MS, () => parseInboundAlert(broken.body, TENANTS));
						if (result.ok)
							throw new Error(`broken alert (${broken.field}) accepted: ${JSON.stringify(broken.body)?.slice(0, 300)}`);
						expect(isStringList(result.details)).toBe(true);
						expect(result.details.some((line) => line.startsWith(`${broken.field}:`))).toBe(true);
					} else {
						const hostile = chance(g, 50)
							? draw(g, hostileValueArb)
							: { ...body, [pick(g, Object.keys(body))]: draw(g, hostileValueArb) };
						const result = timed('alert', 'hostile', SYNC_BOUND_MS, () => parseInboundAlert(hostile, TENANTS));
						if (result.ok) checkAlertShape(result.alert);
						else expect(isStringList(result.details)).toBe(true);
					}
				}),
				propertyOptions(runsPer(4_000)),
			);
		},
		TEST_TIMEOUT_MS,
	);

	it(
		'buildPsaEvent: valid inputs build the contract payload, broken ones name the field, hostile ones never throw',
		() => {
			fc.assert(
				fc.property(generator(), (g) => {
					const { input, expected } = validPsa(g);
					const mode = int(g, 0, 2);
					if (mode === 0) {
						const result = timed('psaEvent', 'valid', SYNC_BOUND_MS, () => buildPsaEvent(input));
						if (!result.ok)
							throw new Error(
								`valid PSA input refused: ${result.details.join('; ')} | ${JSON.stringify(input).slice(0, 300)}`,
							);
						expect(result.payload).toEqual(expected);
						expect(Object.keys(result.payload)).toEqual(Object.keys(expected));
						expect(isPlainData(result.payload)).toBe(true);
					} else if (mode === 1) {
						const broken = breakPsa(g, input);
						const result = timed('psaEvent', 'invalid', SYNC_BOUND_MS, () =>
							buildPsaEvent(broken.input as PsaEventInput),
						);
						if (result.ok)
							throw new Error(
								`broken PSA input (${broken.field}) accepted: ${JSON.stringify(broken.input)?.slice(0, 300)}`,
							);
						expect(isStringList(result.details)).toBe(true);
						expect(result.details.some((line) => line.startsWith(broken.field))).toBe(true);
					} else {
						const hostile = chance(g, 30)
							? draw(g, hostileValueArb)
							: {
									...input,
									[pick(g, [...Object.keys(input), 'entityId', 'additionalFields'])]: draw(g, hostileValueArb),
								};
						const result = timed('psaEvent', 'hostile', SYNC_BOUND_MS, () => buildPsaEvent(hostile as PsaEventInput));
						if (result.ok) expect(isPlainData(result.payload)).toBe(true);
						else expect(isStringList(result.details)).toBe(true);
					}
				}),
				propertyOptions(runsPer(4_000)),
			);
		},
		TEST_TIMEOUT_MS,
	);

	it(
		'JSONata mapping and idempotency expressions: plain data or a clear ExpressionError, the body untouched',
		async () => {
			await fc.assert(
				fc.asyncProperty(anyExpressionArb, jsonBodyArb, async (source, body) => {
					const before = JSON.stringify(body);
					const timeoutMs = 100;
					const { outcome, elapsed } = await evaluateCounted(
						'expression',
						JSON.stringify(source),
						source,
						body,
						timeoutMs,
					);
					recordTime('expression', outcome.ok ? 'valid' : 'invalid', timeoutMs + EXPRESSION_SLACK_MS, elapsed);
					if (JSON.stringify(body) !== before) throw new Error(`${JSON.stringify(source)} changed the body ${before}`);
					if (outcome.ok) {
						if (!isPlainData(outcome.value ?? null))
							throw new Error(`${JSON.stringify(source)} returned data that is not plain JSON`);
						tally.add('expression', 'values');
					} else {
						expect(KINDS.has(outcome.error.kind)).toBe(true);
						expect(outcome.error.message.length).toBeGreaterThan(0);
						tally.add('expression', `kind:${outcome.error.kind}`);
					}
					// The same source as an idempotency key: a usable key or a reason, never an exception. Only fast
					// expressions, since this path runs with the production limit (1000 ms).
					if (elapsed < 20) {
						const key = await timedAsync('idempotencyKey', 'valid', 1000 + EXPRESSION_SLACK_MS, () =>
							readIdempotencyKey({ mode: 'expression', expression: source }, {}, body),
						);
						if (key.ok)
							expect(typeof key.key === 'string' && key.key.trim() !== '' && key.key.length <= 512).toBe(true);
						else expect(isStringList(key.details)).toBe(true);
					}
				}),
				propertyOptions(runsPer(1_500)),
			);
		},
		TEST_TIMEOUT_MS,
	);

	it(
		'hostile JSONata (loops, recursion, allocation) stops with a clear ExpressionError within its time limit',
		async () => {
			await fc.assert(
				fc.asyncProperty(
					hostileExpressionArb,
					fc.integer({ min: 5, max: 25 }),
					jsonBodyArb,
					async ({ name, source }, timeoutMs, body) => {
						const { outcome, elapsed } = await evaluateCounted('hostileExpression', name, source, body, timeoutMs);
						tally.max('hostileExpression', `slowestMs:${name}`, Math.ceil(elapsed));
						recordTime('hostileExpression', 'hostile', timeoutMs + EXPRESSION_SLACK_MS, elapsed);
						if (outcome.ok) throw new Error(`${name} (${source.slice(0, 80)}) returned a value instead of stopping`);
						expect(KINDS.has(outcome.error.kind)).toBe(true);
						expect(outcome.error.message).not.toMatch(/^\s*$/);
						tally.add('hostileExpression', `kind:${outcome.error.kind}`);
					},
				),
				propertyOptions(runsPer(60)),
			);
		},
		TEST_TIMEOUT_MS,
	);

	it(
		'hostile mappings and key expressions under the production limit answer 400 within about a second',
		async () => {
			const hostile = [
				'($f := function($x){ $f($x) }; $f(1))',
				'($loop := function($n){ $n < 0 ? 0 : $loop($n + 1) }; $loop(0))',
				'($f := function($n){ $n = 0 ? 0 : 1 + $f($n - 1) }; $f(100000))',
				'$map([1..1000000], function($v){ $map([1..1000000], function($w){ $v * $w }) })',
				'$sort([1..1000000], function($a, $b){ $a < $b })',
				'[1..100000000]',
				'$reduce([1..40], function($s, $v){ $s & $s }, "ab")',
				`${'('.repeat(20_000)}1${')'.repeat(20_000)}`,
			];
			const started = performance.now();
			const decisions = await Promise.all(
				hostile.flatMap((source) =>
					(['mapping', 'key'] as const).map(async (where) => {
						const config: InboundConfig = {
							verification: { method: 'none' },
							secrets: { current: '' },
							idempotency: where === 'key' ? { mode: 'expression', expression: source } : { mode: 'none' },
							idempotencyWindowSeconds: 60,
							rateLimitPerMinute: 0,
							mapping: where === 'mapping' ? source : undefined,
							scope: 'wf:hostile',
						};
						const caseStarted = performance.now();
						const decision = await decideInbound(
							config,
							{ rawBody: Buffer.from('{}'), headers: {}, body: {}, nowMs: Date.now() },
							{ store: new MemoryStore(), newDeliveryId: () => 'd' },
						);
						recordTime('hostileInbound', 'hostile', 1000 + EXPRESSION_SLACK_MS, performance.now() - caseStarted);
						return decision;
					}),
				),
			);
			for (const decision of decisions) {
				expect(decision).toMatchObject({ outcome: 'rejected', reason: 'invalid_payload' });
				const answer = answerFor(decision, 202);
				expect(answer.status).toBe(400);
				expect(isStringList((answer.body as Record<string, unknown>).details)).toBe(true);
			}
			// They ran concurrently: each has its own deadline, so all end about a second after the start.
			expect(performance.now() - started).toBeLessThan(1000 + EXPRESSION_SLACK_MS);
		},
		TEST_TIMEOUT_MS,
	);

	it(
		'decideInbound: random headers and bodies get a typed decision and the contract status, never an exception',
		async () => {
			await fc.assert(
				fc.asyncProperty(generator(), async (g) => {
					const { config, requests } = inboundCase(g);
					const store = new MemoryStore();
					let ids = 0;
					for (const request of requests) {
						const sizeBefore = store.stats().size;
						const decision = await timedAsync(
							'inbound',
							request.genuine ? 'valid' : 'invalid',
							1000 + EXPRESSION_SLACK_MS,
							() =>
								decideInbound(
									config,
									{ ...request, headers: request.headers as never },
									{ store, newDeliveryId: () => `d-${++ids}` },
								),
						);
						checkAnswer(decision, request.genuine, config.verification.method);
						// Its execution starts and confirms the claim, as the trigger's execute step does.
						if (decision.outcome === 'accepted' && decision.idempotencyKey !== null) {
							const key = `${config.scope}:${decision.idempotencyKey}`;
							await confirmDelivery(store, key, decision.deliveryId, config.idempotencyWindowSeconds);
						}
						// A forger touches no state: no rate-limit count, no idempotency claim.
						if (!request.genuine) expect(store.stats().size).toBe(sizeBefore);
						tally.add('inbound', `outcome:${decision.outcome === 'rejected' ? decision.reason : decision.outcome}`);
					}
				}),
				propertyOptions(runsPer(1_500)),
			);
		},
		TEST_TIMEOUT_MS,
	);
});

async function timedAsync<T>(
	group: string,
	kind: 'valid' | 'invalid' | 'hostile',
	bound: number,
	run: () => Promise<T>,
): Promise<T> {
	const started = performance.now();
	let result: T;
	try {
		result = await run();
	} catch (error) {
		tally.add(group, 'exceptions');
		throw new Error(`${group} threw: ${error instanceof Error ? error.stack : String(error)}`);
	}
	recordTime(group, kind, bound, performance.now() - started);
	return result;
}

afterAll(() => {
	let slowest = 0;
	for (const counts of tally.groups.values()) slowest = Math.max(slowest, counts.slowestMs ?? 0);
	const totals = {
		cases: tally.total('cases'),
		valid: tally.total('valid'),
		invalid: tally.total('invalid'),
		hostile: tally.total('hostile'),
		exceptions: tally.total('exceptions'),
		overTime: tally.total('overTime'),
		slowestMs: slowest,
	};
	tally.report(
		`${totals.cases} cases, ${totals.exceptions} exceptions, ${totals.overTime} over the time bound ` +
			`(${totals.valid} valid, ${totals.invalid} invalid, ${totals.hostile} hostile; slowest ${totals.slowestMs} ms)`,
		totals,
	);
});
