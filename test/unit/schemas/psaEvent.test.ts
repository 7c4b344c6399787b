import {
	buildPsaEvent,
	parsePsaEventType,
	PSA_EVENT_TYPES,
	PSA_EVENTS,
	psaEventType,
	type BuildPsaEventResult,
	type ParsePsaEventTypeResult,
	type PsaEventInput,
	type PsaResource,
} from '../../../nodes/core/schemas/psaEvent';

const base = { ticketId: 'T-1001', eventId: 'evt_1', timestamp: '2025-03-01T12:00:00.000Z' };

function payload(result: BuildPsaEventResult) {
	if (!result.ok) throw new Error(`expected success, got ${result.details.join('; ')}`);
	return result.payload;
}

function details(result: BuildPsaEventResult): string[] {
	if (result.ok) throw new Error(`expected a failure, got ${JSON.stringify(result.payload)}`);
	return result.details;
}

describe('buildPsaEvent', () => {
	it('ticket event: Details, entityId is the ticket id, keys in contract order', () => {
		const result = payload(
			buildPsaEvent({ ...base, resource: 'ticket', event: 'created', details: '<p>Printer on fire</p>' }),
		);
		expect(result).toEqual({
			eventType: 'ticket.created',
			eventId: 'evt_1',
			timestamp: '2025-03-01T12:00:00.000Z',
			entityId: 'T-1001',
			TicketId: 'T-1001',
			Details: '<p>Printer on fire</p>',
			AdditionalFields: [],
		});
		expect(Object.keys(result)).toEqual([
			'eventType',
			'eventId',
			'timestamp',
			'entityId',
			'TicketId',
			'Details',
			'AdditionalFields',
		]);
	});

	it('note event: Description and TicketResponseTypeId Note, entityId is the note id', () => {
		const result = payload(
			buildPsaEvent({
				...base,
				resource: 'ticketNote',
				event: 'added',
				entityId: 'N-7',
				description: 'Called the user',
			}),
		);
		expect(result).toEqual({
			eventType: 'ticket.note.added',
			eventId: 'evt_1',
			timestamp: '2025-03-01T12:00:00.000Z',
			entityId: 'N-7',
			TicketId: 'T-1001',
			Description: 'Called the user',
			TicketResponseTypeId: 'Note',
			AdditionalFields: [],
		});
		expect(Object.keys(result)).toEqual([
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

	it('response event: TicketResponseTypeId Email', () => {
		const result = payload(
			buildPsaEvent({ ...base, resource: 'ticketResponse', event: 'updated', entityId: 'R-3', description: 'Hi' }),
		);
		expect(result.eventType).toBe('ticket.response.updated');
		expect(result.TicketResponseTypeId).toBe('Email');
		expect(result.entityId).toBe('R-3');
	});

	it('attachment event carries neither Details nor Description', () => {
		const result = payload(
			buildPsaEvent({
				...base,
				resource: 'ticketAttachment',
				event: 'deleted',
				entityId: 'A-9',
				details: 'ignored',
				description: 'ignored',
			}),
		);
		expect(result).toEqual({
			eventType: 'ticket.attachment.deleted',
			eventId: 'evt_1',
			timestamp: '2025-03-01T12:00:00.000Z',
			entityId: 'A-9',
			TicketId: 'T-1001',
			AdditionalFields: [],
		});
	});

	it('builds every event of every resource', () => {
		const types = Object.entries(PSA_EVENTS).flatMap(([resource, events]) =>
			events.map(
				(event) => payload(buildPsaEvent({ ...base, resource, event, entityId: 'E-1' } as PsaEventInput)).eventType,
			),
		);
		expect(types).toEqual([
			'ticket.created',
			'ticket.updated',
			'ticket.deleted',
			'ticket.note.added',
			'ticket.note.updated',
			'ticket.note.deleted',
			'ticket.response.added',
			'ticket.response.updated',
			'ticket.response.deleted',
			'ticket.attachment.added',
			'ticket.attachment.deleted',
		]);
	});

	it('ignores an entityId on ticket events and details on notes', () => {
		const ticket = payload(buildPsaEvent({ ...base, resource: 'ticket', event: 'deleted', entityId: 'other' }));
		expect(ticket.entityId).toBe('T-1001');
		expect(ticket.Details).toBeNull();
		const note = payload(
			buildPsaEvent({ ...base, resource: 'ticketNote', event: 'deleted', entityId: 'N-1', details: 'x' }),
		);
		expect(note).not.toHaveProperty('Details');
		expect(note.Description).toBeNull();
	});

	it('refuses events a resource does not have', () => {
		expect(
			details(buildPsaEvent({ ...base, resource: 'ticketAttachment', event: 'updated', entityId: 'A-1' })),
		).toEqual(["event: Invalid enum value. Expected 'added' | 'deleted', received 'updated'"]);
		expect(details(buildPsaEvent({ ...base, resource: 'ticket', event: 'added' }))).toEqual([
			"event: Invalid enum value. Expected 'created' | 'updated' | 'deleted', received 'added'",
		]);
	});

	it('refuses an unknown resource', () => {
		expect(
			details(buildPsaEvent({ ...base, resource: 'invoice', event: 'created' } as unknown as PsaEventInput)),
		).toEqual([
			"resource: Invalid enum value. Expected 'ticket' | 'ticketNote' | 'ticketResponse' | 'ticketAttachment', received 'invoice'",
		]);
	});

	it('requires the entity id of notes, responses and attachments', () => {
		for (const resource of ['ticketNote', 'ticketResponse', 'ticketAttachment'] as const) {
			expect(details(buildPsaEvent({ ...base, resource, event: 'added', entityId: '  ' }))).toEqual([
				'entityId: Required for note, response and attachment events',
			]);
		}
	});

	it('requires ticketId, eventId and an ISO timestamp', () => {
		expect(
			details(
				buildPsaEvent({ resource: 'ticket', event: 'created', ticketId: '', eventId: ' ', timestamp: '01/03/2025' }),
			),
		).toEqual([
			'ticketId: Must not be empty',
			'eventId: Must not be empty',
			'timestamp: Must be an ISO 8601 date-time',
		]);
		expect(
			details(buildPsaEvent({ ...base, resource: 'ticket', event: 'created', ticketId: true as unknown as string })),
		).toEqual(['ticketId: Must be a non-empty string or a whole number']);
		expect(details(buildPsaEvent({ ...base, resource: 'ticket', event: 'created', ticketId: -1.5 }))).toEqual([
			'ticketId: Must be a whole number',
		]);
	});

	it('keeps numeric ids as numbers', () => {
		const result = payload(
			buildPsaEvent({ ...base, resource: 'ticketNote', event: 'added', ticketId: 1001, entityId: 7 }),
		);
		expect(result.TicketId).toBe(1001);
		expect(result.entityId).toBe(7);
	});

	it('passes AdditionalFields through, in order', () => {
		const additionalFields = [
			{ Name: 'Priority', Value: 'High' },
			{ Name: 'Minutes', Value: 15 },
			{ Name: 'Billable', Value: false },
			{ Name: 'Contract', Value: null },
		];
		expect(
			payload(buildPsaEvent({ ...base, resource: 'ticket', event: 'updated', additionalFields })).AdditionalFields,
		).toEqual(additionalFields);
		expect(
			payload(buildPsaEvent({ ...base, resource: 'ticket', event: 'updated', additionalFields: null }))
				.AdditionalFields,
		).toEqual([]);
	});

	it('refuses malformed AdditionalFields with the entry and field named', () => {
		expect(
			details(
				buildPsaEvent({
					...base,
					resource: 'ticket',
					event: 'updated',
					additionalFields: [
						{ Name: 'ok', Value: 1 },
						{ name: 'lower', value: 'case' },
						{ Name: 'obj', Value: { a: 1 } },
					],
				}),
			),
		).toEqual([
			'additionalFields[1].Name: Required',
			'additionalFields[1].Value: Must be a string, number, boolean or null',
			"additionalFields[1]: Unrecognized key(s) in object: 'name', 'value'",
			'additionalFields[2].Value: Must be a string, number, boolean or null',
		]);
		expect(
			details(
				buildPsaEvent({ ...base, resource: 'ticket', event: 'updated', additionalFields: { Name: 'x', Value: 1 } }),
			),
		).toEqual(['additionalFields: Expected array, received object']);
	});

	it('carries a large embedded base64 image byte for byte', () => {
		const image = Buffer.alloc(3 * 1024 * 1024);
		for (let i = 0; i < image.length; i++) image[i] = (i * 131 + 7) % 256;
		const html = `<p>Screenshot:</p><img src="data:image/png;base64,${image.toString('base64')}" />\n\t  `;
		const ticket = payload(buildPsaEvent({ ...base, resource: 'ticket', event: 'created', details: html }));
		expect(ticket.Details).toBe(html);
		const note = payload(
			buildPsaEvent({ ...base, resource: 'ticketNote', event: 'added', entityId: 'N-1', description: html }),
		);
		expect(note.Description).toBe(html);
		const serialised = JSON.stringify(note);
		expect((JSON.parse(serialised) as { Description: string }).Description).toBe(html);
		const embedded = /base64,([A-Za-z0-9+/=]+)"/.exec(JSON.parse(serialised).Description as string)?.[1] ?? '';
		expect(Buffer.from(embedded, 'base64').equals(image)).toBe(true);
	});

	it('keeps unicode and leading/trailing white space in text untouched', () => {
		const text = '  Ünïcødé 🎫 "quoted" \\ back\\slash \u2028 ';
		expect(payload(buildPsaEvent({ ...base, resource: 'ticket', event: 'created', details: text })).Details).toBe(text);
	});

	it('refuses __proto__ in an additional field without touching Object.prototype', () => {
		const additionalFields = JSON.parse('[{"Name":"a","Value":1,"__proto__":{"polluted":true}}]');
		expect(details(buildPsaEvent({ ...base, resource: 'ticket', event: 'updated', additionalFields }))).toEqual([
			"additionalFields[0]: Unrecognized key(s) in object: '__proto__'",
		]);
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
	});
});

describe('parsePsaEventType', () => {
	const ACCEPTED =
		'use one of ticket.created, ticket.updated, ticket.deleted, ticket.note.added, ticket.note.updated, ' +
		'ticket.note.deleted, ticket.response.added, ticket.response.updated, ticket.response.deleted, ' +
		'ticket.attachment.added, ticket.attachment.deleted';

	function message(result: ParsePsaEventTypeResult): string {
		if (result.ok) throw new Error(`expected a failure, got ${result.resource} ${result.event}`);
		return result.message;
	}

	const combos = (Object.entries(PSA_EVENTS) as Array<[PsaResource, readonly string[]]>).flatMap(([resource, events]) =>
		events.map((event) => [resource, event] as const),
	);

	it.each(combos)('%s %s: the exact inverse of psaEventType', (resource, event) => {
		expect(parsePsaEventType(psaEventType(resource, event))).toEqual({ ok: true, resource, event });
	});

	it('lists every event type of the contract, in contract order', () => {
		expect(`use one of ${PSA_EVENT_TYPES.join(', ')}`).toBe(ACCEPTED);
	});

	it('ignores surrounding white space', () => {
		expect(parsePsaEventType(' \tticket.note.added\n')).toEqual({ ok: true, resource: 'ticketNote', event: 'added' });
	});

	it.each([
		['ticket', '"ticket" is not a PSA event type'],
		['ticket.note', '"ticket.note" is not a PSA event type'],
		['ticket.note.created', '"ticket.note.created" is not a PSA event type'],
		['ticket.attachment.updated', '"ticket.attachment.updated" is not a PSA event type'],
		['Ticket.Created', '"Ticket.Created" is not a PSA event type'],
		['ticket.created.extra', '"ticket.created.extra" is not a PSA event type'],
		['ticket..created', '"ticket..created" is not a PSA event type'],
		['constructor', '"constructor" is not a PSA event type'],
		['__proto__', '"__proto__" is not a PSA event type'],
		['', 'Must not be empty'],
		['   ', 'Must not be empty'],
	])('refuses %j, listing the accepted event types', (value, problem) => {
		expect(message(parsePsaEventType(value))).toBe(`${problem}; ${ACCEPTED}`);
	});

	it.each([
		[undefined, 'undefined'],
		[null, 'null'],
		[42, 'a number'],
		[true, 'a boolean'],
		[['ticket.created'], 'an array'],
		[{ eventType: 'ticket.created' }, 'an object'],
	])('refuses %p, which is not text', (value, kind) => {
		expect(message(parsePsaEventType(value))).toBe(`Must be text such as ticket.note.added, not ${kind}; ${ACCEPTED}`);
	});
});
