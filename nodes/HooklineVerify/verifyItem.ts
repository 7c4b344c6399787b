import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { readVerificationConfig } from '../n8n/verification/verificationConfig';
import { readPath } from '../core/mapping/objectPath';
import type { HeaderBag, Secrets, VerificationConfig, VerifyResult } from '../core/verification';
import { FAILURE_MESSAGES, verifySignature } from '../core/verification';

const BODY_FREE_METHODS = ['none', 'bearer', 'headerToken'];

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

function readHeaders(item: INodeExecutionData, field: string): HeaderBag {
	const headers = readPath(item.json, field);
	return headers !== null && typeof headers === 'object' ? (headers as HeaderBag) : {};
}

export async function verifyItem(
	ctx: IExecuteFunctions,
	itemIndex: number,
	item: INodeExecutionData,
	secrets: Secrets,
): Promise<VerifyResult> {
	const config: VerificationConfig = readVerificationConfig((name, fallback) =>
		ctx.getNodeParameter(name, itemIndex, fallback),
	);
	const rawBody = BODY_FREE_METHODS.includes(config.method) ? Buffer.alloc(0) : await readRawBody(ctx, itemIndex, item);
	const headersField = ctx.getNodeParameter('headersField', itemIndex, 'headers') as string;
	return verifySignature(config, {
		rawBody,
		headers: readHeaders(item, headersField),
		secrets,
		nowMs: Date.now(),
	});
}

export function verificationSummary(result: VerifyResult) {
	return result.ok
		? { valid: true, method: result.method, secret: result.secret }
		: { valid: false, method: result.method, reason: result.reason, message: FAILURE_MESSAGES[result.reason] };
}
