import type { INodeProperties } from 'n8n-workflow';

import { hideFor, showFor } from '../n8n/displayOptions';
import { redisUnavailableProperty, storeProperty } from '../n8n/stores/storeProperties';
import { allowedIpsProperty } from '../n8n/triggers/allowedIpsProperty';
import { httpMethodProperty } from '../n8n/triggers/triggerDescription';
import { verificationProperties } from '../n8n/verification/verificationProperties';
import { responseProperties } from './responseProperties';

export const triggerProperties: INodeProperties[] = [
	{
		displayName: 'Path',
		name: 'path',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'github/push',
		description:
			'The URL path after /webhook/ (production) or /webhook-test/ (while listening for a test event), exactly as typed',
	},
	httpMethodProperty,
	...verificationProperties,
	allowedIpsProperty,
	{
		displayName: 'Only Run If',
		name: 'filter',
		type: 'string',
		typeOptions: { rows: 2 },
		default: '',
		placeholder: 'body.action = "opened" and headers."x-github-event" = "issues"',
		description:
			'Optional JSONata condition over { body, headers, query }, checked after verification and before anything is stored. When false the sender gets 200 {"ok":true,"ignored":true} and no workflow runs.',
	},
	{
		displayName: 'Idempotency',
		name: 'idempotency',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Off',
				value: 'none',
				description: 'Every verified request starts the workflow',
			},
			{
				name: 'Header',
				value: 'header',
				description: 'A header carries a unique delivery ID, e.g. Idempotency-Key or X-GitHub-Delivery',
			},
			{
				name: 'Expression',
				value: 'expression',
				description: 'A JSONata expression over the body yields the key, e.g. event.ID',
			},
		],
		default: 'none',
		description:
			'Whether a repeated delivery inside the window is answered 200 "duplicate" instead of starting the workflow again',
	},
	{
		displayName: 'Idempotency Header',
		name: 'idempotencyHeader',
		type: 'string',
		default: 'Idempotency-Key',
		required: true,
		displayOptions: showFor('idempotency', 'header'),
		description: 'Header with the delivery ID, e.g. Idempotency-Key, webhook-ID or X-GitHub-Delivery',
	},
	{
		displayName: 'Idempotency Expression',
		name: 'idempotencyExpression',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'data.ID',
		displayOptions: showFor('idempotency', 'expression'),
		description: 'JSONata expression over the body whose value identifies the delivery',
	},
	{
		displayName: 'Idempotency Window (Seconds)',
		name: 'idempotencyWindowSeconds',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 86400,
		displayOptions: hideFor('idempotency', 'none'),
		description: 'How long a delivery ID is remembered; repeats after it start the workflow again',
	},
	{
		displayName: 'Rate Limit (per Minute)',
		name: 'rateLimitPerMinute',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 0,
		description: 'Verified requests accepted per minute; more are answered 429 with Retry-After. 0 turns it off.',
	},
	{
		displayName: 'Mapping',
		name: 'mapping',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		placeholder: '{ "name": device.hostname, "site": site.name }',
		description:
			'Optional JSONata expression over the body; its result is the item\'s "mapped" field. A failing mapping is answered 400.',
	},
	...responseProperties,
	{
		displayName: 'Record Rejected Deliveries',
		name: 'recordRejected',
		type: 'boolean',
		default: false,
		description:
			'Whether refused, duplicate and rate-limited requests start an execution on a second "Rejected" output (reason and headers only, never the body)',
	},
	storeProperty,
	redisUnavailableProperty,
];
