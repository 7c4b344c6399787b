/** What the design contract fills in for an alert that gives only a title and a description. Written from
 * DESIGN.md, not imported from the code under test, so a changed default fails these tests. */
export const ALERT_DEFAULTS = {
	severity: 'medium',
	category: 'system',
	customerTenantId: null,
	customerTenantDomain: null,
	dedupeKey: null,
	metadata: {},
} as const;
