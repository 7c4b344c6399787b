/** Named main outputs as text for an `outputs` expression: a node whose outputs depend on a parameter declares
 * them in an expression, which n8n reads as JSON. */
export const namedOutputs = (...names: string[]): string =>
	names.map((name) => `{ "type": "main", "displayName": "${name}" }`).join(', ');
