import type { IHookFunctions } from 'n8n-workflow';

const RESPOND_TO_WEBHOOK = 'n8n-nodes-base.respondToWebhook';

/** n8n 2.40's Respond to Webhook from version 1.1 on throws "No Webhook node found in the workflow" unless n8n's own
 * Webhook, Form, Chat or Wait node precedes it; version 1 answers after any trigger. Said at activation, with what
 * to do, rather than as a failed execution and a sender left without an answer. */
export function responseNodeProblems(ctx: IHookFunctions): string[] {
	if (ctx.getNodeParameter('responseMode', 'onReceived') !== 'responseNode') return [];
	const responders = ctx
		.getChildNodes(ctx.getNode().name)
		.filter((node) => node.type === RESPOND_TO_WEBHOOK && node.disabled !== true);
	if (responders.length === 0) {
		return [
			'Respond is set to "Using \'Respond to Webhook\' Node" but no Respond to Webhook node follows this trigger: add one (version 1) or choose another Respond option',
		];
	}
	return responders
		.filter((node) => node.typeVersion > 1)
		.map(
			(node) =>
				`"${node.name}" is Respond to Webhook version ${node.typeVersion}, which n8n only runs after its own Webhook node: replace it with version 1 (the README's "Responding from the workflow" has one to paste) or set Respond to "When Last Node Finishes"`,
		);
}
