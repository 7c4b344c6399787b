import type { INodeProperties } from 'n8n-workflow';

import { deliveryOptionsCollection, deliveryProperties, urlProperty } from '../n8n/delivery/outboundProperties';
import { PSA_EVENT_TYPES, PSA_EVENTS, PSA_RESOURCES, psaEventType, type PsaResource } from '../core/schemas/psaEvent';
import { showFor, showWhen } from '../n8n/displayOptions';

// Resource's hidden value still counts in displayOptions, so the per-resource fields name Event From too.
const forResource = (...resource: string[]) => showWhen({ eventFrom: ['parameters'], resource });
const fromField = showFor('eventFrom', 'field');
const TEXT_HINT = 'Sent exactly as given: HTML and embedded base64 images pass through untouched';

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
		displayName: 'Event From',
		name: 'eventFrom',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Field',
				value: 'field',
				// Not "{{ $json.eventType }}": the n8n lint takes the lower-case json for a miscased JSON.
				description:
					'The event type comes from each item, through an expression in Event Type: one node relays a stream of mixed events',
			},
			{ name: 'Parameters', value: 'parameters', description: 'Resource and Event chosen below' },
		],
		default: 'parameters',
		description: 'Where the resource and event of each item come from',
	},
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		displayOptions: showFor('eventFrom', 'parameters'),
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
		displayName: 'Event Type',
		name: 'eventType',
		type: 'string',
		default: '',
		required: true,
		displayOptions: fromField,
		placeholder: '={{ $json.eventType }}',
		description: `The payload's eventType, read from each item: ${PSA_EVENT_TYPES.join(', ')}`,
		hint: 'An item whose value is none of these fails with the accepted event types listed',
	},
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
		displayName: 'Entity ID',
		name: 'entityId',
		type: 'string',
		default: '',
		displayOptions: fromField,
		placeholder: '={{ $json.entityId }}',
		description:
			"The note's, response's or attachment's ID, sent as entityId; required for those events. Ticket events send the Ticket ID instead.",
	},
	{
		displayName: 'Details',
		name: 'details',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		displayOptions: forResource('ticket'),
		description: "The ticket's details, sent as Details",
		hint: TEXT_HINT,
	},
	{
		displayName: 'Details',
		name: 'details',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		displayOptions: fromField,
		description: "The ticket's details, sent as Details on ticket events; other events carry no Details",
		hint: TEXT_HINT,
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
		hint: TEXT_HINT,
	},
	{
		displayName: 'Description',
		name: 'description',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		displayOptions: fromField,
		description:
			'The note or response text, sent as Description on note and response events (TicketResponseTypeId is set for you); ticket and attachment events carry none',
		hint: TEXT_HINT,
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
