import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { readVerificationConfig } from '../n8n/verification/verificationConfig';
import { readVerificationMaterial } from '../n8n/verification/verificationMaterial';
import { jwksProviderFor } from '../n8n/verification/jwksFetch';
import { readPath } from '../core/mapping/objectPath';
import type { HeaderBag, VerificationConfig, VerifyResult } from '../core/verification';
import { FAILURE_MESSAGES, verifyRequest } from '../core/verification';

/** Schemes that read no body bytes: the request carries a token, or the body's parsed notifications. */
export const BODY_FREE_METHODS = ['none', 'bearer', 'headerToken', 'basicAuth', 'queryToken', 'jwt', 'microsoftGraph'];

async function readRawBody(ctx: IExecuteFunctions, itemIndex: number, item: INodeExecutionData) {
	const source = ctx.getNodeParameter('rawBodySource', itemIndex, 'binary') as string;
	if (source === 'binary') {
		const property = ctx.getNodeParameter('rawBodyBinaryProperty', itemIndex, 'data') as string;
		if (!item.binary?.[property]) return undefined;
		return await ctx.helpers.getBinaryDataBuffer(itemIndex, property);
	}
	const field = ctx.getNodeParameter('rawBodyField', itemIndex, 'rawBody') as string;
	const value = readPath(item.json, field);
	// Only text is the body as sent; an object has been parsed and re-serialising it would change the bytes.
	return typeof value === 'string' ? Buffer.from(value, 'utf8') : undefined;
}

function readObject(item: INodeExecutionData, field: string): Record<string, unknown> {
	const value = readPath(item.json, field);
	return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
}

/** The parts of the request the scheme reads besides headers and body bytes, from the item's fields. */
function requestParts(ctx: IExecuteFunctions, itemIndex: number, item: INodeExecutionData, config: VerificationConfig) {
	const field = (name: string, fallback: string) => ctx.getNodeParameter(name, itemIndex, fallback) as string;
	switch (config.method) {
		case 'queryToken':
			return { query: readObject(item, field('queryField', 'query')) };
		case 'microsoftGraph':
			return { body: readPath(item.json, field('bodyField', 'body')) };
		case 'twilio':
			return { url: String(ctx.getNodeParameter('requestUrl', itemIndex, '') ?? '').trim() || undefined };
		default:
			return {};
	}
}

export async function verifyItem(
	ctx: IExecuteFunctions,
	itemIndex: number,
	item: INodeExecutionData,
): Promise<VerifyResult> {
	const config: VerificationConfig = readVerificationConfig((name, fallback) =>
		ctx.getNodeParameter(name, itemIndex, fallback),
	);
	const material = await readVerificationMaterial(ctx, config);
	const rawBody = BODY_FREE_METHODS.includes(config.method) ? Buffer.alloc(0) : await readRawBody(ctx, itemIndex, item);
	const headersField = ctx.getNodeParameter('headersField', itemIndex, 'headers') as string;
	const allowPrivateNetwork =
		config.method === 'jwt' && Boolean(ctx.getNodeParameter('jwksAllowPrivateNetwork', itemIndex, false));
	return await verifyRequest(
		config,
		{
			rawBody,
			headers: readObject(item, headersField) as HeaderBag,
			...material,
			...requestParts(ctx, itemIndex, item, config),
			nowMs: Date.now(),
		},
		{ jwks: jwksProviderFor(allowPrivateNetwork) },
	);
}

export function verificationSummary(result: VerifyResult) {
	return result.ok
		? { valid: true, method: result.method, secret: result.secret }
		: { valid: false, method: result.method, reason: result.reason, message: FAILURE_MESSAGES[result.reason] };
}
