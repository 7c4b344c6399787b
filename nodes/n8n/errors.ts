import type { IDataObject, INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/** What a user-facing error says besides its message. */
export interface UserErrorOptions {
	/** The input item it is about: n8n shows it, and Continue On Fail pairs the error with that item. */
	itemIndex?: number;
	/** What to do about it, shown under the message. */
	description?: string;
	/** Structured facts kept on the error (context.details), e.g. for a Continue On Fail output. */
	details?: unknown;
}

/**
 * The one way a Hookline node raises an error the user sees. A NodeOperationError is passed on as it is, as
 * n8n does; anything else becomes one that keeps its message: n8n swaps any message that mentions a network
 * error code (ECONNREFUSED, ETIMEDOUT, …) for a generic sentence such as "The service refused the connection",
 * and ours already say which endpoint or store failed and why.
 */
export function userError(
	ctx: { getNode(): INode },
	error: unknown,
	{ itemIndex, description, details }: UserErrorOptions = {},
): NodeOperationError {
	if (error instanceof NodeOperationError) return error;
	const cause = error instanceof Error ? error : String(error);
	const nodeError = new NodeOperationError(ctx.getNode(), cause, { itemIndex, description });
	nodeError.message = typeof cause === 'string' ? cause : cause.message;
	if (details !== undefined) nodeError.context.details = details as IDataObject;
	return nodeError;
}

/** A parameter value an item cannot be used with. It names the field as the user sees it and the item, so a
 * failed execution points straight at what to fix. */
export function fieldError(
	ctx: { getNode(): INode },
	itemIndex: number,
	field: string,
	problem: string,
	description?: string,
): NodeOperationError {
	return userError(ctx, `The "${field}" parameter ${problem} [item ${itemIndex}]`, { itemIndex, description });
}
