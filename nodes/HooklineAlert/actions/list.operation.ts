import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { AlertFilter } from '../../core/alerts';
import { ALERT_SEVERITIES, ALERT_STATUSES } from '../../core/schemas/alert';
import { userError } from '../../n8n/errors';
import { readNamespace, severityOptions } from './fields';
import { alertJson, type AlertSession, type OperationItem } from './types';
import { showFor, showWhen } from '../../n8n/displayOptions';

const displayOptions = showFor('operation', 'list');

export const description: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		displayOptions,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		displayOptions: showWhen({ operation: ['list'], returnAll: [false] }),
		description: 'Max number of results to return',
	},
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions,
		description: 'Only alerts that match every filter added here',
		options: [
			{
				displayName: 'Customer Tenant Domain',
				name: 'customerTenantDomain',
				type: 'string',
				default: '',
				placeholder: 'contoso.com',
				description: 'Only alerts with this customer domain (case does not matter)',
			},
			{
				displayName: 'Customer Tenant ID',
				name: 'customerTenantId',
				type: 'string',
				default: '',
				description: 'Only alerts of this customer tenant',
			},
			{
				displayName: 'Severity',
				name: 'severity',
				type: 'options',
				options: severityOptions,
				default: 'critical',
				description: 'Only alerts of this severity',
			},
			{
				displayName: 'Status',
				name: 'status',
				type: 'options',
				options: [
					{ name: 'Acknowledged', value: 'acknowledged' },
					{ name: 'Open', value: 'open' },
					{ name: 'Resolved', value: 'resolved' },
				],
				default: 'open',
				description: 'Only alerts in this status',
			},
		],
	},
];

interface Filters {
	status?: string;
	severity?: string;
	customerTenantId?: string;
	customerTenantDomain?: string;
}

/** The filters as the core takes them; a blank filter is no filter, a value from an expression is checked. */
function readFilter(ctx: IExecuteFunctions, itemIndex: number): AlertFilter {
	const filters = ctx.getNodeParameter('filters', itemIndex, {}) as Filters;
	const text = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined);
	const filter: AlertFilter = {
		customerTenantId: text(filters.customerTenantId),
		customerTenantDomain: text(filters.customerTenantDomain),
	};
	const status = text(filters.status);
	const severity = text(filters.severity);
	for (const [name, value, allowed] of [
		['status', status, ALERT_STATUSES],
		['severity', severity, ALERT_SEVERITIES],
	] as const) {
		if (value !== undefined && !(allowed as readonly string[]).includes(value)) {
			throw userError(ctx, `Unknown ${name} filter "${value}"`, {
				itemIndex,
				description: `Use one of: ${allowed.join(', ')}`,
			});
		}
	}
	if (status !== undefined) filter.status = status as AlertFilter['status'];
	if (severity !== undefined) filter.severity = severity as AlertFilter['severity'];
	return filter;
}

/** List: the namespace's alerts, newest first, one item each. It reads the whole namespace, so it is for flows
 * that report or clean up, not for every check of a detector. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	session: AlertSession,
): Promise<OperationItem[]> {
	const alerts = await session.alerts();
	const found = await alerts.list(readNamespace(this, itemIndex), readFilter(this, itemIndex));
	const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
	const limited = returnAll ? found : found.slice(0, Number(this.getNodeParameter('limit', itemIndex, 50)));
	return limited.map((alert) => ({ output: 0, json: alertJson(alert) }));
}
