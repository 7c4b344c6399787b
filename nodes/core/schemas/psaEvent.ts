import { z } from 'zod';

import { formatIssues } from './zodErrors';

export const PSA_RESOURCES = ['ticket', 'ticketNote', 'ticketResponse', 'ticketAttachment'] as const;
export type PsaResource = (typeof PSA_RESOURCES)[number];

/** The events each resource has, as the MSP Manager contract lists them (attachments are never updated). */
export const PSA_EVENTS = {
	ticket: ['created', 'updated', 'deleted'],
	ticketNote: ['added', 'updated', 'deleted'],
	ticketResponse: ['added', 'updated', 'deleted'],
	ticketAttachment: ['added', 'deleted'],
} as const satisfies Record<PsaResource, readonly string[]>;

const EVENT_TYPE_PREFIX: Record<PsaResource, string> = {
	ticket: 'ticket',
	ticketNote: 'ticket.note',
	ticketResponse: 'ticket.response',
	ticketAttachment: 'ticket.attachment',
};

/** The payload's eventType for an event of a resource, e.g. ticket.note.added. */
export const psaEventType = (resource: PsaResource, event: string): string => `${EVENT_TYPE_PREFIX[resource]}.${event}`;

// A Map, not an object: an eventType such as "constructor" must not find something on Object.prototype.
const BY_EVENT_TYPE = new Map(
	PSA_RESOURCES.flatMap((resource) =>
		PSA_EVENTS[resource].map((event) => [psaEventType(resource, event), { resource, event }] as const),
	),
);

/** Every eventType the contract has, in contract order: each resource's events, resources in PSA_RESOURCES order. */
export const PSA_EVENT_TYPES: readonly string[] = [...BY_EVENT_TYPE.keys()];

const kindOf = (value: unknown) =>
	value === null || value === undefined
		? String(value)
		: Array.isArray(value)
			? 'an array'
			: typeof value === 'object'
				? 'an object'
				: `a ${typeof value}`;

export type ParsePsaEventTypeResult =
	| { ok: true; resource: PsaResource; event: string }
	| { ok: false; message: string };

/** The inverse of psaEventType, for an eventType that comes from each item (e.g. ticket.note.added →
 * ticketNote, added). Surrounding white space is ignored; case is not, as the contract spells every type in
 * lower case and receivers compare them exactly. */
export function parsePsaEventType(value: unknown): ParsePsaEventTypeResult {
	const accepted = `use one of ${PSA_EVENT_TYPES.join(', ')}`;
	if (typeof value !== 'string') {
		return { ok: false, message: `Must be text such as ticket.note.added, not ${kindOf(value)}; ${accepted}` };
	}
	const eventType = value.trim();
	if (eventType === '') return { ok: false, message: `Must not be empty; ${accepted}` };
	const found = BY_EVENT_TYPE.get(eventType);
	if (!found) return { ok: false, message: `${JSON.stringify(eventType)} is not a PSA event type; ${accepted}` };
	return { ok: true, ...found };
}

const RESPONSE_TYPE = { ticketNote: 'Note', ticketResponse: 'Email' } as const;

export type AdditionalFieldValue = string | number | boolean | null;
export interface AdditionalField {
	Name: string;
	Value: AdditionalFieldValue;
}

const scalar = z.union([z.string(), z.number().finite(), z.boolean(), z.null()], {
	errorMap: () => ({ message: 'Must be a string, number, boolean or null' }),
});

/** Strict, so that `{ "name": …, "value": … }` is reported instead of silently sent without its fields. */
export const additionalFieldSchema = z
	.object({ Name: z.string().trim().min(1, 'Must not be empty'), Value: scalar })
	.strict();

const wholeNumber = z.number().refine((n) => Number.isSafeInteger(n) && n >= 0, 'Must be a whole number');
const id = z.union([z.string().trim().min(1, 'Must not be empty'), wholeNumber], {
	errorMap: (issue, ctx) =>
		issue.code === z.ZodIssueCode.invalid_union
			? { message: 'Must be a non-empty string or a whole number' }
			: { message: ctx.defaultError },
});

const blankToUndefined = (value: unknown) =>
	value === null || (typeof value === 'string' && value.trim() === '') ? undefined : value;

/** Details and Description pass through untouched (no trimming): they may carry HTML with base64 images. */
const psaEventInputSchema = z
	.object({
		resource: z.enum(PSA_RESOURCES),
		event: z.string(),
		ticketId: id,
		entityId: z.preprocess(blankToUndefined, id.optional()),
		details: z.string().nullish(),
		description: z.string().nullish(),
		additionalFields: z.preprocess((value) => value ?? undefined, z.array(additionalFieldSchema).default([])),
		eventId: z.string().trim().min(1, 'Must not be empty'),
		timestamp: z.string().datetime({ offset: true, message: 'Must be an ISO 8601 date-time' }),
	})
	.superRefine((input, ctx) => {
		const events: readonly string[] = PSA_EVENTS[input.resource];
		if (!events.includes(input.event)) {
			ctx.addIssue({
				code: z.ZodIssueCode.custom,
				path: ['event'],
				message: `Invalid enum value. Expected ${events.map((event) => `'${event}'`).join(' | ')}, received '${input.event}'`,
			});
		}
		if (input.resource !== 'ticket' && input.entityId === undefined) {
			ctx.addIssue({
				code: z.ZodIssueCode.custom,
				path: ['entityId'],
				message: 'Required for note, response and attachment events',
			});
		}
	});

export interface PsaEventInput {
	resource: PsaResource;
	event: string;
	ticketId: string | number;
	entityId?: string | number | null;
	details?: string | null;
	description?: string | null;
	/** Any shape: it usually comes from a JSON parameter, and is validated here. */
	additionalFields?: unknown;
	eventId: string;
	/** ISO 8601. */
	timestamp: string;
}

export interface PsaEventPayload {
	eventType: string;
	eventId: string;
	timestamp: string;
	entityId: string | number;
	TicketId: string | number;
	Details?: string | null;
	Description?: string | null;
	TicketResponseTypeId?: 'Note' | 'Email';
	AdditionalFields: AdditionalField[];
}

export type BuildPsaEventResult = { ok: true; payload: PsaEventPayload } | { ok: false; details: string[] };

/** Builds the MSP Manager event payload, keys in contract order. Fields that do not belong to the resource
 * (Details on a note, an entityId on a ticket event) are ignored rather than refused: n8n keeps the values of
 * parameters that a resource switch has hidden. */
export function buildPsaEvent(input: PsaEventInput): BuildPsaEventResult {
	const parsed = psaEventInputSchema.safeParse(input);
	if (!parsed.success) return { ok: false, details: formatIssues(parsed.error, 'event') };
	const { resource, event, ticketId, entityId, details, description, additionalFields, eventId, timestamp } =
		parsed.data;

	const carriesText = resource === 'ticketNote' || resource === 'ticketResponse';
	const payload: PsaEventPayload = {
		eventType: psaEventType(resource, event),
		eventId,
		timestamp,
		// The schema requires entityId for every resource but tickets.
		entityId: resource === 'ticket' ? ticketId : (entityId as string | number),
		TicketId: ticketId,
		...(resource === 'ticket' ? { Details: details ?? null } : {}),
		...(carriesText ? { Description: description ?? null, TicketResponseTypeId: RESPONSE_TYPE[resource] } : {}),
		AdditionalFields: additionalFields,
	};
	return { ok: true, payload };
}
