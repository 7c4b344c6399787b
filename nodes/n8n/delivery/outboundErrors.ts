import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/** A parameter value an item cannot be sent with. It names the field as the user sees it and the item, so a
 * failed execution points straight at what to fix. */
export function fieldError(
	ctx: IExecuteFunctions,
	itemIndex: number,
	field: string,
	problem: string,
	description?: string,
): NodeOperationError {
	return new NodeOperationError(ctx.getNode(), `The "${field}" parameter ${problem} [item ${itemIndex}]`, {
		itemIndex,
		description,
	});
}
