import type { IDataObject, INodeExecutionData, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { openStore, type StoreKind, type UnavailableMode } from '../n8n/stores/stores';
import { rejectedItem } from '../n8n/triggers/rejectedItem';
import { requestBodyBytes } from '../n8n/triggers/requestBody';
import { triggerScope } from '../n8n/triggers/triggerScope';
import {
	AlertService,
	answerForAlert,
	decideAlert,
	HookHealth,
	recordOutcome,
	type FailureTally,
} from '../core/alerts';
import { stripCredentialHeaders } from '../core/triggers';
import { fallbackWarning } from '../core/stores/fallbackStore';
import { readAlertTriggerConfig } from './config';

/** This process's refusals not yet written to the store, per hook: see HookHealth.recordFailure. */
const failureTally: FailureTally = new Map();

export async function handleAlert(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const req = this.getRequestObject();
	const res = this.getResponseObject();
	const receivedAt = new Date();
	const recordRejected = this.getNodeParameter('recordRejected', false) as boolean;

	const config = await readAlertTriggerConfig(this);
	const store = await openStore(
		this,
		this.getNodeParameter('store', 'local') as StoreKind,
		this.getNodeParameter('redisUnavailable', 'fail') as UnavailableMode,
	);
	// One time for the request: the alert's timestamps, its health record and the item's receivedAt agree.
	const now = () => receivedAt.getTime();
	const decision = await decideAlert(
		config,
		{ headers: req.headers, body: req.body, bodyBytes: requestBodyBytes(req), nowMs: now(), clientIp: req.ip },
		new AlertService(store, { now }),
	);

	const answer = answerForAlert(decision, Number(this.getNodeParameter('responseCode', 202)));
	// A refusal is answered at once; an accepted alert by n8n, once it has started or queued the execution that
	// reports it (see triggerWebhooks), so a sender whose alert n8n cannot start hears a 5xx and retries.
	if (decision.outcome !== 'accepted') {
		res.status(answer.status);
		for (const [name, value] of Object.entries(answer.headers)) res.setHeader(name, value);
		res.json(answer.body);
	}

	// Set when Redis was down and the user chose to decide locally: the item says so. Read before the health
	// record, which is a diagnostic and not part of the decision.
	const warning = fallbackWarning(store);
	// After a refusal's answer: its sender does not wait for the health record, the items carry it.
	const hookHealth = await recordOutcome(
		new HookHealth(store, { now, tally: failureTally }),
		triggerScope(this),
		decision,
	);
	const extra: IDataObject = {
		hookHealth: hookHealth as IDataObject | null,
		receivedAt: receivedAt.toISOString(),
	};
	if (warning !== undefined) extra.warning = warning;
	if (decision.outcome === 'accepted') {
		const item: INodeExecutionData = {
			json: { ...(decision.alert as unknown as IDataObject), ...extra },
		};
		const outputs = decision.isNew ? [[item], []] : [[], [item]];
		return { workflowData: recordRejected ? [...outputs, []] : outputs, webhookResponse: answer.body };
	}
	if (recordRejected) {
		const headers = stripCredentialHeaders(req.headers) as IDataObject;
		return {
			workflowData: [[], [], [rejectedItem(decision, answer.status, headers, extra)]],
			noWebhookResponse: true,
		};
	}
	return { noWebhookResponse: true };
}
