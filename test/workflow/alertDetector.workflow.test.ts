import { randomUUID } from 'node:crypto';

import type { IConnections, IExecuteFunctions, INode, INodeType, INodeTypes, IRun } from 'n8n-workflow';
import { NodeConnectionTypes, NodeHelpers, Workflow } from 'n8n-workflow';

import { HooklineAlert } from '../../nodes/HooklineAlert/HooklineAlert.node';
import { outputsOf, runWorkflow, Sink } from '../support/workflowRunner';
import { useThrowawayUserFolder } from '../support/userFolder';

/** Stands in for an IF node after the check: `up: false` goes to Down, anything else to Up. */
class RouteByHealth implements INodeType {
	description = {
		displayName: 'Route By Health',
		name: 'routeByHealth',
		group: ['transform'],
		version: 1,
		description: 'Routes check results',
		defaults: { name: 'Is Down?' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['Down', 'Up'],
		properties: [],
	} as INodeType['description'];

	async execute(this: IExecuteFunctions) {
		const items = this.getInputData();
		return [items.filter((item) => item.json.up === false), items.filter((item) => item.json.up !== false)];
	}
}

const ALERT_TYPE = 'n8n-nodes-hookline.hooklineAlert';
const nodeTypes = { [ALERT_TYPE]: new HooklineAlert(), 'test.route': new RouteByHealth(), 'test.sink': new Sink() };

useThrowawayUserFolder('hookline-detector-');

const at = (x: number) => [x, 0] as [number, number];
const sink = (name: string, x: number): INode => ({
	id: name,
	name,
	type: 'test.sink',
	typeVersion: 1,
	position: at(x),
	parameters: {},
});

/** Schedule → check → Is Down? → Down: Raise (New alert → Create Ticket, Repeated alert → Count Repeat);
 * Up: Resolve by dedupe key → Close Ticket. The dedupe key comes from the check's data by expression. */
function detector(namespace: string) {
	const dedupeKey = '={{ $json.host + "-down" }}';
	const nodes: INode[] = [
		{ id: 'start', name: 'Schedule', type: 'test.start', typeVersion: 1, position: at(0), parameters: {} },
		{ id: 'route', name: 'Is Down?', type: 'test.route', typeVersion: 1, position: at(200), parameters: {} },
		{
			id: 'raise',
			name: 'Raise Alert',
			type: ALERT_TYPE,
			typeVersion: 1,
			position: at(400),
			parameters: {
				operation: 'raise',
				title: '={{ "Server " + $json.host + " is down" }}',
				description: '={{ $json.host + " did not answer " + $json.failedPings + " pings" }}',
				severity: 'critical',
				dedupeKey,
				metadata: '={{ { "failedPings": $json.failedPings } }}',
				namespace,
			},
		},
		sink('Create Ticket', 600),
		sink('Count Repeat', 610),
		{
			id: 'resolve',
			name: 'Resolve Alert',
			type: ALERT_TYPE,
			typeVersion: 1,
			position: at(420),
			parameters: { operation: 'resolve', findBy: 'dedupeKey', dedupeKey, namespace },
		},
		sink('Close Ticket', 620),
	];
	const connections: IConnections = {
		Schedule: { main: [[{ node: 'Is Down?', type: 'main', index: 0 }]] },
		'Is Down?': {
			main: [[{ node: 'Raise Alert', type: 'main', index: 0 }], [{ node: 'Resolve Alert', type: 'main', index: 0 }]],
		},
		'Raise Alert': {
			main: [[{ node: 'Create Ticket', type: 'main', index: 0 }], [{ node: 'Count Repeat', type: 'main', index: 0 }]],
		},
		'Resolve Alert': { main: [[{ node: 'Close Ticket', type: 'main', index: 0 }]] },
	};
	return { nodes, connections };
}

const ran = (run: IRun, name: string) => run.data.resultData.runData[name] !== undefined;

describe('the server-down detector, through n8n-core WorkflowExecute', () => {
	it('opens one alert and one ticket per outage however often the check fires, and a new one after recovery', async () => {
		const workflow = detector(randomUUID());
		const check = async (up: boolean, failedPings = 3) => {
			const run = await runWorkflow({ workflow, nodeTypes, input: [{ json: { host: 'srv-01', up, failedPings } }] });
			expect(run.data.resultData.error).toBeUndefined();
			return run;
		};

		const first = await check(false);
		const [ticket] = outputsOf(first, 'Create Ticket')[0];
		expect(ticket.json).toMatchObject({
			title: 'Server srv-01 is down',
			description: 'srv-01 did not answer 3 pings',
			severity: 'critical',
			dedupeKey: 'srv-01-down',
			metadata: { failedPings: 3 },
			occurrences: 1,
			isNew: true,
		});
		expect(ran(first, 'Count Repeat')).toBe(false);
		const outage = ticket.json.alertId;

		// The check keeps firing during the outage: no further ticket, every firing counted on the same alert.
		for (const occurrences of [2, 3, 4]) {
			const again = await check(false, occurrences + 2);
			expect(ran(again, 'Create Ticket')).toBe(false);
			expect(outputsOf(again, 'Count Repeat')[0].map((item) => item.json)).toEqual([
				expect.objectContaining({
					alertId: outage,
					occurrences,
					isNew: false,
					metadata: { failedPings: occurrences + 2 },
				}),
			]);
		}

		const recovered = await check(true);
		expect(outputsOf(recovered, 'Close Ticket')[0].map((item) => item.json)).toEqual([
			expect.objectContaining({ alertId: outage, status: 'resolved', occurrences: 4 }),
		]);
		// Healthy checks after the recovery find nothing open to resolve: no error, no second close.
		const stillUp = await check(true);
		expect(ran(stillUp, 'Close Ticket')).toBe(false);
		expect(outputsOf(stillUp, 'Resolve Alert')).toEqual([[]]);

		const nextOutage = await check(false);
		const [nextTicket] = outputsOf(nextOutage, 'Create Ticket')[0];
		expect(nextTicket.json).toMatchObject({ status: 'open', occurrences: 1, isNew: true });
		expect(nextTicket.json.alertId).not.toBe(outage);
	});

	it('gives Raise the outputs New alert and Repeated alert, and every other operation one output', () => {
		const types: INodeTypes = {
			getByName: (name) => nodeTypes[name as keyof typeof nodeTypes],
			getByNameAndVersion: (name) => nodeTypes[name as keyof typeof nodeTypes],
			getKnownTypes: () => ({}),
		};
		const outputsFor = (parameters: INode['parameters']) => {
			const node: INode = { id: 'a', name: 'Alert', type: ALERT_TYPE, typeVersion: 1, position: at(0), parameters };
			const workflow = new Workflow({ nodes: [node], connections: {}, nodeTypes: types, active: false });
			return NodeHelpers.getNodeOutputs(workflow, node, nodeTypes[ALERT_TYPE].description);
		};
		const raiseOutputs = [
			{ type: 'main', displayName: 'New alert' },
			{ type: 'main', displayName: 'Repeated alert' },
		];
		expect(outputsFor({ operation: 'raise' })).toEqual(raiseOutputs);
		expect(outputsFor({})).toEqual(raiseOutputs);
		for (const operation of ['acknowledge', 'resolve', 'get', 'list', 'send']) {
			expect(outputsFor({ operation })).toEqual(['main']);
		}
	});
});
