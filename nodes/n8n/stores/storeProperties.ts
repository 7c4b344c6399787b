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
			description: 'Exact and durable in this n8n process, with nothing to install; shared by all its workflows',
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

/** Shown with the Redis store only. "Fail" is the default because a decision made without the shared store can
 * let a duplicate through in another process: only the user may trade that for availability. */
export const redisUnavailableProperty: INodeProperties = {
	displayName: 'If Redis Is Unavailable',
	name: 'redisUnavailable',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { store: ['redis'] } },
	options: [
		{
			name: 'Fail (503)',
			value: 'fail',
			description:
				'Refuse with 503 store_unavailable so the sender retries later (the Hookline Alert node fails instead): nothing is accepted unchecked',
		},
		{
			name: 'Use Local Store',
			value: 'local',
			description:
				'Decide with the local store of the n8n process that received the request and add a "warning" to the item. Duplicates, rate limits and alerts are then not shared with other n8n processes.',
		},
	],
	default: 'fail',
	description: 'What happens while Redis cannot be reached',
};
