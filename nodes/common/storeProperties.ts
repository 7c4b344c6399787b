import type { INodeProperties } from 'n8n-workflow';

export const storeProperty: INodeProperties = {
	displayName: 'Store',
	name: 'store',
	type: 'options',
	noDataExpression: true,
	options: [
		{
			name: 'Local',
			value: 'local',
			description:
				'Exact and durable in this n8n process, with nothing to install; shared by all its workflows',
		},
		{
			name: 'Redis',
			value: 'redis',
			description: 'Shared by every n8n process: use it in queue mode, with the Redis that n8n already uses',
		},
	],
	default: 'local',
	description: 'Where duplicate keys, rate-limit counters and alert state are kept',
};
