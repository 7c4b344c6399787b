import type { INodeProperties, IWebhookDescription } from 'n8n-workflow';

import { namedOutputs } from '../outputs';

/** The method the triggers listen on. Their webhook (below) reads it; POST when it is empty. */
export const httpMethodProperty: INodeProperties = {
	displayName: 'HTTP Method',
	name: 'httpMethod',
	type: 'options',
	options: [
		{ name: 'PATCH', value: 'PATCH' },
		{ name: 'POST', value: 'POST' },
		{ name: 'PUT', value: 'PUT' },
	],
	default: 'POST',
	description: 'The HTTP method the sender uses',
};

/** The triggers' one webhook: answered by the node itself (onReceived), on the path exactly as typed. */
export const triggerWebhooks: IWebhookDescription[] = [
	{
		name: 'default',
		httpMethod: '={{$parameter["httpMethod"] || "POST"}}',
		responseMode: 'onReceived',
		path: '={{$parameter["path"]}}',
		isFullPath: true,
	},
];

/** A trigger's outputs (text from namedOutputs), with a last "Rejected" output while Record Rejected is on. */
export const outputsWithRejected = (outputs: string): `={{${string}}}` =>
	`={{ $parameter["recordRejected"] ? [${outputs}, ${namedOutputs('Rejected')}] : [${outputs}] }}`;
