import { randomUUID } from 'node:crypto';

import { normaliseDomain } from '../schemas/alert';
import { formatIssues } from '../schemas/zodErrors';
import type { HooklineStore } from '../stores';
import { assertDurationMs } from '../stores/argumentChecks';
import {
	readAlertState,
	storedAlertSchema,
	toAlertItem,
	type AlertFields,
	type AlertState,
	type StoredAlert,
} from './alertState';
import {
	alertKey,
	dedupeKeyKey,
	escalationField,
	escalationPrefix,
	isAlertId,
	namespacePrefix,
	parseAlertKey,
	type AlertField,
} from './keys';
import type {
	AlertFilter,
	AlertInput,
	AlertItem,
	AlertServiceOptions,
	FiredEscalation,
	RaiseOptions,
	RaiseResult,
} from './types';

const DEFAULT_RETENTION_MS = 30 * 24 * 60 * 60 * 1000;

/** How long a repeat waits for the content of an alert whose opening it raced (another process, or this one
 * between the opener's claim and its write): about 1.6 s in all, after which the claim counts as abandoned. */
const CONTENT_WAIT_MS = [1, 2, 5, 10, 20, 50, 100, 200, 400, 800];

/** A raise claims again when the key named an alert that is resolved or gone; needing more rounds than this
 * means something keeps racing it, and an error beats a loop. */
const MAX_CLAIM_ROUNDS = 3;

const FIELDS: readonly AlertField[] = ['record', 'count', 'base', 'ack', 'resolved'];

/** What a raise says about the alert; the rest (id, counts, times) is the service's. */
type AlertContent = Omit<StoredAlert, 'alertId' | 'occurrences' | 'firstSeenAt' | 'lastSeenAt'>;

const contentSchema = storedAlertSchema.omit({ alertId: true, occurrences: true, firstSeenAt: true, lastSeenAt: true });

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The contract's defaults, checked against the stored schema: content that could not be read back would
 * make the alert vanish, so it is refused up front. */
function contentOf(input: AlertInput, sender: string | undefined): AlertContent {
	const parsed = contentSchema.safeParse({
		title: input.title,
		description: input.description,
		severity: input.severity ?? 'medium',
		category: input.category ?? 'system',
		customerTenantId: input.customerTenantId?.trim().toLowerCase() || null,
		customerTenantDomain: input.customerTenantDomain || null,
		dedupeKey: input.dedupeKey?.trim() || null,
		metadata: input.metadata ?? {},
		...(sender === undefined ? {} : { sender }),
	});
	if (!parsed.success) throw new RangeError(`Invalid alert: ${formatIssues(parsed.error).join('; ')}`);
	return parsed.data;
}

/** The keys that name an alert of a dedupe key: the one its raise claimed, and with a sender, the namespace's
 * plain key as well, which the trigger sets to its alerts (see raise). */
function dedupeKeysOf(namespace: string, alert: Pick<StoredAlert, 'dedupeKey' | 'customerTenantId' | 'sender'>) {
	if (alert.dedupeKey === null) return { claim: undefined, pointer: undefined };
	const { dedupeKey, customerTenantId, sender } = alert;
	return {
		claim: dedupeKeyKey(namespace, customerTenantId, dedupeKey, sender),
		pointer: sender === undefined ? undefined : dedupeKeyKey(namespace, customerTenantId, dedupeKey),
	};
}

/**
 * Alerts kept in a HooklineStore, shared by every workflow that uses the same store and namespace.
 *
 * A dedupe key is claimed atomically, so of concurrent raises exactly one opens the alert. Repeats count on the
 * store's atomic counter, so none is lost, and the latest raise's title, description, severity, category and
 * metadata win (the sender's newest view: a severity that escalates, a fresher reading); the id, tenant, dedupe
 * key and firstSeenAt stay. Repeats of an acknowledged alert keep it acknowledged. Status flags only move
 * forward, so no write can undo a transition; content written by two racing calls is last-writer-wins.
 * Every key lives `retentionMs` after the alert's last activity.
 */
export class AlertService {
	private readonly retentionMs: number;
	private readonly now: () => number;
	private readonly newId: () => string;

	constructor(
		private readonly store: HooklineStore,
		options: AlertServiceOptions = {},
	) {
		this.retentionMs = options.retentionMs ?? DEFAULT_RETENTION_MS;
		assertDurationMs('retentionMs', this.retentionMs);
		this.now = options.now ?? Date.now;
		this.newId = options.newId ?? randomUUID;
	}

	/**
	 * Opens an alert, or counts a repeat of the open (or acknowledged) alert of the same dedupe key and tenant.
	 *
	 * With a `sender` the claim is that sender's own key, so only its own raises repeat the alert. The
	 * namespace's plain key, which Hookline Alert nodes claim and find alerts by, is then set (not claimed) to
	 * this alert: a node's raise repeats, and its find by dedupe key finds, the alert raised most recently with
	 * that key, whichever sender raised it. Setting it never makes a sender repeat another's alert, since
	 * senders never read it. A pointer left on a resolved or vanished alert holds nothing: a node's raise frees
	 * it and opens a new alert (the loop below), and findOpen skips it.
	 */
	async raise(namespace: string, input: AlertInput, options: RaiseOptions = {}): Promise<RaiseResult> {
		const content = contentOf(input, options.sender);
		const at = new Date(this.now()).toISOString();
		const { claim: key, pointer } = dedupeKeysOf(namespace, content);
		if (key === undefined) return this.open(namespace, content, at, this.newId());
		for (let round = 0; round < MAX_CLAIM_ROUNDS; round++) {
			const claim = await this.store.claim(key, this.newId(), this.retentionMs);
			if (claim.claimed) return this.open(namespace, content, at, claim.value, pointer);
			const repeated = await this.repeat(namespace, claim.value, content, at, pointer ? [key, pointer] : [key]);
			if (repeated) return repeated;
			// The key still names an alert that is resolved or gone: free it, so that the next claim opens one.
			await this.release(key, claim.value);
		}
		throw new Error(`The dedupe key "${content.dedupeKey}" kept changing hands; raise the alert again`);
	}

	async get(namespace: string, alertId: string): Promise<AlertItem | undefined> {
		const state = await this.read(namespace, alertId);
		return state && toAlertItem(state, false);
	}

	/** The open (or acknowledged) alert that holds a dedupe key: what a raise with that key and tenant would
	 * repeat. A recovery branch uses it to resolve by key without knowing the alert's id. */
	async findOpen(
		namespace: string,
		dedupeKey: string,
		customerTenantId: string | null = null,
	): Promise<AlertItem | undefined> {
		const tenant = customerTenantId?.trim().toLowerCase() || null;
		const alertId = await this.store.get(dedupeKeyKey(namespace, tenant, dedupeKey.trim()));
		if (alertId === undefined) return undefined;
		const state = await this.read(namespace, alertId);
		return state === undefined || state.status === 'resolved' ? undefined : toAlertItem(state, false);
	}

	/** Acknowledges an open alert; an acknowledged or resolved one is returned unchanged. */
	async acknowledge(namespace: string, alertId: string): Promise<AlertItem | undefined> {
		const state = await this.read(namespace, alertId);
		if (state === undefined || state.status !== 'open') return state && toAlertItem(state, false);
		const acknowledged = settled(state, 'acknowledged');
		await this.refresh(namespace, acknowledged, await this.heldKeys(namespace, state.stored));
		return toAlertItem(acknowledged, false);
	}

	/** Resolves an alert and frees its dedupe key, so the next raise with that key opens a new alert. */
	async resolve(namespace: string, alertId: string): Promise<AlertItem | undefined> {
		const state = await this.read(namespace, alertId);
		if (state === undefined || state.status === 'resolved') return state && toAlertItem(state, false);
		const resolved = settled(state, 'resolved');
		// The flag first: a raise that still finds the key then sees the alert resolved and claims again.
		await this.refresh(namespace, resolved);
		const { claim, pointer } = dedupeKeysOf(namespace, state.stored);
		for (const key of [claim, pointer]) if (key !== undefined) await this.release(key, alertId);
		return toAlertItem(resolved, false);
	}

	/** Records that an escalation level fired for an alert, if no one has yet: of any number of pollers (a
	 * restarted n8n, two mains on one Redis) exactly one gets true, so each level fires once. */
	async claimEscalation(namespace: string, alertId: string, fired: FiredEscalation): Promise<boolean> {
		if (!isAlertId(alertId)) return false;
		const key = alertKey(namespace, alertId, escalationField(fired.level));
		const claim = await this.store.claim(key, JSON.stringify(fired), this.retentionMs);
		return claim.claimed;
	}

	/** The namespace's alerts, newest (by firstSeenAt) first. One scan of the store: for people and flows that
	 * ask, not for every request. */
	async list(namespace: string, filter: AlertFilter = {}): Promise<AlertItem[]> {
		const byId = new Map<string, AlertFields>();
		for (const { key, value } of await this.store.scan(namespacePrefix(namespace))) {
			const found = parseAlertKey(namespace, key);
			if (found === undefined) continue;
			const fields = byId.get(found.alertId) ?? {};
			fields[found.field] = value;
			byId.set(found.alertId, fields);
		}
		const tenant = filter.customerTenantId?.trim().toLowerCase();
		const domain = filter.customerTenantDomain === undefined ? undefined : normaliseDomain(filter.customerTenantDomain);
		const items: AlertItem[] = [];
		for (const fields of byId.values()) {
			const state = readAlertState(fields);
			if (state === undefined) continue;
			if (filter.status !== undefined && state.status !== filter.status) continue;
			if (filter.severity !== undefined && state.stored.severity !== filter.severity) continue;
			if (tenant !== undefined && state.stored.customerTenantId !== tenant) continue;
			if (domain !== undefined && state.stored.customerTenantDomain !== domain) continue;
			items.push(toAlertItem(state, false));
		}
		return items.sort((a, b) => b.firstSeenAt.localeCompare(a.firstSeenAt) || a.alertId.localeCompare(b.alertId));
	}

	private async open(
		namespace: string,
		content: AlertContent,
		at: string,
		alertId: string,
		pointer?: string,
	): Promise<RaiseResult> {
		const stored: StoredAlert = { alertId, ...content, occurrences: 1, firstSeenAt: at, lastSeenAt: at };
		// The counter's first hit comes before the content: a repeat that finds the content counts from 2.
		if (content.dedupeKey !== null) await this.store.increment(alertKey(namespace, alertId, 'count'), this.retentionMs);
		await this.store.set(alertKey(namespace, alertId), JSON.stringify(stored), this.retentionMs);
		// After the content, so a node that follows the pointer finds the alert written.
		if (pointer !== undefined) await this.store.set(pointer, alertId, this.retentionMs);
		return {
			alert: toAlertItem({ stored, status: 'open', base: 0, occurrences: 1, escalations: [] }, true),
			isNew: true,
		};
	}

	private async repeat(
		namespace: string,
		alertId: string,
		content: AlertContent,
		at: string,
		keys: string[],
	): Promise<RaiseResult | undefined> {
		const state = await this.waitForAlert(namespace, alertId);
		if (state === undefined || state.status === 'resolved') return undefined;
		const { count } = await this.store.increment(alertKey(namespace, alertId, 'count'), this.retentionMs);
		// A counter's window is fixed at its first hit. One that ran out under a long-lived alert (or that the store
		// lost) starts again at 1, and the total carries on from the last known one.
		const base = count === 1 ? state.occurrences : state.base;
		const occurrences = base + count;
		const { stored } = state;
		const updated: AlertState = {
			status: state.status,
			base,
			occurrences,
			escalations: state.escalations,
			stored: {
				...stored,
				title: content.title,
				description: content.description,
				severity: content.severity,
				category: content.category,
				metadata: content.metadata,
				customerTenantDomain: stored.customerTenantDomain ?? content.customerTenantDomain,
				occurrences: Math.max(stored.occurrences, occurrences),
				// A racing repeat may have written a later time already.
				lastSeenAt: at > stored.lastSeenAt ? at : stored.lastSeenAt,
			},
		};
		await this.refresh(namespace, updated, keys);
		return { alert: toAlertItem(updated, false), isNew: false };
	}

	/** The alert a lost claim names. Its opener writes the content right after the claim, so a repeat that raced
	 * it waits a little; content that never comes means the opener died, or the alert is gone. */
	private async waitForAlert(namespace: string, alertId: string): Promise<AlertState | undefined> {
		let state = await this.read(namespace, alertId);
		for (const delayMs of CONTENT_WAIT_MS) {
			if (state !== undefined) break;
			await sleep(delayMs);
			state = await this.read(namespace, alertId);
		}
		return state;
	}

	private async read(namespace: string, alertId: string): Promise<AlertState | undefined> {
		if (!isAlertId(alertId)) return undefined;
		const [values, escalations] = await Promise.all([
			Promise.all(FIELDS.map((field) => this.store.get(alertKey(namespace, alertId, field)))),
			this.store.scan(escalationPrefix(namespace, alertId)),
		]);
		const fields: AlertFields = {};
		FIELDS.forEach((field, i) => {
			if (values[i] !== undefined) fields[field] = values[i];
		});
		for (const { key, value } of escalations) {
			const found = parseAlertKey(namespace, key);
			if (found?.alertId === alertId) fields[found.field] = value;
		}
		return readAlertState(fields);
	}

	/** Writes the alert's content and flags again, which restarts their retention; `keys` are its dedupe keys
	 * that should live on too. The counter is the one key activity cannot extend (see repeat()). */
	private async refresh(namespace: string, state: AlertState, keys: string[] = []): Promise<void> {
		const { alertId } = state.stored;
		const ttl = this.retentionMs;
		const writes = [this.store.set(alertKey(namespace, alertId), JSON.stringify(state.stored), ttl)];
		for (const key of keys) writes.push(this.store.set(key, alertId, ttl));
		if (state.base > 0) writes.push(this.store.set(alertKey(namespace, alertId, 'base'), String(state.base), ttl));
		if (state.status !== 'open') {
			writes.push(
				this.store.set(alertKey(namespace, alertId, state.status === 'resolved' ? 'resolved' : 'ack'), '1', ttl),
			);
		}
		await Promise.all(writes);
	}

	/** The alert's dedupe keys that still name this alert. */
	private async heldKeys(namespace: string, stored: StoredAlert): Promise<string[]> {
		const { claim, pointer } = dedupeKeysOf(namespace, stored);
		const held: string[] = [];
		for (const key of [claim, pointer]) {
			if (key !== undefined && (await this.store.get(key)) === stored.alertId) held.push(key);
		}
		return held;
	}

	/** Deletes a dedupe key only while it names this alert: by now a newer alert may hold it. (Another resolve
	 * and raise could still slip in between the read and the delete; both would have to race this call.) */
	private async release(key: string, alertId: string): Promise<void> {
		if ((await this.store.get(key)) === alertId) await this.store.delete(key);
	}
}

/** The alert in a new status, its snapshot brought up to the live count so that it outlasts the counter. */
function settled(state: AlertState, status: 'acknowledged' | 'resolved'): AlertState {
	return { ...state, status, stored: { ...state.stored, occurrences: state.occurrences } };
}
