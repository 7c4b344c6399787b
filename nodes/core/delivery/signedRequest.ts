import { Buffer } from 'node:buffer';

import type { DeliveryRequest } from './engine';
import { signRequest, type VerificationConfig } from '../verification';

/** The schemes an outbound request can be signed with (the inbound presets resolve to one of these). */
export type OutboundSigning = Extract<VerificationConfig, { method: 'none' | 'hmac' | 'standardWebhooks' }>;

export interface SignedRequestInput {
	url: string;
	/** Any JSON value; serialised exactly once, here. */
	value: unknown;
	eventId: string;
	timeoutMs: number;
	signing: OutboundSigning;
	/** Only the current secret: the previous one of a rotation never signs. */
	secret: string;
	/** Sent under the signature headers, which always win. */
	headers?: Record<string, string>;
	/** Header that carries the attempt number (1, 2, …), so a receiver can tell a retry from a repeat; empty or
	 * absent sends none. */
	attemptHeader?: string;
	now?: () => number;
}

/** The request body: compact JSON as UTF-8. Compact output is also what JSON.stringify of the parsed body
 * gives back, so receivers that (wrongly) re-serialise before verifying still match. */
export function serialiseJson(value: unknown): Buffer {
	const text = JSON.stringify(value);
	if (text === undefined) throw new TypeError('The payload is not a JSON value');
	return Buffer.from(text, 'utf8');
}

/** Later layers win; names compare case-insensitively, as HTTP does, so no header is sent twice. */
export function mergeHeaders(...layers: Array<Record<string, string>>): Record<string, string> {
	const merged: Record<string, string> = {};
	for (const layer of layers) {
		for (const [name, value] of Object.entries(layer)) {
			for (const existing of Object.keys(merged)) {
				if (existing.toLowerCase() === name.toLowerCase()) delete merged[existing];
			}
			merged[name] = value;
		}
	}
	return merged;
}

/** What it takes to build the same request again later, in another process or after a restart: everything but
 * the secret, which is read from the credential again. JSON-safe, so the outbox can keep it. */
export interface SignedRequestRecipe {
	url: string;
	bodyBase64: string;
	eventId: string;
	timeoutMs: number;
	signing: OutboundSigning;
	headers: Record<string, string>;
	attemptHeader?: string;
}

/** A delivery whose body bytes are fixed now and whose signature is made afresh for every attempt, so a
 * timestamped scheme never sends a stale timestamp after a long backoff. The event id is the signed id. */
export function buildSignedRequest(input: SignedRequestInput): DeliveryRequest & { recipe: SignedRequestRecipe } {
	const recipe: SignedRequestRecipe = {
		url: input.url,
		bodyBase64: serialiseJson(input.value).toString('base64'),
		eventId: input.eventId,
		timeoutMs: input.timeoutMs,
		signing: input.signing,
		headers: input.headers ?? {},
		...(input.attemptHeader?.trim() ? { attemptHeader: input.attemptHeader.trim() } : {}),
	};
	const request = rebuildSignedRequest(recipe, input.secret, input.now);
	// Signing once now surfaces a configuration mistake (no secret, a template without its header) before
	// anything is sent, instead of in the middle of a delivery.
	(request.headers as (attempt: number) => Record<string, string>)(1);
	return { ...request, recipe };
}

/** The request a recipe describes, signed with `secret` at the time of each attempt. */
export function rebuildSignedRequest(recipe: SignedRequestRecipe, secret: string, now = Date.now): DeliveryRequest {
	const body = Buffer.from(recipe.bodyBase64, 'base64');
	const { attemptHeader } = recipe;
	const headers = (attempt = 1) =>
		mergeHeaders(
			recipe.headers,
			attemptHeader ? { [attemptHeader]: String(attempt) } : {},
			signRequest(recipe.signing, secret, { body, id: recipe.eventId, timestampSeconds: Math.floor(now() / 1000) }),
		);
	return { url: recipe.url, body, headers, eventId: recipe.eventId, timeoutMs: recipe.timeoutMs };
}
