import type { IExecuteFunctions, INodeProperties, INodePropertyOptions, NodeOperationError } from 'n8n-workflow';

import { readTenantTable, tenantsProperty } from '../../n8n/alerts/alertTenants';
import { redisUnavailableProperty, storeProperty } from '../../n8n/stores/storeProperties';
import { parseMetadata } from '../../core/alerts';
import type { TenantEntry } from '../../core/schemas/alert';
import { userError } from '../../n8n/errors';
import type { AlertOperation } from './operation';
import { hideFor, showWhen } from '../../n8n/displayOptions';

const show = (operation: AlertOperation[], extra: Record<string, string[]> = {}) => showWhen({ operation, ...extra });

/** The contract's severities, for the Severity field and the List filter. */
export const severityOptions: INodePropertyOptions[] = [
	{ name: 'Critical', value: 'critical' },
	{ name: 'High', value: 'high' },
	{ name: 'Low', value: 'low' },
	{ name: 'Medium', value: 'medium' },
];

/** The Manage365 alert fields, for an operation that raises or sends an alert. */
export function alertFieldProperties(operation: 'raise' | 'send'): INodeProperties[] {
	const displayOptions = show([operation]);
	return [
		{
			displayName: 'Title',
			name: 'title',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'Server SRV-01 is down',
			displayOptions,
			description: 'Short headline of the alert (at most 500 characters)',
		},
		{
			displayName: 'Description',
			name: 'description',
			type: 'string',
			typeOptions: { rows: 3 },
			default: '',
			required: true,
			placeholder: 'SRV-01 did not answer three pings in a row',
			displayOptions,
			description: 'The longer text of the alert, plain text',
		},
		{
			displayName: 'Severity',
			name: 'severity',
			type: 'options',
			options: severityOptions,
			default: 'medium',
			displayOptions,
			description: 'How urgent the alert is',
		},
		{
			displayName: 'Category',
			name: 'category',
			type: 'options',
			options: [
				{ name: 'Billing', value: 'billing' },
				{ name: 'Compliance', value: 'compliance' },
				{ name: 'Drift', value: 'drift' },
				{ name: 'Licence', value: 'licence' },
				{ name: 'Security', value: 'security' },
				{ name: 'System', value: 'system' },
			],
			default: 'system',
			displayOptions,
			description: 'What kind of problem the alert is about',
		},
		{
			displayName: 'Dedupe Key',
			name: 'dedupeKey',
			type: 'string',
			default: '',
			placeholder: 'srv-01-down',
			displayOptions,
			description:
				operation === 'raise'
					? 'While an alert with this key (and tenant) is open or acknowledged, raising it again counts a repeat instead of opening a new alert'
					: 'The endpoint updates its open alert with this key instead of creating a new one',
			hint:
				operation === 'raise'
					? 'A detector that checks every few minutes needs a stable key, e.g. {{ $json.host }}-down, or every check opens a new alert'
					: undefined,
		},
		{
			displayName: 'Customer Tenant ID',
			name: 'customerTenantId',
			type: 'string',
			default: '',
			placeholder: '0f8fad5b-d9cb-469f-a165-70867728950e',
			displayOptions,
			description: 'The customer tenant (a UUID) the alert is about, if any',
		},
		{
			displayName: 'Customer Tenant Domain',
			name: 'customerTenantDomain',
			type: 'string',
			default: '',
			placeholder: 'contoso.onmicrosoft.com',
			displayOptions,
			description:
				operation === 'raise'
					? 'The customer domain, instead of or beside the tenant ID. Resolved through Tenants when that table has rows; otherwise kept as given.'
					: 'The customer domain, instead of the tenant ID: the endpoint resolves it (an unknown domain is refused with 400)',
		},
		{
			displayName: 'Metadata',
			name: 'metadata',
			type: 'json',
			default: '{}',
			displayOptions,
			description: 'Any JSON object to keep with the alert, e.g. {"source": "ping", "latencyMs": 0}',
		},
	];
}

/** By ID, or by the dedupe key a recovery branch knows without having seen the alert. */
export function lookupProperties(operation: 'acknowledge' | 'resolve' | 'get'): INodeProperties[] {
	return [
		{
			displayName: 'Find Alert By',
			name: 'findBy',
			type: 'options',
			noDataExpression: true,
			options: [
				{ name: 'Alert ID', value: 'alertId', description: 'The alertId of a raised alert' },
				{
					name: 'Dedupe Key',
					value: 'dedupeKey',
					description: 'The open or acknowledged alert that holds the key; when none does, nothing is output',
				},
			],
			default: 'alertId',
			displayOptions: show([operation]),
			description: 'How to name the alert',
		},
		{
			displayName: 'Alert ID',
			name: 'alertId',
			type: 'string',
			default: '',
			required: true,
			placeholder: '{{ $json.alertId }}',
			displayOptions: show([operation], { findBy: ['alertId'] }),
			description: 'The alertId that Raise output. An ID this store and namespace do not know is an error.',
		},
		{
			displayName: 'Dedupe Key',
			name: 'dedupeKey',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'srv-01-down',
			displayOptions: show([operation], { findBy: ['dedupeKey'] }),
			description: 'The dedupe key the alert was raised with',
		},
		{
			displayName: 'Customer Tenant ID',
			name: 'customerTenantId',
			type: 'string',
			default: '',
			displayOptions: show([operation], { findBy: ['dedupeKey'] }),
			description: 'The tenant the alert was raised for, if any: dedupe keys are kept per tenant',
		},
		{
			displayName: 'Customer Tenant Domain',
			name: 'customerTenantDomain',
			type: 'string',
			default: '',
			displayOptions: show([operation], { findBy: ['dedupeKey'] }),
			description: 'Instead of the tenant ID: a domain resolved through Tenants, as Raise resolves it',
		},
		tenantsProperty(
			'The same domain → tenant ID table as the Raise that opened the alert',
			show([operation], { findBy: ['dedupeKey'] }),
		),
	];
}

export const raiseTenantsProperty = tenantsProperty(
	'Customer domains and their tenant IDs. When it has rows, a Customer Tenant Domain must be one of them and resolves to its tenant ID, exactly as in a Hookline Alert Trigger with the same table, so both dedupe into the same alerts.',
	show(['raise']),
);

/** Where alerts live: the same store and namespace as the Alert Trigger and every other Alert node that should
 * see them. */
const exceptSend = hideFor('operation', 'send');

export const storeAndNamespaceProperties: INodeProperties[] = [
	{
		...storeProperty,
		displayOptions: exceptSend,
		description:
			'Where alerts are kept. Alert Triggers and Alert nodes with the same store and namespace share their alerts.',
	},
	{
		...redisUnavailableProperty,
		displayOptions: { ...redisUnavailableProperty.displayOptions, ...exceptSend },
		options: [
			{
				name: 'Fail',
				value: 'fail',
				description: 'The item fails with an error that names the Redis server (On Error decides what happens next)',
			},
			{
				name: 'Use Local Store',
				value: 'local',
				description:
					'Use the local store of the n8n process that runs the node and add a "warning" to the item. Alerts are then not shared with other n8n processes.',
			},
		],
	},
	{
		displayName: 'Namespace',
		name: 'namespace',
		type: 'string',
		default: 'default',
		displayOptions: exceptSend,
		description:
			"Alerts are shared by every Hookline Alert node and Alert Trigger that uses the same store and namespace, in any workflow of this n8n. In the namespace 'default', an Alert Trigger's dedupe keys belong to its credential, so one sender cannot update another's alert; a namespace you name is shared in full.",
	},
];

/** The alert fields as typed, for the core to check; the metadata JSON is parsed here so its error is clear. */
export function readAlertFields(ctx: IExecuteFunctions, itemIndex: number): Record<string, unknown> {
	const metadata = parseMetadata(ctx.getNodeParameter('metadata', itemIndex, '{}'));
	if (!metadata.ok) {
		throw userError(ctx, `Invalid alert: ${metadata.detail}`, {
			itemIndex,
			description: 'Metadata must be a JSON object, e.g. {"source": "ping"}',
		});
	}
	const text = (name: string) => ctx.getNodeParameter(name, itemIndex, '');
	return {
		title: text('title'),
		description: text('description'),
		severity: text('severity'),
		category: text('category'),
		customerTenantId: text('customerTenantId'),
		customerTenantDomain: text('customerTenantDomain'),
		dedupeKey: text('dedupeKey'),
		metadata: metadata.metadata,
	};
}

export function readTenants(ctx: IExecuteFunctions, itemIndex: number): TenantEntry[] {
	return readTenantTable(ctx.getNodeParameter('tenants', itemIndex, {}));
}

export function readNamespace(ctx: IExecuteFunctions, itemIndex: number): string {
	return String(ctx.getNodeParameter('namespace', itemIndex, 'default') ?? '');
}

/** A clear error for fields the alert schema refused, with one line per problem. */
export function invalidAlertError(ctx: IExecuteFunctions, itemIndex: number, details: string[]): NodeOperationError {
	return userError(ctx, `Invalid alert: ${details.join('; ')}`, {
		itemIndex,
		description:
			'Title and description are required; a tenant ID must be a UUID; a domain must be listed in Tenants when that table has rows.',
		details,
	});
}
