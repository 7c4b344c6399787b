import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { sendAlert } from '../../core/alerts/endpoint';
import { parseRaisedAlert } from '../../core/alerts';
import { abortableSleep, withSignal } from '../../core/delivery/abort';
import { executionCancelSignal, outboundHttp } from '../../n8n/delivery/outboundHttp';
import { userError } from '../../n8n/errors';
import { alertFieldProperties, invalidAlertError, readAlertFields } from './fields';
import type { OperationItem } from './types';
import { showFor } from '../../n8n/displayOptions';

export const description: INodeProperties[] = [
	...alertFieldProperties('send'),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: showFor('operation', 'send'),
		description: 'How the alert is delivered',
		options: [
			{
				displayName: 'Max Attempts',
				name: 'maxAttempts',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 20 },
				default: 5,
				description:
					'Attempts in all, the first included. Network errors, timeouts, 408, 429 and 5xx are retried with exponential backoff; 400, 401 and 404 never are.',
			},
			{
				displayName: 'Timeout (Seconds)',
				name: 'timeoutSeconds',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 300 },
				default: 10,
				description: 'How long one attempt may take, from connecting to the end of the answer',
			},
		],
	},
];

interface SendOptions {
	maxAttempts?: number;
	timeoutSeconds?: number;
}

/** Send: POSTs the alert to the endpoint of the Hookline Alert Endpoint credential with its bearer token. The
 * item is the alert as sent with the endpoint's alertId; a refusal is an error that names its cause. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<OperationItem[]> {
	// The endpoint resolves domains itself (an unknown one is its 400), so the domain goes as given.
	const parsed = parseRaisedAlert(readAlertFields(this, itemIndex), []);
	if (!parsed.ok) throw invalidAlertError(this, itemIndex, parsed.details);
	const credential = await this.getCredentials<{ url?: string; token?: string; allowPrivateNetwork?: boolean }>(
		'hooklineAlertEndpointApi',
		itemIndex,
	);
	const options = this.getNodeParameter('options', itemIndex, {}) as SendOptions;
	// Stopping the execution aborts the request in flight and the wait before the next attempt.
	const signal = executionCancelSignal(this);

	const result = await sendAlert(
		{ url: String(credential.url ?? ''), token: String(credential.token ?? '') },
		parsed.alert,
		{
			http: withSignal(outboundHttp(credential.allowPrivateNetwork === true), signal),
			sleep: (ms) => abortableSleep(ms, signal),
			timeoutMs: (options.timeoutSeconds ?? 10) * 1000,
			maxAttempts: options.maxAttempts ?? 5,
		},
	);
	if (signal?.aborted && !result.ok) {
		throw userError(this, 'Sending the alert was cancelled: the execution was stopped', {
			itemIndex,
			details: { reason: 'cancelled', attempts: result.attempts },
		});
	}
	if (!result.ok) {
		throw userError(this, result.message, {
			itemIndex,
			description: result.description,
			// Kept for Continue On Fail: the whole attempt log, so a failed send is never silent.
			details: {
				reason: result.reason,
				status: result.status,
				validation: result.validation,
				attempts: result.attempts,
			},
		});
	}
	const { alertId, status, attempts } = result;
	return [{ output: 0, json: { alertId, ...parsed.alert, delivery: { status, attempts } } as unknown as IDataObject }];
}
