import type { INodeProperties } from 'n8n-workflow';

import { redisUnavailableProperty, storeProperty } from '../n8n/stores/storeProperties';
import { DEFAULT_LEVELS } from '../core/alerts';
import { ALERT_CATEGORIES, ALERT_SEVERITIES } from '../core/schemas/alert';

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

export const escalationTriggerProperties: INodeProperties[] = [
	{
		displayName: 'Levels',
		name: 'levels',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		placeholder: 'Add Level',
		default: { level: DEFAULT_LEVELS.map((level) => ({ ...level, severities: [...level.severities] })) },
		description:
			'Each level fires once per alert that is still open (not acknowledged or resolved) the given minutes after it was first seen',
		options: [
			{
				displayName: 'Level',
				name: 'level',
				values: [
					{
						displayName: 'Name',
						name: 'name',
						type: 'string',
						default: '',
						placeholder: 'L2',
						description:
							'What the item calls the level, and how the alert remembers it fired: renaming a level makes it a new one',
					},
					{
						displayName: 'After (Minutes)',
						name: 'afterMinutes',
						type: 'number',
						typeOptions: { minValue: 0 },
						default: 15,
						description: 'Minutes after the alert was first seen; 0 fires at the first poll',
					},
					{
						displayName: 'Severities',
						name: 'severities',
						type: 'multiOptions',
						options: ALERT_SEVERITIES.map((severity) => ({ name: capitalised(severity), value: severity })),
						default: ['critical'],
						description: 'The severities this level escalates',
					},
				],
			},
		],
	},
	{
		displayName: 'Customer Tenant ID',
		name: 'customerTenantId',
		type: 'string',
		default: '',
		placeholder: '0f8fad5b-d9cb-469f-a165-70867728950e',
		description: "Only this customer's alerts; empty escalates every customer's",
	},
	{
		displayName: 'Category',
		name: 'category',
		type: 'options',
		options: [
			{ name: 'Any', value: '' },
			...ALERT_CATEGORIES.map((category) => ({ name: capitalised(category), value: category })),
		],
		default: '',
		description: 'Only alerts of this category',
	},
	{
		...storeProperty,
		description:
			'Where the alerts are: the same store and namespace as the Alert Trigger and Alert nodes that raise them. With Redis, several n8n processes can poll and each level still fires once.',
	},
	redisUnavailableProperty,
	{
		displayName: 'Namespace',
		name: 'namespace',
		type: 'string',
		default: 'default',
		description: 'The namespace of the alerts to escalate, as on the Alert Trigger and Alert nodes',
	},
];
