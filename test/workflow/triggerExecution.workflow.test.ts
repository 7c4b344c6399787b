import type { IConnections, INode, IRun } from 'n8n-workflow';

import { HooklineAlertTrigger } from '../../nodes/HooklineAlertTrigger/HooklineAlertTrigger.node';
import { HooklineTrigger } from '../../nodes/HooklineTrigger/HooklineTrigger.node';
import { outputsOf, runWorkflow, Sink } from '../support/workflowRunner';

const sink = (name: string, x: number): INode => ({
	id: name,
	name,
	type: 'test.sink',
	typeVersion: 1,
	position: [x, 0],
	parameters: {},
});

function workflowWith(trigger: INode, outputNames: string[]) {
	const connections: IConnections = {
		[trigger.name]: { main: outputNames.map((node) => [{ node, type: 'main', index: 0 }]) },
	};
	return { nodes: [trigger, ...outputNames.map((name, i) => sink(name, 200 + i * 10))], connections };
}

const nodeTypes = {
	'n8n-nodes-hookline.hooklineTrigger': new HooklineTrigger(),
	'n8n-nodes-hookline.hooklineAlertTrigger': new HooklineAlertTrigger(),
	'test.sink': new Sink(),
};

const ran = (run: IRun, name: string) => run.data.resultData.runData[name] !== undefined;

describe('Hookline Trigger when n8n starts the execution', () => {
	const trigger: INode = {
		id: 't',
		name: 'Hook',
		type: 'n8n-nodes-hookline.hooklineTrigger',
		typeVersion: 1,
		position: [0, 0],
		parameters: { path: 'orders', verification: 'none', recordRejected: true },
	};
	const workflow = workflowWith(trigger, ['Accepted sink', 'Rejected sink']);

	it('tags an accepted delivery with its id and passes it on unchanged', async () => {
		const item = { json: { deliveryId: 'd-1', body: { order: 7 } } };
		const run = await runWorkflow({ workflow, nodeTypes, startAt: { node: 'Hook', main: [[item], []] } });

		expect(run.data.resultData.error).toBeUndefined();
		expect(run.data.resultData.metadata).toEqual({ deliveryId: 'd-1', hooklineOutcome: 'accepted' });
		expect(outputsOf(run, 'Accepted sink')[0].map((i) => i.json)).toEqual([item.json]);
		expect(ran(run, 'Rejected sink')).toBe(false);
	});

	it('passes a recorded rejection on through the Rejected output and tags its reason', async () => {
		const item = { json: { reason: 'invalid_signature', status: 401, headers: {} } };
		const run = await runWorkflow({ workflow, nodeTypes, startAt: { node: 'Hook', main: [[], [item]] } });

		expect(run.data.resultData.metadata).toEqual({ hooklineOutcome: 'invalid_signature' });
		expect(outputsOf(run, 'Rejected sink')[0].map((i) => i.json)).toEqual([item.json]);
		expect(ran(run, 'Accepted sink')).toBe(false);
	});

	it('in a legacy v0 workflow, passes accepted deliveries on and tags them', async () => {
		const item = { json: { deliveryId: 'd-0' } };
		const run = await runWorkflow({
			workflow,
			nodeTypes,
			executionOrder: 'v0',
			startAt: { node: 'Hook', main: [[item], []] },
		});

		expect(run.data.resultData.metadata).toEqual({ deliveryId: 'd-0', hooklineOutcome: 'accepted' });
		expect(outputsOf(run, 'Accepted sink')[0]).toHaveLength(1);
	});

	it('tags a recorded duplicate with the id of the delivery it repeats', async () => {
		const item = { json: { reason: 'duplicate', deliveryId: 'd-1', status: 200 } };
		const run = await runWorkflow({ workflow, nodeTypes, startAt: { node: 'Hook', main: [[], [item]] } });

		expect(run.data.resultData.metadata).toEqual({ deliveryId: 'd-1', hooklineOutcome: 'duplicate' });
	});
});

describe('Hookline Alert Trigger when n8n starts the execution', () => {
	const trigger: INode = {
		id: 'a',
		name: 'Alerts',
		type: 'n8n-nodes-hookline.hooklineAlertTrigger',
		typeVersion: 1,
		position: [0, 0],
		parameters: { path: 'alerts' },
	};
	const workflow = workflowWith(trigger, ['New', 'Repeated']);

	it('tags the execution with the alert id and routes a repeat to Repeated alert', async () => {
		const item = { json: { alertId: 'al-9', occurrences: 2 } };
		const run = await runWorkflow({ workflow, nodeTypes, startAt: { node: 'Alerts', main: [[], [item]] } });

		expect(run.data.resultData.metadata).toEqual({ alertId: 'al-9', hooklineOutcome: 'repeated' });
		expect(outputsOf(run, 'Repeated')[0].map((i) => i.json)).toEqual([item.json]);
		expect(ran(run, 'New')).toBe(false);
	});
});
