import {
	alertRecordSchema,
	normaliseDomain,
	parseInboundAlert,
	type AlertRecord,
	type ParseAlertResult,
} from '../../../nodes/core/schemas/alert';
import { ALERT_DEFAULTS } from '../../support/alertDefaults';

const CONTOSO = '0f8fad5b-d9cb-469f-a165-70867728950e';
const FABRIKAM = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
const tenants = [
	{ domain: 'Contoso.com', id: CONTOSO },
	{ domain: 'fabrikam.example.', id: FABRIKAM.toUpperCase() },
	{ domain: 'broken.example', id: 'not-a-uuid' },
];

function details(result: ParseAlertResult): string[] {
	if (result.ok) throw new Error(`expected a failure, got ${JSON.stringify(result.alert)}`);
	return result.details;
}

function alert(result: ParseAlertResult) {
	if (!result.ok) throw new Error(`expected success, got ${result.details.join('; ')}`);
	return result.alert;
}

describe('parseInboundAlert', () => {
	it('applies the defaults to a minimal alert', () => {
		expect(alert(parseInboundAlert({ title: 'Server down', description: 'srv01 is not answering' }, tenants))).toEqual({
			title: 'Server down',
			description: 'srv01 is not answering',
			...ALERT_DEFAULTS,
		});
	});

	it('with a tenant table, refuses a customerTenantId outside it; without one, takes any UUID', () => {
		const base = { title: 'Server down', description: 'srv01' };
		const stranger = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
		expect(details(parseInboundAlert({ ...base, customerTenantId: stranger }, tenants))).toEqual([
			`customerTenantId: Unknown tenant id "${stranger}"`,
		]);
		expect(alert(parseInboundAlert({ ...base, customerTenantId: FABRIKAM }, tenants)).customerTenantId).toBe(FABRIKAM);
		expect(alert(parseInboundAlert({ ...base, customerTenantId: stranger }, [])).customerTenantId).toBe(stranger);
	});

	it('keeps every field of a full alert', () => {
		const result = alert(
			parseInboundAlert(
				{
					title: '  Disk full ',
					description: 'C: at 99%',
					severity: 'critical',
					category: 'licence',
					customerTenantId: CONTOSO.toUpperCase(),
					dedupeKey: ' srv01:disk ',
					metadata: { host: 'srv01', usage: 0.99, tags: ['a'] },
					unknownField: 'dropped',
				},
				tenants,
			),
		);
		expect(result).toEqual({
			title: 'Disk full',
			description: 'C: at 99%',
			severity: 'critical',
			category: 'licence',
			customerTenantId: CONTOSO,
			customerTenantDomain: null,
			dedupeKey: 'srv01:disk',
			metadata: { host: 'srv01', usage: 0.99, tags: ['a'] },
		});
		expect(result).not.toHaveProperty('unknownField');
	});

	it('reports missing and wrong fields, one readable line each', () => {
		expect(details(parseInboundAlert({ severity: 'urgent', category: 'network' }, tenants))).toEqual([
			'title: Required',
			'description: Required',
			"severity: Invalid enum value. Expected 'low' | 'medium' | 'high' | 'critical', received 'urgent'",
			"category: Invalid enum value. Expected 'system' | 'security' | 'compliance' | 'licence' | 'drift' | 'billing', received 'network'",
		]);
	});

	it.each([
		[null, 'body: Expected object, received null'],
		[[], 'body: Expected object, received array'],
		[[{ title: 'a', description: 'b' }], 'body: Expected object, received array'],
		['{"title":"a"}', 'body: Expected object, received string'],
		[42, 'body: Expected object, received number'],
		[undefined, 'body: Required'],
	])('refuses a body that is not a JSON object: %p', (body, expected) => {
		expect(details(parseInboundAlert(body, tenants))).toEqual([expected]);
	});

	it('refuses a number as title and an empty or blank description', () => {
		expect(details(parseInboundAlert({ title: 42, description: '   ' }, tenants))).toEqual([
			'title: Expected string, received number',
			'description: Must not be empty',
		]);
	});

	it('bounds the lengths', () => {
		expect(
			details(
				parseInboundAlert(
					{ title: 'x'.repeat(501), description: 'y'.repeat(20_001), dedupeKey: 'k'.repeat(257) },
					tenants,
				),
			),
		).toEqual([
			'title: String must contain at most 500 character(s)',
			'description: String must contain at most 20000 character(s)',
			'dedupeKey: String must contain at most 256 character(s)',
		]);
		expect(
			parseInboundAlert(
				{ title: 'x'.repeat(500), description: 'y'.repeat(20_000), dedupeKey: 'k'.repeat(256) },
				tenants,
			).ok,
		).toBe(true);
	});

	it('refuses a huge body quickly and without echoing it', () => {
		const huge = 'A'.repeat(5_000_000);
		const started = Date.now();
		const lines = details(parseInboundAlert({ title: huge, description: huge }, tenants));
		expect(Date.now() - started).toBeLessThan(1000);
		expect(lines.join('').length).toBeLessThan(500);
	});

	it('bounds the metadata size', () => {
		expect(
			details(parseInboundAlert({ title: 't', description: 'd', metadata: { blob: 'x'.repeat(70_000) } }, tenants)),
		).toEqual(['metadata: Must be at most 65536 bytes as JSON']);
	});

	it('keeps unicode as it is', () => {
		const result = alert(
			parseInboundAlert(
				{ title: 'Serveur arrêté 🔥', description: '磁盘已满 — ḑïşķ', metadata: { ключ: 'значение' } },
				tenants,
			),
		);
		expect(result.title).toBe('Serveur arrêté 🔥');
		expect(result.description).toBe('磁盘已满 — ḑïşķ');
		expect(result.metadata).toEqual({ ключ: 'значение' });
	});

	it('treats null and "" as absent for optional fields', () => {
		expect(
			alert(
				parseInboundAlert(
					{
						title: 't',
						description: 'd',
						severity: null,
						category: '',
						customerTenantId: '',
						customerTenantDomain: null,
						dedupeKey: '  ',
						metadata: null,
					},
					tenants,
				),
			),
		).toMatchObject(ALERT_DEFAULTS);
	});

	it('refuses a non-UUID tenant id and metadata that is not an object', () => {
		expect(
			details(
				parseInboundAlert({ title: 't', description: 'd', customerTenantId: 'contoso', metadata: ['a'] }, tenants),
			),
		).toEqual(['customerTenantId: Must be a UUID', 'metadata: Expected object, received array']);
		expect(details(parseInboundAlert({ title: 't', description: 'd', metadata: 'x' }, tenants))).toEqual([
			'metadata: Expected object, received string',
		]);
	});

	describe('tenant resolution', () => {
		it('resolves a domain case-insensitively, ignoring a trailing dot', () => {
			for (const domain of ['contoso.com', 'CONTOSO.COM', 'Contoso.com.', ' contoso.com ']) {
				expect(
					alert(parseInboundAlert({ title: 't', description: 'd', customerTenantDomain: domain }, tenants)),
				).toMatchObject({
					customerTenantId: CONTOSO,
					customerTenantDomain: 'contoso.com',
				});
			}
			expect(
				alert(parseInboundAlert({ title: 't', description: 'd', customerTenantDomain: 'FABRIKAM.example' }, tenants))
					.customerTenantId,
			).toBe(FABRIKAM);
		});

		it('refuses an unknown domain', () => {
			expect(
				details(parseInboundAlert({ title: 't', description: 'd', customerTenantDomain: 'unknown.example' }, tenants)),
			).toEqual(['customerTenantDomain: Unknown tenant domain "unknown.example"']);
			expect(
				details(parseInboundAlert({ title: 't', description: 'd', customerTenantDomain: 'contoso.com' }, [])),
			).toHaveLength(1);
		});

		it('accepts a domain and id that agree, refuses ones that do not', () => {
			expect(
				alert(
					parseInboundAlert(
						{
							title: 't',
							description: 'd',
							customerTenantDomain: 'contoso.com',
							customerTenantId: CONTOSO.toUpperCase(),
						},
						tenants,
					),
				).customerTenantId,
			).toBe(CONTOSO);
			expect(
				details(
					parseInboundAlert(
						{ title: 't', description: 'd', customerTenantDomain: 'contoso.com', customerTenantId: FABRIKAM },
						tenants,
					),
				),
			).toEqual(['customerTenantDomain: Does not belong to the given customerTenantId']);
		});

		it('refuses a domain the table maps to something that is not a UUID', () => {
			expect(
				details(parseInboundAlert({ title: 't', description: 'd', customerTenantDomain: 'broken.example' }, tenants)),
			).toEqual(['customerTenantDomain: The tenant table maps "broken.example" to an id that is not a UUID']);
		});

		it('keeps an id without a domain as it is (no reverse lookup)', () => {
			expect(
				alert(parseInboundAlert({ title: 't', description: 'd', customerTenantId: FABRIKAM }, tenants)),
			).toMatchObject({
				customerTenantId: FABRIKAM,
				customerTenantDomain: null,
			});
		});
	});

	describe('prototype pollution', () => {
		afterEach(() => {
			expect(({} as Record<string, unknown>).polluted).toBeUndefined();
			expect(Object.prototype).not.toHaveProperty('polluted');
		});

		it('drops a __proto__ key in metadata and never touches Object.prototype', () => {
			const body = JSON.parse('{"title":"t","description":"d","metadata":{"__proto__":{"polluted":true},"ok":1}}');
			const result = alert(parseInboundAlert(body, tenants));
			expect(Object.getPrototypeOf(result.metadata)).toBe(Object.prototype);
			expect(Object.keys(result.metadata)).toEqual(['ok']);
			expect((result.metadata as Record<string, unknown>).polluted).toBeUndefined();
		});

		it('ignores __proto__, constructor and prototype at the top level', () => {
			const body = JSON.parse(
				'{"title":"t","description":"d","__proto__":{"polluted":true,"severity":"critical"},"constructor":{"prototype":{"polluted":true}}}',
			);
			const result = alert(parseInboundAlert(body, tenants));
			expect(result.severity).toBe('medium');
			expect(Object.getPrototypeOf(result)).toBe(Object.prototype);
			expect(Object.keys(result)).not.toContain('__proto__');
		});

		it('keeps nested __proto__ keys as inert own data', () => {
			const body = JSON.parse('{"title":"t","description":"d","metadata":{"nested":{"__proto__":{"polluted":true}}}}');
			const result = alert(parseInboundAlert(body, tenants));
			const nested = result.metadata.nested as Record<string, unknown>;
			expect(Object.getPrototypeOf(nested)).toBe(Object.prototype);
			expect(nested.polluted).toBeUndefined();
		});
	});
});

describe('normaliseDomain', () => {
	it('lower-cases, trims and drops one trailing dot', () => {
		expect(normaliseDomain(' Contoso.COM. ')).toBe('contoso.com');
	});
});

describe('alertRecordSchema', () => {
	const record: AlertRecord = {
		alertId: 'alr_01',
		status: 'open',
		title: 'Server down',
		description: 'srv01',
		severity: 'high',
		category: 'system',
		customerTenantId: CONTOSO,
		customerTenantDomain: 'contoso.com',
		dedupeKey: 'srv01',
		metadata: { host: 'srv01' },
		occurrences: 1,
		firstSeenAt: '2025-01-01T00:00:00.000Z',
		lastSeenAt: '2025-01-01T00:05:00.000Z',
	};

	it('accepts a full record and one with every optional field null', () => {
		expect(alertRecordSchema.parse(record)).toEqual(record);
		const bare = { ...record, customerTenantId: null, customerTenantDomain: null, dedupeKey: null };
		expect(alertRecordSchema.parse(bare)).toEqual(bare);
	});

	it.each([
		['status', 'closed'],
		['occurrences', 0],
		['occurrences', 1.5],
		['firstSeenAt', 'yesterday'],
		['customerTenantId', 'contoso'],
		['alertId', ''],
		['metadata', []],
	])('refuses %s = %p', (field, value) => {
		expect(alertRecordSchema.safeParse({ ...record, [field]: value }).success).toBe(false);
	});

	it('requires optional fields to be present as null', () => {
		const { dedupeKey: _omitted, ...withoutKey } = record;
		expect(alertRecordSchema.safeParse(withoutKey).success).toBe(false);
	});
});
