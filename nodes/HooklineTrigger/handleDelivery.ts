import { randomUUID } from 'node:crypto';

import type { IDataObject, INodeExecutionData, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { readInboundConfig, schemeHeaders } from '../n8n/triggers/inboundConfig';
import { publicRequestUrl } from '../n8n/triggers/publicUrl';
import { openStore, type StoreKind, type UnavailableMode } from '../n8n/stores/stores';
import { rejectedItem } from '../n8n/triggers/rejectedItem';
import { jwksProviderFor } from '../n8n/verification/jwksFetch';
import { answerFor, decideInbound, isMultipart, isRecordedRefusal, stripCredentialHeaders } from '../core/triggers';
import type { HttpAnswer, InboundConfig, InboundDecision } from '../core/triggers';
import { withoutClientState, withoutQueryParameter } from '../core/verification';
import { fallbackWarning } from '../core/stores/fallbackStore';

type WebhookRequest = ReturnType<IWebhookFunctions['getRequestObject']>;

/** Methods whose requests usually have no body; one that arrives without any is verified as the empty body. */
const BODYLESS_METHODS = new Set(['GET', 'HEAD', 'DELETE']);

/** n8n fills rawBody for JSON, text, form and XML bodies; other content types are read on demand, except
 * multipart, whose stream n8n has already consumed (reading it again throws; the core refuses it with 415). */
async function rawBodyOf(req: WebhookRequest): Promise<Buffer | undefined> {
	if (isMultipart(req.headers['content-type'])) return undefined;
	if (!req.rawBody && typeof req.readRawBody === 'function') await req.readRawBody();
	if (!req.rawBody && BODYLESS_METHODS.has(req.method) && !req.headers['content-length']) return Buffer.alloc(0);
	return req.rawBody;
}

/** The body and query as the item carries them: a secret a scheme reads from either never reaches it. */
function itemPayload(config: InboundConfig, req: WebhookRequest): { body: IDataObject; query: IDataObject } {
	const { verification } = config;
	const query = (req.query ?? {}) as IDataObject;
	const body = (req.body ?? {}) as IDataObject;
	return {
		query:
			verification.method === 'queryToken'
				? (withoutQueryParameter(query, verification.queryParameter) as IDataObject)
				: query,
		body: verification.method === 'microsoftGraph' ? (withoutClientState(body) as IDataObject) : body,
	};
}

function acceptedItem(
	decision: Extract<InboundDecision, { outcome: 'accepted' }>,
	req: WebhookRequest,
	payload: { body: IDataObject; query: IDataObject },
	headers: IDataObject,
	receivedAt: string,
): INodeExecutionData {
	return {
		json: {
			body: payload.body,
			headers,
			query: payload.query,
			params: (req.params ?? {}) as IDataObject,
			deliveryId: decision.deliveryId,
			idempotencyKey: decision.idempotencyKey,
			receivedAt,
			verification: decision.verification,
			...(decision.mapped !== undefined ? { mapped: decision.mapped as IDataObject } : {}),
		},
	};
}

const withWarning = (item: INodeExecutionData, warning: string | undefined): INodeExecutionData =>
	warning === undefined ? item : { json: { ...item.json, warning } };

/** Writes an answer the trigger gives itself: refusals, duplicates, handshakes and ignored deliveries. */
function writeAnswer(res: ReturnType<IWebhookFunctions['getResponseObject']>, answer: HttpAnswer): void {
	res.status(answer.status);
	for (const [name, value] of Object.entries(answer.headers)) res.setHeader(name, value);
	if (typeof answer.body === 'string') res.end(answer.body);
	else res.json(answer.body);
}

/** Only a JWT scheme with its own key set fetches anything; its switch says whether a private address may serve it. */
const jwksAllowsPrivateNetwork = (ctx: IWebhookFunctions, config: InboundConfig) =>
	config.verification.method === 'jwt' && Boolean(ctx.getNodeParameter('jwksAllowPrivateNetwork', false));

export async function handleDelivery(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const req = this.getRequestObject();
	const res = this.getResponseObject();
	const receivedAt = new Date();
	const recordRejected = this.getNodeParameter('recordRejected', false) as boolean;

	let config: InboundConfig;
	try {
		config = await readInboundConfig(this);
	} catch (error) {
		// A credential or setting changed after activation (activation refuses them): the sender retries a 5xx while
		// the operator, told in n8n's log, fixes it. The caller learns nothing about the configuration.
		this.logger?.error(`Hookline Trigger "${this.getNode().name}" cannot verify requests: ${(error as Error).message}`);
		writeAnswer(res, { status: 500, headers: {}, body: { ok: false, error: 'misconfigured' } });
		return { noWebhookResponse: true };
	}
	const store = await openStore(
		this,
		this.getNodeParameter('store', 'local') as StoreKind,
		this.getNodeParameter('redisUnavailable', 'fail') as UnavailableMode,
	);
	const decision = await decideInbound(
		config,
		{
			rawBody: await rawBodyOf(req),
			headers: req.headers,
			body: req.body,
			method: req.method,
			query: (req.query ?? {}) as Record<string, unknown>,
			url: config.verification.method === 'twilio' ? publicRequestUrl(this) : undefined,
			clientIp: req.ip,
			nowMs: receivedAt.getTime(),
			contentType: req.headers['content-type'],
		},
		{ store, newDeliveryId: randomUUID, jwks: jwksProviderFor(jwksAllowsPrivateNetwork(this, config)) },
	);

	const answer = answerFor(decision, Number(this.getNodeParameter('responseCode', 202)));
	const headers = stripCredentialHeaders(req.headers, schemeHeaders(config.verification)) as IDataObject;
	// Set when Redis was down and the user chose to decide locally: the item says so.
	const warning = fallbackWarning(store);
	if (decision.outcome === 'accepted') {
		const item = acceptedItem(decision, req, itemPayload(config, req), headers, receivedAt.toISOString());
		const accepted = [withWarning(item, warning)];
		const workflowData = recordRejected ? [accepted, []] : [accepted];
		// On Received: n8n answers with this body once it has started the execution or queued it (see
		// triggerWebhooks); in the other modes the workflow answers.
		const answeredOnReceipt = this.getNodeParameter('responseMode', 'onReceived') === 'onReceived';
		return answeredOnReceipt ? { workflowData, webhookResponse: answer.body } : { workflowData };
	}

	writeAnswer(res, answer);
	if (recordRejected && isRecordedRefusal(decision)) {
		const rejected = rejectedItem(decision, answer.status, headers, { receivedAt: receivedAt.toISOString() });
		return { workflowData: [[], [withWarning(rejected, warning)]], noWebhookResponse: true };
	}
	return { noWebhookResponse: true };
}
