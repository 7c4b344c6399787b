import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { userError } from '../../n8n/errors';
import { openStore, type StoreKind, type UnavailableMode } from '../../n8n/stores/stores';
import { AlertService } from '../../core/alerts';
import type { HooklineStore } from '../../core/stores';
import { fallbackWarning } from '../../core/stores/fallbackStore';
import * as acknowledge from './acknowledge.operation';
import * as get from './get.operation';
import * as list from './list.operation';
import type { AlertOperation } from './operation';
import * as raise from './raise.operation';
import * as resolve from './resolve.operation';
import * as send from './send.operation';
import type { AlertSession, OperationExecute } from './types';

const operations: Record<AlertOperation, OperationExecute> = {
	raise: raise.execute,
	acknowledge: acknowledge.execute,
	resolve: resolve.execute,
	get: get.execute,
	list: list.execute,
	send: send.execute,
};

function openSession(ctx: IExecuteFunctions): AlertSession & { warning(): string | undefined } {
	let store: HooklineStore | undefined;
	let service: Promise<AlertService> | undefined;
	return {
		alerts: () => {
			// The store is chosen once per node (its parameters take no expression), like the trigger's.
			service ??= openStore(
				ctx,
				ctx.getNodeParameter('store', 0, 'local') as StoreKind,
				ctx.getNodeParameter('redisUnavailable', 0, 'fail') as UnavailableMode,
			).then((opened) => new AlertService((store = opened)));
			return service;
		},
		// Set once Redis was down and the user chose the local store: the items from then on say so.
		warning: () => (store === undefined ? undefined : fallbackWarning(store)),
	};
}

/** Runs the operation once per input item. Raise has two outputs (New alert, Repeated alert), the others one.
 * With Continue On Fail an item's error goes to the first output as {error, details}, which n8n's "Continue
 * (using error output)" moves to the error output. */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const operation = this.getNodeParameter('operation', 0) as AlertOperation;
	const run = operations[operation];
	if (run === undefined) throw userError(this, `Unknown operation "${operation}"`);
	const session = openSession(this);
	const outputs: INodeExecutionData[][] = operation === 'raise' ? [[], []] : [[]];
	const items = this.getInputData();

	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const results = await run.call(this, itemIndex, session);
			const warning = session.warning();
			for (const { output, json } of results) {
				outputs[output].push({
					json: warning === undefined ? json : { ...json, warning },
					pairedItem: { item: itemIndex },
				});
			}
		} catch (error) {
			const nodeError = userError(this, error, { itemIndex });
			if (!this.continueOnFail()) throw nodeError;
			const json: IDataObject = { error: nodeError.message };
			if (nodeError.context.details !== undefined) json.details = nodeError.context.details;
			outputs[0].push({ json, pairedItem: { item: itemIndex } });
		}
	}
	return outputs;
}
