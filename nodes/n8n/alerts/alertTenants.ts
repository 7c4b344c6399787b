import type { INodeProperties } from 'n8n-workflow';

import type { TenantEntry } from '../../core/schemas/alert';

/** The domain → tenant ID table, as the Alert Trigger's `tenants` parameter stores it. */
export function tenantsProperty(
	description: string,
	displayOptions?: INodeProperties['displayOptions'],
): INodeProperties {
	return {
		displayName: 'Tenants',
		name: 'tenants',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Tenant',
		default: {},
		description,
		displayOptions,
		options: [
			{
				displayName: 'Tenant',
				name: 'tenant',
				values: [
					{
						displayName: 'Domain',
						name: 'domain',
						type: 'string',
						default: '',
						placeholder: 'contoso.com',
						description: 'The customer domain (case does not matter)',
					},
					{
						displayName: 'Tenant ID',
						name: 'id',
						type: 'string',
						default: '',
						placeholder: '0f8fad5b-d9cb-469f-a165-70867728950e',
						description: 'The customer tenant ID (a UUID) the domain stands for',
					},
				],
			},
		],
	};
}

interface TenantTable {
	tenant?: Array<{ domain?: unknown; id?: unknown }>;
}

/** The fixed collection's value as the core's table; rows without a domain are unfinished and left out. */
export function readTenantTable(value: unknown): TenantEntry[] {
	const table = (value ?? {}) as TenantTable;
	return (table.tenant ?? [])
		.map((row) => ({ domain: String(row.domain ?? '').trim(), id: String(row.id ?? '').trim() }))
		.filter((row) => row.domain !== '');
}
