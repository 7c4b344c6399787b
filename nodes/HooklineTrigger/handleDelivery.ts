import { randomUUID } from 'node:crypto';

import type { IDataObject, INodeExecutionData, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { readInboundConfig, schemeHeaders } from '../n8n/triggers/inboundConfig';
import { openStore, type StoreKind, type UnavailableMode } from '../n8n/stores/stores';
import { rejectedItem } from '../n8n/triggers/rejectedItem';
import { answerFor, decideInbound, isMultipart, stripCredentialHeaders } from '../core/triggers';
import type { InboundDecision } from '../core/triggers';
import { fallbackWarning } from '../core/stores/fallbackStore';

/** n8n fills rawBody for JSON, text, form and XML bodies; other content types are read on demand, except
 * multipart, whose stream n8n has already consumed (reading it again throws; the core refuses it with 415). */
async function rawBodyOf(req: ReturnType<IWebhookFunctions['getRequestObject']>): Promise<Buffer | undefined> {
	if (isMultipart(req.headers['content-type'])) return undefined;
	if (!req.rawBody && typeof req.readRawBody === 'function') await req.readRawBody();
	return req.rawBody;
}

function acceptedItem(
	decision: Extract<InboundDecision, { outcome: 'accepted' }>,
	req: ReturnType<IWebhookFunctions['getRequestObject']>,
	headers: IDataObject,
	receivedAt: string,
): INodeExecutionData {
	return {
		json: {
			body: (req.body ?? {}) as IDataObject,
			headers,
			query: (req.query ?? {}) as IDataObject,
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

export async function handleDelivery(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const req = this.getRequestObject();
	const res = this.getResponseObject();
	const receivedAt = new Date();
	const recordRejected = this.getNodeParameter('recordRejected', false) as boolean;

	const config = await readInboundConfig(this);
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
			nowMs: receivedAt.getTime(),
			contentType: req.headers['content-type'],
		},
		{ store, newDeliveryId: randomUUID },
	);

	const answer = answerFor(decision, Number(this.getNodeParameter('responseCode', 202)));
	const headers = stripCredentialHeaders(req.headers, schemeHeaders(config.verification)) as IDataObject;
	// Set when Redis was down and the user chose to decide locally: the item says so.
	const warning = fallbackWarning(store);
	if (decision.outcome === 'accepted') {
		const accepted = [withWarning(acceptedItem(decision, req, headers, receivedAt.toISOString()), warning)];
		// n8n answers with this body once it has started the execution or queued it (see triggerWebhooks).
		return { workflowData: recordRejected ? [accepted, []] : [accepted], webhookResponse: answer.body };
	}

	res.status(answer.status);
	for (const [name, value] of Object.entries(answer.headers)) res.setHeader(name, value);
	res.json(answer.body);
	if (recordRejected) {
		const rejected = rejectedItem(decision, answer.status, headers, { receivedAt: receivedAt.toISOString() });
		return { workflowData: [[], [withWarning(rejected, warning)]], noWebhookResponse: true };
	}
	return { noWebhookResponse: true };
}
