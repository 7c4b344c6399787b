import type { IExecuteFunctions } from 'n8n-workflow';

import { fieldError, userError } from '../n8n/errors';
import type { PreparedRequest } from '../n8n/delivery/outboundRun';
import {
	ATTEMPT_HEADER,
	defaultHeaders,
	EVENT_ID_HEADER,
	readDeliverySettings,
} from '../n8n/delivery/outboundSettings';
import { readJsonParameter } from '../core/delivery/jsonParameter';
import { buildSignedRequest } from '../core/delivery/signedRequest';
import { buildPsaEvent, parsePsaEventType, type PsaResource } from '../core/schemas/psaEvent';

/** The builder reports input keys; users know the fields by their display names. */
const FIELD_NAMES: Record<string, string> = {
	event: 'Event',
	ticketId: 'Ticket ID',
	details: 'Details',
	description: 'Description',
	additionalFields: 'Additional Fields',
	eventId: 'Event ID',
};
const ENTITY_ID_NAMES: Record<PsaResource, string> = {
	ticket: 'Ticket ID',
	ticketNote: 'Note ID',
	ticketResponse: 'Response ID',
	ticketAttachment: 'Attachment ID',
};

const displayField = (detail: string, entityIdName: string) =>
	detail.replace(/^[A-Za-z]+/, (key) => (key === 'entityId' ? entityIdName : (FIELD_NAMES[key] ?? key)));

const buildError = (ctx: IExecuteFunctions, itemIndex: number, details: string[]) =>
	userError(ctx, `Cannot build the event [item ${itemIndex}]: ${details.join('; ')}`, { itemIndex });

interface ItemEvent {
	resource: PsaResource;
	event: string;
	/** The entity ID field as the user sees it in this mode. */
	entityIdName: string;
}

/** The item's resource and event: chosen in Resource and Event, or (Event From: Field) parsed from its Event
 * Type, which n8n resolves per item. In that mode Resource and Event are hidden, so n8n does not supply them. */
function readItemEvent(ctx: IExecuteFunctions, itemIndex: number): ItemEvent {
	if (ctx.getNodeParameter('eventFrom', itemIndex) === 'field') {
		const parsed = parsePsaEventType(ctx.getNodeParameter('eventType', itemIndex));
		if (!parsed.ok) throw buildError(ctx, itemIndex, [`Event Type: ${parsed.message}`]);
		return { resource: parsed.resource, event: parsed.event, entityIdName: 'Entity ID' };
	}
	const resource = ctx.getNodeParameter('resource', itemIndex) as PsaResource;
	const event = String(ctx.getNodeParameter('event', itemIndex));
	return { resource, event, entityIdName: ENTITY_ID_NAMES[resource] };
}

function readAdditionalFields(ctx: IExecuteFunctions, itemIndex: number): unknown {
	const raw = ctx.getNodeParameter('additionalFields', itemIndex, '[]');
	if (typeof raw === 'string' && raw.trim() === '') return [];
	const parsed = readJsonParameter(raw);
	if (!parsed.ok) throw fieldError(ctx, itemIndex, 'Additional Fields', parsed.message);
	return parsed.value;
}

/** One item's MSP Manager event: the payload built and validated, serialised once, signed with the current
 * secret as base64 (or hex) HMAC-SHA256 of those exact bytes. */
export function preparePsaEvent(ctx: IExecuteFunctions, itemIndex: number, secret: string): PreparedRequest {
	const settings = readDeliverySettings(ctx, itemIndex);
	const param = (name: string) => ctx.getNodeParameter(name, itemIndex, '') as string | number;
	const { resource, event, entityIdName } = readItemEvent(ctx, itemIndex);
	const built = buildPsaEvent({
		resource,
		event,
		ticketId: param('ticketId'),
		entityId: param('entityId'),
		details: String(param('details')),
		description: String(param('description')),
		additionalFields: readAdditionalFields(ctx, itemIndex),
		eventId: settings.eventId,
		timestamp: new Date().toISOString(),
	});
	if (!built.ok) {
		throw buildError(
			ctx,
			itemIndex,
			built.details.map((detail) => displayField(detail, entityIdName)),
		);
	}

	const signatureHeader = String(ctx.getNodeParameter('signatureHeader', itemIndex)).trim();
	if (!signatureHeader) throw fieldError(ctx, itemIndex, 'Signature Header', 'is empty');
	const encoding = ctx.getNodeParameter('signatureEncoding', itemIndex) === 'hex' ? 'hex' : 'base64';
	const request = buildSignedRequest({
		url: settings.url,
		value: built.payload,
		eventId: settings.eventId,
		timeoutMs: settings.timeoutMs,
		signing: { method: 'hmac', algorithm: 'sha256', encoding, signatureHeader },
		secret,
		headers: { ...defaultHeaders(), [EVENT_ID_HEADER]: settings.eventId },
		attemptHeader: ATTEMPT_HEADER,
	});
	return { request, settings };
}
