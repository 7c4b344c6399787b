import { ExpressionError, evaluateExpression } from '../mapping';
import {
	FAILURE_MESSAGES,
	verifyRequest,
	withoutClientState,
	withoutQueryParameter,
	type JwksProvider,
	type VerifyResult,
} from '../verification';
import { StoreFullError, checkRateLimit, claimDelivery, findDelivery, settleDelivery } from '../stores';
import type { DeliveryHolder, HooklineStore } from '../stores';
import { evaluateFilter } from './filter';
import { handshakeAfterVerification, handshakeBeforeVerification } from './handshakes';
import { schemeHeaders, stripCredentialHeaders } from './headerFilter';
import { readIdempotencyKey } from './idempotencyKey';
import { isAllowedIp } from './ipAllowlist';
import type { InboundConfig, InboundDecision, InboundRequest } from './types';

export interface InboundDependencies {
	store: HooklineStore;
	newDeliveryId: () => string;
	/** Key sets for JWTs checked against a JWKS URL. */
	jwks?: JwksProvider;
}

/** How long a sender should wait before retrying when the key set could not be fetched: past the JWKS cache's
 * minimum refresh interval, so the retry sees a new attempt. */
const KEYS_RETRY_AFTER_SECONDS = 30;

/** n8n parses a multipart body itself before the trigger runs, so its exact bytes, which a signature covers, are
 * gone; and files would need binary items. Refused before anything else: the answer reveals nothing. */
const MULTIPART_REFUSED =
	'multipart bodies are not accepted: send the webhook as JSON, text or form-encoded (application/x-www-form-urlencoded)';

/** A multipart/* content type (form-data, mixed…), however the sender spells its case. */
export const isMultipart = (contentType: string | undefined) => /^\s*multipart\//i.test(contentType ?? '');

/** The answer to a key already held: the first delivery's duplicate, or come back once its pending claim is
 * settled (it may yet fail to run, and then the retry is the one that runs). */
function answerHeld(holder: DeliveryHolder, idempotencyKey: string): InboundDecision {
	if (holder.outcome === 'duplicate') {
		return { outcome: 'duplicate', deliveryId: holder.firstDeliveryId, idempotencyKey };
	}
	return {
		outcome: 'rejected',
		reason: 'in_progress',
		detail: 'A delivery with this idempotency key is being started; retry after it has run or its claim expired',
		retryAfterSeconds: holder.retryAfterSeconds,
	};
}

function verifyInput(config: InboundConfig, request: InboundRequest) {
	return {
		rawBody: request.rawBody,
		headers: request.headers,
		secrets: config.secrets,
		nowMs: request.nowMs,
		query: request.query,
		url: request.url,
		body: request.body,
		basicAuth: config.basicAuth,
		publicKeys: config.publicKeys,
	};
}

/** The request as the accepted item carries it: no credential header, no query token, no clientState. The user's
 * expressions (Only Run If, the mapping) read this, so that neither their results nor their error messages, which
 * reach the item, the answer and the Rejected output, can carry a secret. */
function requestAsItem(config: InboundConfig, request: InboundRequest) {
	const { verification } = config;
	const query = request.query ?? {};
	return {
		body: verification.method === 'microsoftGraph' ? withoutClientState(request.body) : request.body,
		headers: stripCredentialHeaders(request.headers, schemeHeaders(verification)),
		query: verification.method === 'queryToken' ? withoutQueryParameter(query, verification.queryParameter) : query,
	};
}

/** A failed verification: 401 whatever failed, except a key set that could not be fetched, which is ours and
 * answered 503 so the sender retries. */
function refusal(verification: Extract<VerifyResult, { ok: false }>): InboundDecision {
	if (verification.reason === 'keys_unavailable') {
		return {
			outcome: 'rejected',
			reason: 'keys_unavailable',
			detail: FAILURE_MESSAGES.keys_unavailable,
			retryAfterSeconds: KEYS_RETRY_AFTER_SECONDS,
		};
	}
	return { outcome: 'rejected', reason: 'unauthorized', detail: FAILURE_MESSAGES[verification.reason] };
}

/** Everything a Hookline trigger decides before a workflow runs, in the order that keeps it cheap and safe:
 * the caller's address, an unsigned handshake (Meta, Microsoft Graph), authenticate (no state touched by a
 * forger), a signed handshake (Slack, Zoom, Discord), Only Run If, answer a known duplicate (a replay costs the sender's rate limit
 * nothing), count against the rate limit, validate and map the payload, then claim the idempotency key last so
 * that a rejected delivery never burns its key. The claim is pending until the execution confirms it (see
 * stores/idempotency.ts). Store failures fail closed. */
export async function decideInbound(
	config: InboundConfig,
	request: InboundRequest,
	deps: InboundDependencies,
): Promise<InboundDecision> {
	if (isMultipart(request.contentType)) {
		return { outcome: 'rejected', reason: 'unsupported_media_type', detail: MULTIPART_REFUSED };
	}
	if (config.allowedIps && !isAllowedIp(config.allowedIps, request.clientIp)) {
		return { outcome: 'rejected', reason: 'forbidden', detail: "The caller's address is not in Allowed IPs" };
	}
	const query = request.query ?? {};
	const handshakeRequest = { method: request.method ?? 'POST', query, body: request.body };
	const unsigned = config.preset && handshakeBeforeVerification(config.preset, handshakeRequest, config.verifyToken);
	if (unsigned) return { outcome: 'handshake', reply: unsigned };

	const verification = await verifyRequest(config.verification, verifyInput(config, request), { jwks: deps.jwks });
	if (!verification.ok) return refusal(verification);

	// Zoom's reply is keyed by the secret that verified the request, which during a rotation may be the previous one.
	const verifiedSecret = verification.secret === 'previous' ? config.secrets.previous : config.secrets.current;
	const signed = config.preset && handshakeAfterVerification(config.preset, handshakeRequest, verifiedSecret ?? '');
	if (signed) return { outcome: 'handshake', reply: signed };

	const asItem = requestAsItem(config, request);
	if (config.filter) {
		const filter = await evaluateFilter(config.filter, asItem);
		if ('error' in filter) {
			return {
				outcome: 'rejected',
				reason: 'invalid_payload',
				detail: 'Only Run If failed',
				details: [`filter: ${filter.error}`],
			};
		}
		if (!filter.pass) return { outcome: 'ignored' };
	}

	try {
		// Read as the item carries the request too: a key is stored and shown, so it must not be a secret.
		const key = await readIdempotencyKey(config.idempotency, asItem.headers, asItem.body);
		if (!key.ok) {
			return { outcome: 'rejected', reason: 'invalid_payload', detail: 'No idempotency key', details: key.details };
		}
		const idempotencyKey = key.key;
		const scopedKey = `${config.scope}:${idempotencyKey}`;
		// Only a rate limit needs this look ahead of the claim: without one the claim alone tells a duplicate, and a
		// store round trip per delivery is saved.
		if (idempotencyKey !== null && config.rateLimitPerMinute > 0) {
			let holder = await findDelivery(deps.store, scopedKey);
			if (holder?.outcome === 'pending') holder = await settleDelivery(deps.store, scopedKey);
			if (holder !== undefined) return answerHeld(holder, idempotencyKey);
		}

		if (config.rateLimitPerMinute > 0) {
			const limit = await checkRateLimit(deps.store, config.scope, config.rateLimitPerMinute);
			if (!limit.allowed) {
				return {
					outcome: 'rejected',
					reason: 'rate_limited',
					detail: `More than ${config.rateLimitPerMinute} requests in a minute`,
					retryAfterSeconds: limit.retryAfterSeconds,
				};
			}
		}

		let mapped: unknown;
		if (config.mapping) {
			try {
				mapped = await evaluateExpression(config.mapping, asItem.body);
			} catch (error) {
				const message = error instanceof ExpressionError ? error.message : 'The mapping could not be evaluated';
				return {
					outcome: 'rejected',
					reason: 'invalid_payload',
					detail: 'Mapping failed',
					details: [`mapping: ${message}`],
				};
			}
		}

		const deliveryId = deps.newDeliveryId();
		if (idempotencyKey !== null) {
			const claim = () => claimDelivery(deps.store, scopedKey, deliveryId, config.idempotencyWindowSeconds);
			let result = await claim();
			// A copy of a delivery being started waits for it to start; a claim let go meanwhile is taken instead.
			if (result.outcome === 'pending') result = (await settleDelivery(deps.store, scopedKey)) ?? (await claim());
			if (result.outcome !== 'claimed') return answerHeld(result, idempotencyKey);
		}
		return {
			outcome: 'accepted',
			deliveryId,
			idempotencyKey,
			...(config.mapping ? { mapped: mapped ?? null } : {}),
			verification: { method: verification.method, secret: verification.secret },
		};
	} catch (error) {
		return {
			outcome: 'rejected',
			reason: 'store_unavailable',
			detail: `The ${error instanceof Error ? error.name : 'store'} could not decide: ${error instanceof Error ? error.message : String(error)}`,
			...(error instanceof StoreFullError ? { retryAfterSeconds: error.retryAfterSeconds } : {}),
		};
	}
}
