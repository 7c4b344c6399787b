import type { INodeProperties } from 'n8n-workflow';

import { hmacSchemeProperties } from '../n8n/verification/hmacSchemeProperties';
import { deliveryOptionsCollection, deliveryProperties, urlProperty } from '../n8n/delivery/outboundProperties';
import { hideFor, showFor } from '../n8n/displayOptions';

const forScheme = (...scheme: string[]) => showFor('scheme', ...scheme);
const exceptScheme = (...scheme: string[]) => hideFor('scheme', ...scheme);

const hmacProperties = hmacSchemeProperties(forScheme('hmac'), {
	sha1: 'Only for legacy receivers',
	encoding: 'How the signature bytes are written into the header',
	header: 'Header that carries the signature',
	prefix: 'Text written before the signature in the header, if the receiver expects one',
	signedContent:
		'What is signed. {body} is the exact body sent, {timestamp} the Unix time also sent in the timestamp header, {ID} the event ID also sent in the ID header; other text is taken literally.',
	signedContentHint: 'The signature is made over the exact bytes sent, never over re-serialised JSON',
	timestampHeader:
		'Header that carries the Unix time (seconds) of each attempt. Required when the signed content uses {timestamp}.',
	idHeader:
		'Header that carries the event ID for {ID} in the signed content. Required when the signed content uses it.',
});

const ONE_MANAGE_EVENTS = [
	{ name: 'Bug Report Created', value: 'BUG_REPORT_CREATED', description: 'A new bug report was submitted' },
	{ name: 'Critical Log', value: 'CRITICAL_LOG', description: 'A log with level ERROR or FATAL was ingested' },
];

export const sendProperties: INodeProperties[] = [
	urlProperty,
	{
		displayName: 'Scheme',
		name: 'scheme',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'HMAC Signature',
				value: 'hmac',
				description: 'Any HMAC scheme: algorithm, encoding, header, prefix and signed content',
			},
			{ name: 'None', value: 'none', description: 'Send unsigned. Only for receivers that authenticate otherwise.' },
			{
				name: 'OneManage',
				value: 'oneManage',
				description: 'X-OneManage-Signature: hex HMAC-SHA256 of the body',
			},
			{
				name: 'Standard Webhooks',
				value: 'standardWebhooks',
				description:
					'The Standard Webhooks headers: a v1,&lt;base64&gt; signature over message ID, timestamp and body, with a whsec_ secret',
			},
		],
		default: 'hmac',
		description: 'How the request proves it comes from you',
	},
	{
		displayName: "The credential's secret must be a Standard Webhooks secret: whsec_ followed by base64",
		name: 'standardWebhooksNotice',
		type: 'notice',
		default: '',
		displayOptions: forScheme('standardWebhooks'),
	},
	...hmacProperties,
	{
		displayName: 'Event Name',
		name: 'eventName',
		type: 'options',
		options: ONE_MANAGE_EVENTS,
		default: 'BUG_REPORT_CREATED',
		displayOptions: forScheme('oneManage'),
		description: 'The OneManage event. Sent in the event header (X-Webhook-Event unless changed in the options).',
	},
	{
		displayName: 'Event Name',
		name: 'eventName',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'invoice.paid',
		displayOptions: exceptScheme('oneManage'),
		description:
			'The event\'s name, e.g. invoice.paid, or BUG_REPORT_CREATED / CRITICAL_LOG for OneManage receivers. Sent in the event header, and as "type" in an envelope.',
	},
	{
		displayName: 'Payload Source',
		name: 'payloadSource',
		type: 'options',
		options: [
			{ name: 'JSON', value: 'json', description: 'The Payload parameter below' },
			{ name: 'Input Item', value: 'item', description: "The incoming item's JSON, as it is" },
		],
		default: 'json',
		description: "Where the event's data comes from",
	},
	{
		displayName: 'Payload',
		name: 'payload',
		type: 'json',
		default: '{}',
		displayOptions: showFor('payloadSource', 'json'),
		description: "The event's data as JSON. It is serialised once, and exactly those bytes are signed and sent.",
	},
	{
		displayName: 'Body Format',
		name: 'bodyFormat',
		type: 'options',
		options: [
			{ name: 'Payload Only', value: 'payload', description: 'The body is the payload, exactly' },
			{
				name: 'Envelope',
				value: 'envelope',
				description: '{ "type": event name, "timestamp": ISO time, "data": payload }, as Standard Webhooks recommends',
			},
		],
		default: 'envelope',
		displayOptions: forScheme('standardWebhooks'),
		description: 'How the body is laid out',
	},
	{
		displayName: 'Body Format',
		name: 'bodyFormat',
		type: 'options',
		options: [
			{ name: 'Payload Only', value: 'payload', description: 'The body is the payload, exactly (OneManage style)' },
			{
				name: 'Envelope',
				value: 'envelope',
				description: '{ "type": event name, "timestamp": ISO time, "data": payload }',
			},
		],
		default: 'payload',
		displayOptions: exceptScheme('standardWebhooks'),
		description: 'How the body is laid out',
	},
	...deliveryProperties,
	deliveryOptionsCollection([
		{
			displayName: 'Event Header',
			name: 'eventHeader',
			type: 'string',
			default: 'X-Webhook-Event',
			description: 'Header that carries the event name. Empty sends none.',
		},
		{
			displayName: 'Event ID Header',
			name: 'eventIdHeader',
			type: 'string',
			default: 'X-Webhook-Id',
			description:
				'Header that carries the event ID, the same on every retry so the receiver can drop repeats. Empty sends none. Standard Webhooks carries it in its own message ID header too.',
		},
		{
			displayName: 'Attempt Header',
			name: 'attemptHeader',
			type: 'string',
			default: 'X-Webhook-Attempt',
			description:
				'Header that carries the attempt number: 1 for the first, 2 for the first retry, and so on. Empty sends none.',
		},
		{
			displayName: 'Headers',
			name: 'headers',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true },
			default: {},
			placeholder: 'Add Header',
			description: "Extra headers to send. Signature headers are always the node's own.",
			options: [
				{
					displayName: 'Header',
					name: 'header',
					values: [
						{ displayName: 'Name', name: 'name', type: 'string', default: '' },
						{ displayName: 'Value', name: 'value', type: 'string', default: '' },
					],
				},
			],
		},
	]),
];
