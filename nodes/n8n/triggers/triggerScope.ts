import type { IExecuteFunctions, IWebhookFunctions } from 'n8n-workflow';

/** Where a trigger's keys live in the store (idempotency claims, rate limit, hook health): its workflow and node,
 * so triggers never share a window. The webhook and the execution it starts name the same scope. */
export const triggerScope = (ctx: IWebhookFunctions | IExecuteFunctions) =>
	`${ctx.getWorkflow().id ?? 'workflow'}:${ctx.getNode().id}`;
