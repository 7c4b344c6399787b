import {
	alertKey,
	dedupeKeyKey,
	isAlertId,
	namespacePrefix,
	normaliseNamespace,
	parseAlertKey,
	senderOf,
} from '../../../nodes/core/alerts/keys';

describe('alert keys', () => {
	it('puts every key of an alert under its namespace prefix, the namespace encoded without colons', () => {
		expect(alertKey('team:night', 'a1')).toBe('alert:team%3Anight:a1');
		expect(alertKey('team:night', 'a1', 'count')).toBe('alert:team%3Anight:a1:count');
		expect(namespacePrefix(' default ')).toBe('alert:default:');
		expect(dedupeKeyKey('ns', null, 'srv:01')).toBe('alert-key:ns:-:srv:01');
		expect(dedupeKeyKey('ns', 'tenant', 'k')).toBe('alert-key:ns:tenant:k');
	});

	it("keeps a sender's dedupe keys apart from the namespace's, the sender encoded without colons", () => {
		expect(dedupeKeyKey('default', null, 'k', 'cred:1')).toBe('alert-key:default:sender=cred%3A1:-:k');
		expect(dedupeKeyKey('default', 'tenant', 'k', 'c1')).toBe('alert-key:default:sender=c1:tenant:k');
		expect(dedupeKeyKey('default', 'tenant', 'k', 'c1')).not.toBe(dedupeKeyKey('default', 'tenant', 'k'));
	});

	it('scopes to the sender only in the default namespace (blank or "default"), never in a named one', () => {
		expect(senderOf('default', 'c1')).toBe('c1');
		expect(senderOf(' default ', 'c1')).toBe('c1');
		expect(senderOf('', 'c1')).toBe('c1');
		expect(senderOf('ops', 'c1')).toBeUndefined();
		expect(senderOf('Default', 'c1')).toBeUndefined();
	});

	it('reads back what it wrote, and nothing else', () => {
		expect(parseAlertKey('ns', 'alert:ns:a1')).toEqual({ alertId: 'a1', field: 'record' });
		expect(parseAlertKey('ns', 'alert:ns:a1:resolved')).toEqual({ alertId: 'a1', field: 'resolved' });
		expect(parseAlertKey('ns', 'alert:ns:a1:other')).toBeUndefined();
		expect(parseAlertKey('ns', 'alert:ns:a1:count:x')).toBeUndefined();
		expect(parseAlertKey('ns', 'alert:other:a1')).toBeUndefined();
		expect(parseAlertKey('ns', 'alert:ns:')).toBeUndefined();
	});

	it('takes only plausible alert ids and a blank namespace as "default"', () => {
		expect(isAlertId('0f8fad5b-d9cb-469f-a165-70867728950e')).toBe(true);
		expect(isAlertId('a:b')).toBe(false);
		expect(isAlertId('')).toBe(false);
		expect(normaliseNamespace('  ')).toBe('default');
		expect(normaliseNamespace(' Ops ')).toBe('Ops');
	});
});
