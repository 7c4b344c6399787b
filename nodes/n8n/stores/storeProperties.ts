import type { INodeCredentialDescription, INodeProperties } from 'n8n-workflow';

import { hideWhen, showFor, showWhen } from '../displayOptions';

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
	displayOptions: showFor('store', 'redis'),
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

/** The Redis store's credential, asked for with that store only, and hidden while `hiddenWhen` holds (the Alert
 * node's Send uses no store). Hidden rather than shown for the other operations: when the credentials' `show`
 * conditions together name every option of a parameter, the editor takes that parameter for the node's
 * authentication selector and hides it (the Alert node's Operation disappeared in n8n 2.40.7). It is n8n's own
 * redis credential type, so shared state lives in the Redis that n8n's queue mode already uses instead of asking
 * users to enter the same server twice in a new credential. Nodes spread it into an object literal,
 * `{ ...redisCredential() }`: n8n's lint rules read the credentials array as literals and crash on a call there. */
export function redisCredential(hiddenWhen?: Record<string, string[]>): INodeCredentialDescription {
	return {
		name: 'redis',
		required: true,
		displayOptions: { ...showWhen({ store: ['redis'] }), ...(hiddenWhen ? hideWhen(hiddenWhen) : {}) },
	};
}
