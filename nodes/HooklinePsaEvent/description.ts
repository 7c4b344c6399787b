import type { INodeProperties } from 'n8n-workflow';

import { deliveryOptionsCollection, deliveryProperties, urlProperty } from '../n8n/delivery/outboundProperties';
import { PSA_EVENTS, PSA_RESOURCES, psaEventType, type PsaResource } from '../core/schemas/psaEvent';
import { showFor } from '../n8n/displayOptions';

const forResource = (...resource: string[]) => showFor('resource', ...resource);

const entityIdProperty = (resource: string, displayName: string, noun: string): INodeProperties => ({
	displayName,
	name: 'entityId',
	type: 'string',
	default: '',
	required: true,
	displayOptions: forResource(resource),
	description: `The ${noun}'s ID, sent as entityId`,
});

/** The Event field of one resource: exactly the events the MSP Manager contract lists for it, alphabetical. */
function eventProperty(resource: PsaResource): INodeProperties {
	// The contract lists each resource's first event first (created, added): the natural default.
	const [firstEvent] = PSA_EVENTS[resource];
	return {
		displayName: 'Event',
		name: 'event',
		type: 'options',
		noDataExpression: true,
		displayOptions: forResource(resource),
		options: [...PSA_EVENTS[resource]].sort().map((event) => ({
			name: event.charAt(0).toUpperCase() + event.slice(1),
			value: event,
			description: `Sends eventType ${psaEventType(resource, event)}`,
		})),
		default: firstEvent,
		description: "What happened. It becomes the payload's eventType.",
	};
}

export const psaEventProperties: INodeProperties[] = [
	urlProperty,
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Ticket', value: 'ticket' },
			{ name: 'Ticket Attachment', value: 'ticketAttachment' },
			{ name: 'Ticket Note', value: 'ticketNote' },
			{ name: 'Ticket Response', value: 'ticketResponse' },
		],
		default: 'ticket',
		description: 'What the event is about',
	},
	...PSA_RESOURCES.map(eventProperty),
	{
		displayName: 'Ticket ID',
		name: 'ticketId',
		type: 'string',
		default: '',
		required: true,
		placeholder: '={{ $json.ticketId }}',
		description: "The ticket's ID, sent as TicketId (and as entityId on ticket events)",
	},
	entityIdProperty('ticketNote', 'Note ID', 'note'),
	entityIdProperty('ticketResponse', 'Response ID', 'response'),
	entityIdProperty('ticketAttachment', 'Attachment ID', 'attachment'),
	{
		displayName: 'Details',
		name: 'details',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		displayOptions: forResource('ticket'),
		description: "The ticket's details, sent as Details",
		hint: 'Sent exactly as given: HTML and embedded base64 images pass through untouched',
	},
	{
		displayName: 'Description',
		name: 'description',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		displayOptions: forResource('ticketNote', 'ticketResponse'),
		description:
			'The note or response text, sent as Description. TicketResponseTypeId is set for you: Note for notes, Email for responses.',
		hint: 'Sent exactly as given: HTML and embedded base64 images pass through untouched',
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'json',
		default: '[]',
		description:
			'Extra fields as a JSON array of { "Name": …, "Value": … } objects; each Value is a string, number, boolean or null. Sent as AdditionalFields.',
		placeholder: '[{ "Name": "Priority", "Value": "High" }]',
	},
	{
		displayName: 'Signature Header',
		name: 'signatureHeader',
		type: 'string',
		default: 'X-Webhook-Signature',
		required: true,
		description: 'Header that carries the HMAC-SHA256 signature of the exact body bytes',
	},
	{
		displayName: 'Signature Encoding',
		name: 'signatureEncoding',
		type: 'options',
		options: [
			{ name: 'Base64', value: 'base64', description: 'What MSP Manager receivers expect' },
			{ name: 'Hex', value: 'hex' },
		],
		default: 'base64',
		description: 'How the signature bytes are written into the header',
	},
	...deliveryProperties,
	deliveryOptionsCollection(),
];
