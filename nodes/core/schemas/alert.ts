import { z } from 'zod';

import { formatIssues } from './zodErrors';

export const ALERT_SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export const ALERT_CATEGORIES = ['system', 'security', 'compliance', 'licence', 'drift', 'billing'] as const;
export const ALERT_STATUSES = ['open', 'acknowledged', 'resolved'] as const;

export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];
export type AlertCategory = (typeof ALERT_CATEGORIES)[number];
export type AlertStatus = (typeof ALERT_STATUSES)[number];

export const ALERT_LIMITS = {
	title: 500,
	description: 20_000,
	dedupeKey: 256,
	/** The longest a DNS name can be. */
	domain: 253,
	/** Metadata is stored with every alert, so one sender cannot fill the store with a single request. */
	metadataBytes: 64 * 1024,
	/** The whole request body of the Alert Trigger, checked before the body is read as an alert. An alert at
	 * every field's cap is about 126 KiB as compact UTF-8 (a 20,000-character description in CJK is 60 KB,
	 * metadata 64 KiB), and senders that escape non-ASCII as \uXXXX (Python's json.dumps, PowerShell 5) or
	 * indent need up to about twice that: 96 KiB would refuse valid alerts. A larger body is answered 413 before
	 * it costs a validation. */
	bodyBytes: 256 * 1024,
} as const;

/** Senders often send null or "" for a field they do not use: both mean the same as leaving it out. */
const absentIfBlank = (value: unknown) =>
	value === null || (typeof value === 'string' && value.trim() === '') ? undefined : value;

const requiredText = (max: number) => z.string().trim().min(1, 'Must not be empty').max(max);

const metadataSchema = z.record(z.unknown()).superRefine((metadata, ctx) => {
	let json: string;
	try {
		json = JSON.stringify(metadata);
	} catch {
		// Data nested thousands of levels deep overflows JSON.stringify's stack (and a BigInt has no JSON form):
		// a 400, never an exception.
		ctx.addIssue({
			code: z.ZodIssueCode.custom,
			message: 'Must be JSON data that can be stored (not nested thousands of levels deep)',
		});
		return;
	}
	if (Buffer.byteLength(json) > ALERT_LIMITS.metadataBytes) {
		ctx.addIssue({
			code: z.ZodIssueCode.custom,
			message: `Must be at most ${ALERT_LIMITS.metadataBytes} bytes as JSON`,
		});
	}
});

/** A domain as the table compares it: case-insensitive, and "contoso.com." is the same name as "contoso.com". */
export function normaliseDomain(domain: string): string {
	return domain.trim().toLowerCase().replace(/\.$/, '');
}

/** The Manage365 inbound alert body. Unknown keys are dropped, as are `__proto__` keys (zod never copies them),
 * so a body cannot smuggle a prototype into the stored alert. */
export const inboundAlertSchema = z.object({
	title: requiredText(ALERT_LIMITS.title),
	description: requiredText(ALERT_LIMITS.description),
	severity: z.preprocess(absentIfBlank, z.enum(ALERT_SEVERITIES).default('medium')),
	category: z.preprocess(absentIfBlank, z.enum(ALERT_CATEGORIES).default('system')),
	customerTenantId: z.preprocess(
		absentIfBlank,
		z
			.string()
			.trim()
			.uuid('Must be a UUID')
			.transform((id) => id.toLowerCase())
			.optional(),
	),
	customerTenantDomain: z.preprocess(
		absentIfBlank,
		z.string().max(ALERT_LIMITS.domain).transform(normaliseDomain).optional(),
	),
	dedupeKey: z.preprocess(absentIfBlank, z.string().trim().max(ALERT_LIMITS.dedupeKey).optional()),
	metadata: z.preprocess((value) => value ?? undefined, metadataSchema.default({})),
});

export interface InboundAlert {
	title: string;
	description: string;
	severity: AlertSeverity;
	category: AlertCategory;
	customerTenantId: string | null;
	customerTenantDomain: string | null;
	dedupeKey: string | null;
	metadata: Record<string, unknown>;
}

export interface TenantEntry {
	domain: string;
	id: string;
}

export type ParseAlertResult = { ok: true; alert: InboundAlert } | { ok: false; details: string[] };

const uuid = z.string().uuid();

/** Validates an inbound alert and resolves its tenant through the node's domain → tenant id table. */
export function parseInboundAlert(body: unknown, tenants: readonly TenantEntry[]): ParseAlertResult {
	const parsed = inboundAlertSchema.safeParse(body);
	if (!parsed.success) return { ok: false, details: formatIssues(parsed.error) };
	const { customerTenantId, customerTenantDomain, dedupeKey, ...rest } = parsed.data;

	let tenantId = customerTenantId ?? null;
	// A tenant table says which tenants this sender may raise alerts for: an id outside it is refused, as an
	// unknown domain is, so one customer's sender cannot file alerts under another's tenant.
	if (customerTenantDomain === undefined && tenantId !== null && tenants.length > 0) {
		if (!tenants.some((tenant) => tenant.id.trim().toLowerCase() === tenantId)) {
			return { ok: false, details: [`customerTenantId: Unknown tenant id "${tenantId}"`] };
		}
	}
	if (customerTenantDomain !== undefined) {
		const entry = tenants.find((tenant) => normaliseDomain(tenant.domain) === customerTenantDomain);
		const mappedId = entry?.id.trim().toLowerCase();
		if (mappedId === undefined) {
			return { ok: false, details: [`customerTenantDomain: Unknown tenant domain "${customerTenantDomain}"`] };
		}
		if (!uuid.safeParse(mappedId).success) {
			return {
				ok: false,
				details: [`customerTenantDomain: The tenant table maps "${customerTenantDomain}" to an id that is not a UUID`],
			};
		}
		if (tenantId !== null && tenantId !== mappedId) {
			return { ok: false, details: ['customerTenantDomain: Does not belong to the given customerTenantId'] };
		}
		tenantId = mappedId;
	}

	return {
		ok: true,
		alert: {
			...rest,
			customerTenantId: tenantId,
			customerTenantDomain: customerTenantDomain ?? null,
			dedupeKey: dedupeKey ?? null,
		},
	};
}

/** An alert as the stores keep it and as the alert nodes output it (without the per-output `isNew`). */
export const alertRecordSchema = z.object({
	alertId: z.string().min(1),
	status: z.enum(ALERT_STATUSES),
	title: requiredText(ALERT_LIMITS.title),
	description: requiredText(ALERT_LIMITS.description),
	severity: z.enum(ALERT_SEVERITIES),
	category: z.enum(ALERT_CATEGORIES),
	customerTenantId: z.string().uuid().nullable(),
	customerTenantDomain: z.string().max(ALERT_LIMITS.domain).nullable(),
	dedupeKey: z.string().max(ALERT_LIMITS.dedupeKey).nullable(),
	metadata: metadataSchema,
	occurrences: z.number().int().positive(),
	firstSeenAt: z.string().datetime({ offset: true }),
	lastSeenAt: z.string().datetime({ offset: true }),
});

export type AlertRecord = z.infer<typeof alertRecordSchema>;
