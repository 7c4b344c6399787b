import type { HooklineStore } from '../stores/types';
import { isRetryable } from './retryPolicy';
import type { DeliveryRecord } from './types';

/** Per-endpoint health: how deliveries to one receiver (a URL origin) have been ending, kept in the store so that
 * every n8n process sees the same figures, and the pause that spares a receiver which keeps failing (HaloPSA's
 * "auto-disable", Svix's endpoint disabling): after `afterFailures` consecutive deliveries that ended Failed for a
 * retryable reason, new deliveries are held until `cooldownMs` has passed; then one delivery is let through as
 * a probe, and its success reopens the endpoint. */

export interface PausePolicy {
	afterFailures: number;
	cooldownMs: number;
}

export interface EndpointHealth {
	endpoint: string;
	/** Deliveries in a row that ended Failed for a retryable reason (network, timeout, 408, 429, 5xx). */
	consecutiveFailures: number;
	delivered: number;
	failed: number;
	lastSuccessAt: string | null;
	lastFailureAt: string | null;
	lastError: string | null;
	paused: boolean;
	pausedUntil: string | null;
}

/** Whether a new delivery may go now: `probe` is the one delivery let through after a pause's cool-down. */
export type Admission = { open: true; probe: boolean } | { open: false; pausedUntil: number };

/** Counts are kept for 30 days from the first delivery counted, then start again. */
const COUNT_WINDOW_MS = 30 * 86_400_000;

export function endpointOf(url: string): string {
	return URL.canParse(url) ? new URL(url).origin : url;
}

const keys = (endpoint: string) => {
	const base = `endpoint:${endpoint}`;
	return {
		delivered: `${base}:delivered`,
		failed: `${base}:failed`,
		streak: `${base}:streak`,
		lastSuccess: `${base}:lastSuccess`,
		lastFailure: `${base}:lastFailure`,
		pausedUntil: `${base}:pausedUntil`,
		probe: `${base}:probe`,
	};
};

/** Failures that say the receiver is unwell; a 4xx other than 408 and 429 says it is up and answering. */
const isReceiverFailure = (record: DeliveryRecord) => isRetryable({ status: record.status ?? undefined });

/** Counts a delivery that has ended, and pauses the endpoint when the policy says so. A cancelled delivery, or
 * one held by a pause (no attempt made), says nothing about the receiver and is not counted. */
export async function recordDelivery(
	store: HooklineStore,
	record: DeliveryRecord,
	pause: PausePolicy | undefined,
	now = Date.now(),
): Promise<void> {
	if (record.cancelled || record.attempts.length === 0) return;
	const key = keys(endpointOf(record.url));
	if (record.delivered) {
		await store.increment(key.delivered, COUNT_WINDOW_MS);
		await store.set(key.lastSuccess, new Date(now).toISOString(), COUNT_WINDOW_MS);
		await store.delete(key.streak);
		await store.delete(key.pausedUntil);
		await store.delete(key.probe);
		return;
	}
	await store.increment(key.failed, COUNT_WINDOW_MS);
	const error = record.attempts.at(-1)?.error ?? 'failed';
	await store.set(key.lastFailure, JSON.stringify({ at: new Date(now).toISOString(), error }), COUNT_WINDOW_MS);
	if (!isReceiverFailure(record)) {
		await store.delete(key.streak);
		return;
	}
	const { count } = await store.increment(key.streak, COUNT_WINDOW_MS);
	if (pause && count >= pause.afterFailures) {
		await store.set(key.pausedUntil, String(now + pause.cooldownMs), pause.cooldownMs);
		await store.delete(key.probe);
	}
}

/** Whether a delivery to `url` may start now. Paused until the cool-down ends; then exactly one delivery (the
 * first to claim it) is the probe, and the others stay held until the probe has ended. */
export async function admit(
	store: HooklineStore,
	url: string,
	pause: PausePolicy | undefined,
	now = Date.now(),
): Promise<Admission> {
	if (!pause) return { open: true, probe: false };
	const key = keys(endpointOf(url));
	const pausedUntil = Number((await store.get(key.pausedUntil)) ?? 0);
	if (pausedUntil > now) return { open: false, pausedUntil };
	const streak = Number((await store.get(key.streak)) ?? 0);
	if (streak < pause.afterFailures) return { open: true, probe: false };
	const { claimed } = await store.claim(key.probe, String(now), pause.cooldownMs);
	return claimed ? { open: true, probe: true } : { open: false, pausedUntil: now + pause.cooldownMs };
}

export async function readHealth(store: HooklineStore, url: string, now = Date.now()): Promise<EndpointHealth> {
	const endpoint = endpointOf(url);
	const key = keys(endpoint);
	const count = async (name: string) => Number((await store.get(name)) ?? 0);
	const pausedUntil = Number((await store.get(key.pausedUntil)) ?? 0);
	const lastFailure = parseFailure(await store.get(key.lastFailure));
	return {
		endpoint,
		consecutiveFailures: await count(key.streak),
		delivered: await count(key.delivered),
		failed: await count(key.failed),
		lastSuccessAt: (await store.get(key.lastSuccess)) ?? null,
		lastFailureAt: lastFailure?.at ?? null,
		lastError: lastFailure?.error ?? null,
		paused: pausedUntil > now,
		pausedUntil: pausedUntil > now ? new Date(pausedUntil).toISOString() : null,
	};
}

function parseFailure(text: string | undefined): { at: string; error: string } | undefined {
	if (!text) return undefined;
	try {
		return JSON.parse(text) as { at: string; error: string };
	} catch {
		return undefined;
	}
}
