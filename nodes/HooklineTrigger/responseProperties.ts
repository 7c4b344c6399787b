import type { INodeProperties } from 'n8n-workflow';

import { showFor } from '../n8n/displayOptions';

/** How an accepted delivery is answered. Refusals, duplicates and handshakes are always answered by the trigger. */
export const responseProperties: INodeProperties[] = [
	{
		displayName: 'Respond',
		name: 'responseMode',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Immediately',
				value: 'onReceived',
				description: 'As soon as the workflow has started: {"ok":true,"deliveryId":"…"} with Response Code',
			},
			{
				name: 'When Last Node Finishes',
				value: 'lastNode',
				description: 'With the data of the last node executed, once the workflow has finished',
			},
			{
				name: "Using 'Respond to Webhook' Node",
				value: 'responseNode',
				description: 'A Respond to Webhook node (version 1) in the workflow answers',
			},
		],
		default: 'onReceived',
		description: 'When and how an accepted delivery is answered',
	},
	{
		displayName:
			'n8n\'s Respond to Webhook node from version 1.1 on only runs after n8n\'s own Webhook node. Use version 1 of it (see the README, "Responding from the workflow"): activation checks this.',
		name: 'responseNodeNotice',
		type: 'notice',
		default: '',
		displayOptions: showFor('responseMode', 'responseNode'),
	},
	{
		displayName: 'Response Code',
		name: 'responseCode',
		type: 'number',
		typeOptions: { minValue: 200, maxValue: 299 },
		default: 202,
		displayOptions: { hide: { responseMode: ['responseNode'] } },
		description:
			'Status code for an accepted delivery. Answered immediately, its body is {"ok":true,"deliveryId":"…"}.',
	},
	{
		displayName: 'Response Data',
		name: 'responseData',
		type: 'options',
		options: [
			{ name: 'First Entry JSON', value: 'firstEntryJson', description: "The first item's JSON" },
			{ name: 'All Entries', value: 'allEntries', description: 'Every item of the last node, as an array' },
			{ name: 'No Response Body', value: 'noData', description: 'An empty body' },
		],
		default: 'firstEntryJson',
		displayOptions: showFor('responseMode', 'lastNode'),
		description: 'What the answer carries',
	},
];
