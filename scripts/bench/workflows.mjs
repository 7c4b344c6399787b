// The workflows and credentials every n8n benchmark runs against. The inbound triggers share one workflow, so
// each request makes n8n load the same workflow whichever trigger it reaches: only the trigger differs.
import { randomBytes, randomUUID } from 'node:crypto';

export const SECRET = randomBytes(32).toString('hex');

export const INBOUND_ID = 'HooklineBenchIn01';
export const OUTBOUND_ID = 'HooklineBenchOut1';
export const HOOKLINE_NODE_ID = 'hookline';

export const PATHS = {
	hookline: 'bench/hookline',
	stock: 'bench/stock',
	limited: 'bench/limited',
	unregistered: 'bench/nowhere',
	psa: 'bench/out-psa',
	http: 'bench/out-http',
};

export const SIGNATURE_HEADER = 'x-signature';
export const IDEMPOTENCY_HEADER = 'idempotency-key';
export const STOCK_AUTH_HEADER = 'x-api-key';

/** The node names whose run data the outbound benchmark reads. */
export const SENDERS = { hookline: 'Hookline PSA Event', stock: 'HTTP Request' };

const SECRET_CREDENTIAL = { id: 'HooklineBenchSec1', name: 'Bench secret' };
const HEADER_CREDENTIAL = { id: 'HooklineBenchHdr1', name: 'Bench header auth' };

export const CREDENTIALS = [
	{ ...SECRET_CREDENTIAL, type: 'hooklineSecretApi', data: { secret: SECRET } },
	{ ...HEADER_CREDENTIAL, type: 'httpHeaderAuth', data: { name: STOCK_AUTH_HEADER, value: SECRET } },
];

const HMAC = {
	verification: 'hmac',
	algorithm: 'sha256',
	signatureEncoding: 'hex',
	signatureHeader: SIGNATURE_HEADER,
	signaturePrefix: 'sha256=',
};

let position = 0;
const node = (id, name, type, typeVersion, parameters, extra = {}) => ({
	id,
	name,
	type,
	typeVersion,
	position: [0, (position += 160)],
	parameters,
	...extra,
});
const hooklineTrigger = (id, name, path, parameters) =>
	node(
		id,
		name,
		'n8n-nodes-hookline.hooklineTrigger',
		1,
		{ path, ...HMAC, ...parameters },
		{
			webhookId: randomUUID(),
			credentials: { hooklineSecretApi: SECRET_CREDENTIAL },
		},
	);
const stockWebhook = (id, name, path, parameters = {}, extra = {}) =>
	node(
		id,
		name,
		'n8n-nodes-base.webhook',
		2,
		{ path, httpMethod: 'POST', options: {}, ...parameters },
		{
			webhookId: randomUUID(),
			...extra,
		},
	);
const noOp = (id, name) => node(id, name, 'n8n-nodes-base.noOp', 1, {});
const to = (target) => ({ main: [[{ node: target, type: 'main', index: 0 }]] });

/** Hookline (HMAC + header idempotency), the stock Webhook (header auth) and a rate-limited Hookline, each → NoOp. */
function inbound() {
	return {
		id: INBOUND_ID,
		name: 'Hookline bench: inbound',
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			hooklineTrigger(HOOKLINE_NODE_ID, 'Hookline', PATHS.hookline, {
				idempotency: 'header',
				idempotencyHeader: IDEMPOTENCY_HEADER,
			}),
			noOp('hooklineDone', 'Hookline done'),
			stockWebhook(
				'stock',
				'Webhook',
				PATHS.stock,
				{ authentication: 'headerAuth' },
				{
					credentials: { httpHeaderAuth: HEADER_CREDENTIAL },
				},
			),
			noOp('stockDone', 'Webhook done'),
			hooklineTrigger('limited', 'Hookline limited', PATHS.limited, { rateLimitPerMinute: 1 }),
			noOp('limitedDone', 'Limited done'),
		],
		connections: {
			Hookline: to('Hookline done'),
			Webhook: to('Webhook done'),
			'Hookline limited': to('Limited done'),
		},
	};
}

/** Webhook → Split Out (the items of the request body) → sender, once per sender. */
function outbound(receiverUrl) {
	const split = (id, name) =>
		node(id, name, 'n8n-nodes-base.splitOut', 1, { fieldToSplitOut: 'body.items', include: 'noOtherFields' });
	return {
		id: OUTBOUND_ID,
		name: 'Hookline bench: outbound',
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			stockWebhook('psaIn', 'PSA in', PATHS.psa),
			split('psaSplit', 'PSA items'),
			node(
				'psa',
				SENDERS.hookline,
				'n8n-nodes-hookline.hooklinePsaEvent',
				1,
				{
					url: `${receiverUrl}/psa`,
					resource: 'ticket',
					event: 'created',
					ticketId: '={{ $json.ticketId }}',
					details: '={{ $json.details }}',
					allowPrivateNetwork: true,
					concurrency: 10,
					maxAttempts: 1,
					options: {},
				},
				{ credentials: { hooklineSecretApi: SECRET_CREDENTIAL } },
			),
			stockWebhook('httpIn', 'HTTP in', PATHS.http),
			split('httpSplit', 'HTTP items'),
			node('http', SENDERS.stock, 'n8n-nodes-base.httpRequest', 4.2, {
				method: 'POST',
				url: `${receiverUrl}/http`,
				sendBody: true,
				contentType: 'json',
				specifyBody: 'json',
				// The same fields the PSA event carries, so both senders post bodies of the same size.
				jsonBody:
					'={{ JSON.stringify({ eventType: "ticket.created", eventId: $runIndex + "-" + $itemIndex, timestamp: $now.toISO(), entityId: $json.ticketId, TicketId: $json.ticketId, Details: $json.details, AdditionalFields: [] }) }}',
				// n8n pauses between batches only for an interval above 0; without one it sends every item at once,
				// its fastest setting. Hookline PSA Event keeps at most 10 requests in flight.
				options: { batching: { batch: { batchSize: 10, batchInterval: 0 } } },
			}),
		],
		connections: {
			'PSA in': to('PSA items'),
			'PSA items': to(SENDERS.hookline),
			'HTTP in': to('HTTP items'),
			'HTTP items': to(SENDERS.stock),
		},
	};
}

export const workflows = (receiverUrl) => [inbound(), outbound(receiverUrl)];
