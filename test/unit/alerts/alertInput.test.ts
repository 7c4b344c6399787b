import { parseDedupeScope, parseMetadata, parseRaisedAlert } from '../../../nodes/core/alerts/alertInput';
import { ALERT_DEFAULTS } from '../../support/alertDefaults';

const CONTOSO = '0f8fad5b-d9cb-469f-a165-70867728950e';
const TABLE = [{ domain: 'Contoso.com', id: CONTOSO.toUpperCase() }];

describe('parseRaisedAlert', () => {
	it('applies the Manage365 defaults and normalisation', () => {
		expect(
			parseRaisedAlert({ title: ' Disk full ', description: 'C: at 99%', severity: '', dedupeKey: '  ' }, []),
		).toEqual({
			ok: true,
			alert: {
				title: 'Disk full',
				description: 'C: at 99%',
				...ALERT_DEFAULTS,
			},
		});
	});

	it('keeps a domain as given when there is no tenant table', () => {
		const parsed = parseRaisedAlert({ title: 't', description: 'd', customerTenantDomain: 'Fabrikam.com.' }, []);
		expect(parsed).toMatchObject({ ok: true, alert: { customerTenantId: null, customerTenantDomain: 'fabrikam.com' } });
	});

	it('resolves a domain through the table exactly as the Alert Trigger does, and refuses an unknown one', () => {
		expect(
			parseRaisedAlert({ title: 't', description: 'd', customerTenantDomain: 'contoso.com' }, TABLE),
		).toMatchObject({
			ok: true,
			alert: { customerTenantId: CONTOSO, customerTenantDomain: 'contoso.com' },
		});
		expect(parseRaisedAlert({ title: 't', description: 'd', customerTenantDomain: 'fabrikam.com' }, TABLE)).toEqual({
			ok: false,
			details: ['customerTenantDomain: Unknown tenant domain "fabrikam.com"'],
		});
	});

	it('lists every problem', () => {
		const parsed = parseRaisedAlert(
			{ title: '', description: 'd', severity: 'urgent', customerTenantId: '42', metadata: [] },
			[],
		);
		expect(parsed.ok).toBe(false);
		expect(!parsed.ok && parsed.details.map((detail) => detail.split(':')[0])).toEqual([
			'title',
			'severity',
			'customerTenantId',
			'metadata',
		]);
	});
});

describe('parseDedupeScope', () => {
	it('normalises key and tenant the way a raise stores them', () => {
		expect(parseDedupeScope({ dedupeKey: ' srv-01-down ', customerTenantId: CONTOSO.toUpperCase() }, [])).toEqual({
			ok: true,
			dedupeKey: 'srv-01-down',
			customerTenantId: CONTOSO,
		});
		expect(parseDedupeScope({ dedupeKey: 'k', customerTenantDomain: 'CONTOSO.com' }, TABLE)).toEqual({
			ok: true,
			dedupeKey: 'k',
			customerTenantId: CONTOSO,
		});
		expect(parseDedupeScope({ dedupeKey: 'k', customerTenantDomain: 'contoso.com' }, [])).toEqual({
			ok: true,
			dedupeKey: 'k',
			customerTenantId: null,
		});
	});

	it('refuses a missing key or a bad tenant', () => {
		expect(parseDedupeScope({ dedupeKey: ' ' }, [])).toEqual({ ok: false, details: ['dedupeKey: Required'] });
		expect(parseDedupeScope({ dedupeKey: 'k', customerTenantId: 'x' }, [])).toEqual({
			ok: false,
			details: ['customerTenantId: Must be a UUID'],
		});
	});
});

describe('parseMetadata', () => {
	it('takes objects from expressions and JSON text; blank is none', () => {
		expect(parseMetadata({ a: 1 })).toEqual({ ok: true, metadata: { a: 1 } });
		expect(parseMetadata('{"source":"ping"}')).toEqual({ ok: true, metadata: { source: 'ping' } });
		expect(parseMetadata('  ')).toEqual({ ok: true, metadata: {} });
		expect(parseMetadata(undefined)).toEqual({ ok: true, metadata: {} });
	});

	it('names invalid JSON; a non-object is left for the schema to refuse', () => {
		expect(parseMetadata('{source: ping}')).toEqual({
			ok: false,
			detail: expect.stringMatching(/^metadata: Not valid JSON/),
		});
		expect(parseMetadata('[1]')).toEqual({ ok: true, metadata: [1] });
	});
});
