import type { IWebhookFunctions } from 'n8n-workflow';

/** The URL the sender called as n8n publishes it (its WEBHOOK_URL, the test or the production path), with the
 * query string exactly as received: Twilio signs that URL. Undefined when n8n cannot say. */
export function publicRequestUrl(ctx: IWebhookFunctions): string | undefined {
	// getWebhookResourceUrl knows whether this is the test URL; older n8n only has the production one.
	const base =
		typeof ctx.getWebhookResourceUrl === 'function'
			? ctx.getWebhookResourceUrl('default')
			: ctx.getNodeWebhookUrl('default');
	if (!base) return undefined;
	const received = ctx.getRequestObject().originalUrl ?? '';
	const queryStart = received.indexOf('?');
	return queryStart < 0 ? base : `${base}${received.slice(queryStart)}`;
}
