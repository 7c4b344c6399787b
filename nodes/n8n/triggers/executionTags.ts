import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

/** Custom data keys n8n shows (and lets users filter by) in the executions list. */
export type ExecutionTags = Record<string, string>;

// n8n's limit per custom data value.
const MAX_VALUE_LENGTH = 255;

/**
 * n8n gives a trigger's webhook() no access to the execution's custom data, but it runs the trigger's execute()
 * with the webhook's items as input when the execution starts. The triggers use that step to tag the execution
 * (a delivery id, an alert id) so a delivery can be found in the executions list, and pass every output on
 * unchanged.
 */
export function tagExecutionAndPassOn(
	ctx: IExecuteFunctions,
	outputCount: number,
	tagsFor: (item: INodeExecutionData, output: number) => ExecutionTags,
): INodeExecutionData[][] {
	return tagExecution(ctx, inputAsOutputs(ctx, outputCount), tagsFor);
}

/** The trigger step's input, one list per output: what the webhook started the execution with. */
export function inputAsOutputs(ctx: IExecuteFunctions, outputCount: number): INodeExecutionData[][] {
	return Array.from(
		{ length: outputCount },
		(_, output) => (ctx.getInputData(output) as INodeExecutionData[] | undefined) ?? [],
	);
}

/** Tags the execution from the first item of the first output that has one, and returns the outputs. */
export function tagExecution(
	ctx: IExecuteFunctions,
	outputs: INodeExecutionData[][],
	tagsFor: (item: INodeExecutionData, output: number) => ExecutionTags,
): INodeExecutionData[][] {
	const output = outputs.findIndex((items) => items.length > 0);
	if (output >= 0) {
		for (const [key, value] of Object.entries(tagsFor(outputs[output][0], output))) {
			if (value !== '') ctx.customData.set(key, value.slice(0, MAX_VALUE_LENGTH));
		}
	}
	return outputs;
}
