import type { IExecuteFunctions } from 'n8n-workflow';

import { fieldError } from '../n8n/errors';
import type { PreparedRequest } from '../n8n/delivery/outboundRun';
import { ATTEMPT_HEADER, defaultHeaders, readDeliverySettings } from '../n8n/delivery/outboundSettings';
import { readVerificationConfig } from '../n8n/verification/verificationConfig';
import { readJsonParameter } from '../core/delivery/jsonParameter';
import { buildSendBody, eventHeaders, type SendBodyFormat } from '../core/delivery/sendBody';
import { buildSignedRequest, mergeHeaders, type OutboundSigning } from '../core/delivery/signedRequest';

interface SendOptionValues {
	eventHeader?: string;
	eventIdHeader?: string;
	attemptHeader?: string;
	headers?: { header?: Array<{ name?: string; value?: string }> };
}

/** The scheme through the inbound nodes' reader: the same parameter names mean the same signature. */
function readSigning(ctx: IExecuteFunctions, itemIndex: number): OutboundSigning {
	const config = readVerificationConfig((name, fallback) =>
		ctx.getNodeParameter(name === 'verification' ? 'scheme' : name, itemIndex, fallback),
	);
	if (config.method === 'none' || config.method === 'hmac' || config.method === 'standardWebhooks') return config;
	throw fieldError(ctx, itemIndex, 'Scheme', `"${config.method}" cannot sign outbound requests`);
}

function readPayload(ctx: IExecuteFunctions, itemIndex: number): unknown {
	if (ctx.getNodeParameter('payloadSource', itemIndex) === 'item') return ctx.getInputData()[itemIndex].json;
	const parsed = readJsonParameter(ctx.getNodeParameter('payload', itemIndex));
	if (!parsed.ok) throw fieldError(ctx, itemIndex, 'Payload', parsed.message);
	return parsed.value;
}

function userHeaders(options: SendOptionValues): Record<string, string> {
	const headers: Record<string, string> = {};
	for (const { name, value } of options.headers?.header ?? []) {
		if (name?.trim()) headers[name.trim()] = String(value ?? '');
	}
	return headers;
}

/** One item's event: body laid out and serialised once; the event name and id travel in headers (and in the
 * envelope when chosen); the signature is made over the exact body bytes on every attempt. */
export function prepareSend(ctx: IExecuteFunctions, itemIndex: number, secret: string): PreparedRequest {
	const settings = readDeliverySettings(ctx, itemIndex);
	const signing = readSigning(ctx, itemIndex);
	const eventName = String(ctx.getNodeParameter('eventName', itemIndex, '') ?? '').trim();
	if (!eventName) throw fieldError(ctx, itemIndex, 'Event Name', 'is empty');
	const options = ctx.getNodeParameter('options', itemIndex, {}) as SendOptionValues;

	const value = buildSendBody(ctx.getNodeParameter('bodyFormat', itemIndex) as SendBodyFormat, {
		eventName,
		timestamp: new Date().toISOString(),
		payload: readPayload(ctx, itemIndex),
	});
	const names = {
		eventHeader: String(options.eventHeader ?? 'X-Webhook-Event').trim(),
		eventIdHeader: String(options.eventIdHeader ?? 'X-Webhook-Id').trim(),
	};
	try {
		const request = buildSignedRequest({
			url: settings.url,
			value,
			eventId: settings.eventId,
			timeoutMs: settings.timeoutMs,
			signing,
			secret,
			headers: mergeHeaders(defaultHeaders(), eventHeaders(names, eventName, settings.eventId), userHeaders(options)),
			attemptHeader: String(options.attemptHeader ?? ATTEMPT_HEADER),
		});
		return { request, settings };
	} catch (error) {
		throw fieldError(ctx, itemIndex, 'Scheme', `cannot sign this request: ${(error as Error).message}`);
	}
}
