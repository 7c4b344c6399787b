import type { INodeParameters, INodeProperties, IWebhookDescription } from 'n8n-workflow';

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

/** n8n-workflow's key for native resolvers of webhook-description fields (n8n 2.40 on): a global symbol, so it is
 * the same whichever copy of n8n-workflow loads this package; older n8n ignore it and evaluate the template. */
const WEBHOOK_RESOLVERS = Symbol.for('n8n.webhookDescriptionResolvers');

const RESPONSE_CODE_TEMPLATE = '={{$parameter["responseCode"]}}';

/** The triggers' one webhook, on the path exactly as typed. A refusal is written by the node itself
 * (`noWebhookResponse`); an accepted delivery is answered by n8n (`onReceived`, the body the node returns as
 * `webhookResponse`, the status from Response Code), which n8n 2.40 does only once the execution is started or,
 * in queue mode, on its queue: a sender is never told 2xx for a delivery n8n could not take. */
export const triggerWebhooks: IWebhookDescription[] = [
	{
		name: 'default',
		httpMethod: '={{$parameter["httpMethod"] || "POST"}}',
		responseMode: 'onReceived',
		responseCode: RESPONSE_CODE_TEMPLATE,
		// Not 'firstEntryJson' (n8n's default), so that the node's webhookResponse is the body.
		responseData: '',
		path: '={{$parameter["path"]}}',
		isFullPath: true,
		[WEBHOOK_RESOLVERS]: {
			responseCode: {
				template: RESPONSE_CODE_TEMPLATE,
				resolve: (parameters: INodeParameters) => parameters.responseCode,
			},
		},
	},
];

/** A trigger's outputs (text from namedOutputs), with a last "Rejected" output while Record Rejected is on. */
export const outputsWithRejected = (outputs: string): `={{${string}}}` =>
	`={{ $parameter["recordRejected"] ? [${outputs}, ${namedOutputs('Rejected')}] : [${outputs}] }}`;
