import type { IExecuteFunctions, INodeParameters, INodeProperties } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

/** The parameters n8n would hand a node: the given values plus the default of every displayed parameter,
 * resolved by n8n's own rules — so parameters defined once per resource or scheme get the default of the
 * definition that is shown, as in the editor. Hidden parameters are left out, as n8n does. */
export function resolveParameters(
	properties: INodeProperties[],
	given: Record<string, unknown>,
): Record<string, unknown> {
	const resolved = NodeHelpers.getNodeParameters(
		properties,
		given as INodeParameters,
		true,
		false,
		{ typeVersion: 1 },
		null,
	);
	if (!resolved) throw new Error('n8n could not resolve the parameters');
	return resolved;
}

/** Lets chosen parameters differ per item, as an expression such as {{ $json.ticketId }} would in n8n. */
export function withItemParameters(
	ctx: IExecuteFunctions,
	perItem: Record<string, (itemIndex: number) => unknown>,
): IExecuteFunctions {
	const read = ctx.getNodeParameter.bind(ctx) as (name: string, itemIndex: number, fallback?: unknown) => unknown;
	const getNodeParameter = (name: string, itemIndex: number, fallback?: unknown) =>
		Object.hasOwn(perItem, name) ? perItem[name](itemIndex) : read(name, itemIndex, fallback);
	return Object.assign(ctx, { getNodeParameter: getNodeParameter as IExecuteFunctions['getNodeParameter'] });
}
