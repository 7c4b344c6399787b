import type { IWebhookFunctions } from 'n8n-workflow';

type WebhookRequest = ReturnType<IWebhookFunctions['getRequestObject']>;

/** The size of a request's body as received, without reading a stream n8n left unread: n8n keeps the raw bytes
 * of the bodies it parses (JSON, text, form, XML); otherwise the declared Content-Length; otherwise (a chunked
 * body of a type n8n does not parse, so nothing was read) the size of what n8n made of it. */
export function requestBodyBytes(req: WebhookRequest): number {
	if (Buffer.isBuffer(req.rawBody)) return req.rawBody.length;
	const declared = Number(req.headers['content-length']);
	if (Number.isSafeInteger(declared) && declared >= 0) return declared;
	try {
		return Buffer.byteLength(JSON.stringify(req.body ?? null) ?? '');
	} catch {
		// Nested too deep to serialise: the alert schema refuses it with its reason.
		return 0;
	}
}
