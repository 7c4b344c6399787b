import type { INodeParameters, INodeProperties, IWebhookDescription } from 'n8n-workflow';

import { HANDSHAKE_GET_PRESETS } from '../../core/triggers';
import { namedOutputs } from '../outputs';

const methodOption = (value: string) => ({ name: value, value });

/** The Hookline Trigger's methods: n8n's own Webhook node's list. */
export const httpMethodProperty: INodeProperties = {
	displayName: 'HTTP Method',
	name: 'httpMethod',
	type: 'options',
	options: ['DELETE', 'GET', 'HEAD', 'PATCH', 'POST', 'PUT'].map(methodOption),
	default: 'POST',
	description:
		'The HTTP method the sender uses. Senders that check the URL with a GET (Meta, Microsoft Graph) are answered whatever is chosen here.',
};

/** An alert always has a body, so the Alert Trigger offers only the methods that carry one. */
export const alertHttpMethodProperty: INodeProperties = {
	...httpMethodProperty,
	options: ['PATCH', 'POST', 'PUT'].map(methodOption),
	description: 'The HTTP method the sender uses',
};

/** n8n-workflow's key for native resolvers of webhook-description fields (n8n 2.40 on): a global symbol, so it is
 * the same whichever copy of n8n-workflow loads this package; older n8n ignore it and evaluate the template. */
const WEBHOOK_RESOLVERS = Symbol.for('n8n.webhookDescriptionResolvers');

interface DescriptionField {
	template: string;
	resolve: (parameters: INodeParameters) => unknown;
}

/** A field read from one parameter, with the template's `||` fallback, as n8n-workflow's fromParameter. */
const fromParameter = (name: string, fallback?: string): DescriptionField => ({
	template: fallback === undefined ? `={{$parameter["${name}"]}}` : `={{$parameter["${name}"] || "${fallback}"}}`,
	resolve: (parameters) => (fallback === undefined ? parameters[name] : parameters[name] || fallback),
});

const GET_PRESETS = JSON.stringify(HANDSHAKE_GET_PRESETS);

/** The delivery method, plus GET for a preset whose sender checks the URL with a GET: n8n registers one webhook
 * per comma-separated method. */
const httpMethodField: DescriptionField = {
	template:
		`={{(${GET_PRESETS}.includes($parameter["verification"]) && ($parameter["httpMethod"] || "POST") !== "GET")` +
		` ? ($parameter["httpMethod"] || "POST") + ",GET" : ($parameter["httpMethod"] || "POST")}}`,
	resolve: (parameters) => {
		const method = String(parameters.httpMethod || 'POST');
		return HANDSHAKE_GET_PRESETS.includes(String(parameters.verification)) && method !== 'GET'
			? `${method},GET`
			: method;
	},
};

/** What n8n answers with in Last Node mode; empty in the other modes, so that On Received answers the body the node
 * returns (n8n's default, firstEntryJson, would answer the item). */
const responseDataField: DescriptionField = {
	template: '={{$parameter["responseMode"] === "lastNode" ? ($parameter["responseData"] || "firstEntryJson") : ""}}',
	resolve: (parameters) => (parameters.responseMode === 'lastNode' ? parameters.responseData || 'firstEntryJson' : ''),
};

/** Templates for the editor and older n8n, native resolvers for n8n 2.40 on (no expression engine per request). */
function describe(fields: Record<string, DescriptionField>): Record<string, string> & {
	[WEBHOOK_RESOLVERS]: Record<string, DescriptionField>;
} {
	const templates: Record<string, string> = {};
	for (const [name, field] of Object.entries(fields)) templates[name] = field.template;
	return { ...templates, [WEBHOOK_RESOLVERS]: fields };
}

const common = {
	name: 'default',
	isFullPath: true,
} as const;

/** The Hookline Trigger's webhook, on the path exactly as typed. A refusal or a handshake is written by the node
 * itself (`noWebhookResponse`). In On Received mode an accepted delivery is answered by n8n with the body the node
 * returns as `webhookResponse`, which n8n 2.40 does only once the execution is started or, in queue mode, on its
 * queue: a sender is never told 2xx for a delivery n8n could not take. Last Node and Respond to Webhook keep n8n's
 * own meanings. */
export const triggerWebhooks: IWebhookDescription[] = [
	{
		...common,
		...(describe({
			httpMethod: httpMethodField,
			path: fromParameter('path'),
			responseMode: fromParameter('responseMode', 'onReceived'),
			responseCode: fromParameter('responseCode'),
			responseData: responseDataField,
		}) as unknown as Pick<IWebhookDescription, 'httpMethod' | 'path'>),
	},
];

/** The Alert Trigger's webhook: always answered on receipt, with the alert id. */
export const alertTriggerWebhooks: IWebhookDescription[] = [
	{
		...common,
		responseMode: 'onReceived',
		// Not 'firstEntryJson' (n8n's default), so that the node's webhookResponse is the body.
		responseData: '',
		...(describe({
			httpMethod: fromParameter('httpMethod', 'POST'),
			path: fromParameter('path'),
			responseCode: fromParameter('responseCode'),
		}) as unknown as Pick<IWebhookDescription, 'httpMethod' | 'path'>),
	},
];

/** A trigger's outputs (text from namedOutputs), with a last "Rejected" output while Record Rejected is on. */
export const outputsWithRejected = (outputs: string): `={{${string}}}` =>
	`={{ $parameter["recordRejected"] ? [${outputs}, ${namedOutputs('Rejected')}] : [${outputs}] }}`;
