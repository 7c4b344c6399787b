import type { IExecuteFunctions } from 'n8n-workflow';

import { fieldError, userError } from '../n8n/errors';
import type { PreparedDelivery } from '../n8n/delivery/outboundRun';
import {
	ATTEMPT_HEADER,
	defaultHeaders,
	EVENT_ID_HEADER,
	readDeliverySettings,
} from '../n8n/delivery/outboundSettings';
import { readJsonParameter } from '../core/delivery/jsonParameter';
import { buildSignedRequest } from '../core/delivery/signedRequest';
import { buildPsaEvent, type PsaResource } from '../core/schemas/psaEvent';

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

const displayField = (detail: string, resource: PsaResource) =>
	detail.replace(/^[A-Za-z]+/, (key) => (key === 'entityId' ? ENTITY_ID_NAMES[resource] : (FIELD_NAMES[key] ?? key)));

function readAdditionalFields(ctx: IExecuteFunctions, itemIndex: number): unknown {
	const raw = ctx.getNodeParameter('additionalFields', itemIndex, '[]');
	if (typeof raw === 'string' && raw.trim() === '') return [];
	const parsed = readJsonParameter(raw);
	if (!parsed.ok) throw fieldError(ctx, itemIndex, 'Additional Fields', parsed.message);
	return parsed.value;
}

/** One item's MSP Manager event: the payload built and validated, serialised once, signed with the current
 * secret as base64 (or hex) HMAC-SHA256 of those exact bytes. */
export function preparePsaEvent(ctx: IExecuteFunctions, itemIndex: number, secret: string): PreparedDelivery {
	const settings = readDeliverySettings(ctx, itemIndex);
	const param = (name: string) => ctx.getNodeParameter(name, itemIndex, '') as string | number;
	const resource = ctx.getNodeParameter('resource', itemIndex) as PsaResource;
	const built = buildPsaEvent({
		resource,
		event: String(ctx.getNodeParameter('event', itemIndex)),
		ticketId: param('ticketId'),
		entityId: param('entityId'),
		details: String(param('details')),
		description: String(param('description')),
		additionalFields: readAdditionalFields(ctx, itemIndex),
		eventId: settings.eventId,
		timestamp: new Date().toISOString(),
	});
	if (!built.ok) {
		const details = built.details.map((detail) => displayField(detail, resource));
		throw userError(ctx, `Cannot build the event [item ${itemIndex}]: ${details.join('; ')}`, {
			itemIndex,
		});
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
