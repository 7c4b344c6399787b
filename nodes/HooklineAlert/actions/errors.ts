import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

type ErrorOptions = NonNullable<ConstructorParameters<typeof NodeOperationError>[2]>;

/**
 * A NodeOperationError that keeps its message. n8n swaps any message that mentions a network error code
 * (ECONNREFUSED, ETIMEDOUT, …) for a generic sentence such as "The service refused the connection"; ours
 * already says which endpoint or store failed and why, which the generic one would hide.
 */
export function operationError(
	ctx: IExecuteFunctions,
	error: Error | string,
	options: ErrorOptions = {},
): NodeOperationError {
	const nodeError = new NodeOperationError(ctx.getNode(), error, options);
	nodeError.message = typeof error === 'string' ? error : error.message;
	return nodeError;
}
