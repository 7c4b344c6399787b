/** Where alert state lives in a HooklineStore. Everything of a namespace sits under `alert:<ns>:` so that one
 * scan lists it:
 *   alert:<ns>:<alertId>            the alert's content (JSON)
 *   alert:<ns>:<alertId>:count      occurrence counter (atomic increment)
 *   alert:<ns>:<alertId>:base       occurrences counted before the counter's current window (rarely present)
 *   alert:<ns>:<alertId>:ack        flag: acknowledged
 *   alert:<ns>:<alertId>:resolved   flag: resolved
 *   alert:<ns>:<alertId>:esc=<level>  an escalation level fired (JSON), claimed once (see escalation.ts)
 * and the open alert of a dedupe key at `alert-key:<ns>:<tenant>:<dedupeKey>`, or, for an alert an Alert Trigger
 * raised in the default namespace, at `alert-key:<ns>:sender=<credentialId>:<tenant>:<dedupeKey>` (see senderOf),
 * the plain key then naming the alert raised most recently with that key (see AlertService.raise). */

/** An escalation level's field: its name URI-encoded, so no ':' can reach another field. */
export type EscalationField = `esc=${string}`;

export type AlertField = 'record' | 'count' | 'base' | 'ack' | 'resolved' | EscalationField;

export const escalationField = (level: string): EscalationField => `esc=${encodeURIComponent(level)}`;

export const isEscalationField = (field: string): field is EscalationField => field.startsWith('esc=');

const FIELDS: readonly AlertField[] = ['count', 'base', 'ack', 'resolved'];

/** Where an alert's escalation fields are, for one scan. */
export const escalationPrefix = (namespace: string, alertId: string) => `${alertKey(namespace, alertId)}:esc=`;

/** Alert ids are ours (UUIDs), but get/acknowledge/resolve take them from users: anything else cannot be an
 * alert, and a ':' could reach another alert's field. */
const ALERT_ID = /^[A-Za-z0-9_-]{1,128}$/;

export function isAlertId(alertId: string): boolean {
	return ALERT_ID.test(alertId);
}

/** The namespace every alert node starts with. Naming another one is how a user says "share these alerts". */
export const DEFAULT_NAMESPACE = 'default';

/** The namespace as typed, trimmed; a blank one is the node's default, so every alert node agrees on it. */
export function normaliseNamespace(namespace: string): string {
	return namespace.trim() || DEFAULT_NAMESPACE;
}

/** URI-encoded, so a namespace never contains ':' and "a" cannot list the alerts of "a:b". */
const encode = (namespace: string) => encodeURIComponent(normaliseNamespace(namespace));

export function namespacePrefix(namespace: string): string {
	return `alert:${encode(namespace)}:`;
}

export function alertKey(namespace: string, alertId: string, field: AlertField = 'record'): string {
	const record = namespacePrefix(namespace) + alertId;
	return field === 'record' ? record : `${record}:${field}`;
}

/** The sender whose dedupe claims an Alert Trigger keeps apart: in the default namespace, the credential that
 * verified the request, so that another sender (another secret) cannot repeat, re-open or downgrade its alerts
 * by sending the same dedupe key. A namespace the user named is shared in full, as the name asks. */
export function senderOf(namespace: string, credentialId: string): string | undefined {
	return normaliseNamespace(namespace) === DEFAULT_NAMESPACE ? credentialId : undefined;
}

/** Scoped by tenant as well: two customers' "srv-01-down" are two incidents, and merging them would hide one.
 * With a sender, the key is that sender's alone; a tenant is a UUID or '-', never "sender=…", so the two forms
 * cannot meet. */
export function dedupeKeyKey(
	namespace: string,
	customerTenantId: string | null,
	dedupeKey: string,
	sender?: string,
): string {
	const scope = sender === undefined ? '' : `sender=${encodeURIComponent(sender)}:`;
	return `alert-key:${encode(namespace)}:${scope}${customerTenantId ?? '-'}:${dedupeKey}`;
}

/** Splits a key found under namespacePrefix() into its alert id and field; undefined for anything else. */
export function parseAlertKey(namespace: string, key: string): { alertId: string; field: AlertField } | undefined {
	const prefix = namespacePrefix(namespace);
	if (!key.startsWith(prefix)) return undefined;
	const [alertId, field, ...rest] = key.slice(prefix.length).split(':');
	if (!isAlertId(alertId) || rest.length > 0) return undefined;
	if (field === undefined) return { alertId, field: 'record' };
	if (isEscalationField(field) && field.length > 'esc='.length) return { alertId, field };
	return (FIELDS as readonly string[]).includes(field) ? { alertId, field: field as AlertField } : undefined;
}
