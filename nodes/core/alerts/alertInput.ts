import { inboundAlertSchema, parseInboundAlert, type ParseAlertResult, type TenantEntry } from '../schemas/alert';
import { formatIssues } from '../schemas/zodErrors';

/**
 * An alert raised from inside a flow, checked by the Manage365 rules the Alert Trigger applies. With a tenant
 * table, a customerTenantDomain must be listed and resolves to its tenant ID exactly as in the trigger, so
 * that the node and a trigger with the same table dedupe into the same alert. Without one, the flow's author
 * vouches for the domain: it is kept as a label and the tenant is the customerTenantId given, if any.
 */
export function parseRaisedAlert(fields: unknown, tenants: readonly TenantEntry[]): ParseAlertResult {
	if (tenants.length > 0) return parseInboundAlert(fields, tenants);
	const parsed = inboundAlertSchema.safeParse(fields);
	if (!parsed.success) return { ok: false, details: formatIssues(parsed.error, 'alert') };
	const { customerTenantId, customerTenantDomain, dedupeKey, ...rest } = parsed.data;
	return {
		ok: true,
		alert: {
			...rest,
			customerTenantId: customerTenantId ?? null,
			customerTenantDomain: customerTenantDomain ?? null,
			dedupeKey: dedupeKey ?? null,
		},
	};
}

export interface DedupeScopeFields {
	dedupeKey: unknown;
	customerTenantId?: unknown;
	customerTenantDomain?: unknown;
}

export type DedupeScope =
	| { ok: true; dedupeKey: string; customerTenantId: string | null }
	| { ok: false; details: string[] };

/** The dedupe key and tenant that a raise with these fields would hold. Parsed as a raise (placeholder
 * content), so a lookup can never normalise a key or a tenant differently from the raise that stored it. */
export function parseDedupeScope(fields: DedupeScopeFields, tenants: readonly TenantEntry[]): DedupeScope {
	const parsed = parseRaisedAlert({ ...fields, title: 'lookup', description: 'lookup' }, tenants);
	if (!parsed.ok) return parsed;
	const { dedupeKey, customerTenantId } = parsed.alert;
	if (dedupeKey === null) return { ok: false, details: ['dedupeKey: Required'] };
	return { ok: true, dedupeKey, customerTenantId };
}

export type MetadataResult = { ok: true; metadata: unknown } | { ok: false; detail: string };

/** The metadata parameter: an object from an expression, or JSON text typed into the field; blank is none. */
export function parseMetadata(value: unknown): MetadataResult {
	if (value === undefined || value === null) return { ok: true, metadata: {} };
	if (typeof value !== 'string') return { ok: true, metadata: value };
	if (value.trim() === '') return { ok: true, metadata: {} };
	try {
		return { ok: true, metadata: JSON.parse(value) };
	} catch (error) {
		return { ok: false, detail: `metadata: Not valid JSON (${(error as Error).message})` };
	}
}
