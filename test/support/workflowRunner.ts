import { ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	IExecuteFunctions,
	INodeCredentialsDetails,
	INodeExecutionData,
	INodeType,
	INodeTypes,
	IRun,
	IVersionedNodeType,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';
import { createRunExecutionData, ICredentialsHelper, NodeConnectionTypes, NodeHelpers, Workflow } from 'n8n-workflow';

/** A start node for tests: it passes on the items the runner gives it, like a trigger that just fired. */
class TestStart implements INodeType {
	description = {
		displayName: 'Test Start',
		name: 'testStart',
		group: ['trigger'],
		version: 1,
		description: 'Emits the test input',
		defaults: { name: 'Start' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	} as INodeType['description'];

	async execute(this: IExecuteFunctions) {
		return [this.getInputData()];
	}
}

/** Passes its input on, so a test can see what reached it. */
export class Sink implements INodeType {
	description = {
		displayName: 'Sink',
		name: 'sink',
		group: ['transform'],
		version: 1,
		description: 'Passes items on',
		defaults: { name: 'Sink' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	} as INodeType['description'];

	async execute(this: IExecuteFunctions) {
		return [this.getInputData()];
	}
}

class TestNodeTypes implements INodeTypes {
	constructor(private readonly types: Record<string, INodeType | IVersionedNodeType>) {}

	getByName(name: string) {
		const type = this.types[name];
		if (!type) throw new Error(`Unknown node type ${name}`);
		return type;
	}

	getByNameAndVersion(name: string, version?: number) {
		return NodeHelpers.getVersionedNodeType(this.getByName(name), version);
	}

	getKnownTypes() {
		return {};
	}
}

/** Serves decrypted credential data by type, as n8n's CredentialsHelper does after decryption. */
class TestCredentialsHelper extends ICredentialsHelper {
	constructor(private readonly data: Record<string, ICredentialDataDecryptedObject>) {
		super();
	}

	getParentTypes() {
		return [];
	}

	isCredentialUsableByNode() {
		return true;
	}

	async authenticate(_credentials: ICredentialDataDecryptedObject, _type: string, requestOptions: object) {
		return requestOptions as never;
	}

	async preAuthentication() {
		return undefined;
	}

	async runPreAuthentication() {
		return undefined;
	}

	async getCredentials(): Promise<never> {
		throw new Error('Encrypted credentials are not available in tests');
	}

	async getDecrypted(_additionalData: unknown, _details: INodeCredentialsDetails, type: string) {
		const found = this.data[type];
		if (!found) throw new Error(`No credentials of type ${type} in this test`);
		return found;
	}

	async updateCredentials() {}

	async updateCredentialsOauthTokenData() {}

	getCredentialsProperties() {
		return [];
	}
}

export interface RunOptions {
	workflow: Pick<IWorkflowBase, 'nodes' | 'connections'>;
	nodeTypes: Record<string, INodeType | IVersionedNodeType>;
	input?: INodeExecutionData[];
	/** Start at a trigger instead of `test.start`, with the outputs its webhook() returned, as n8n does. */
	startAt?: { node: string; main: INodeExecutionData[][] };
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	/** The workflow setting; v1 is the default of every workflow made since n8n 1.0. */
	executionOrder?: 'v0' | 'v1';
}

/** Executes workflow JSON with n8n-core's real WorkflowExecute (parameter resolution, expressions, routing
 * between outputs) and returns the finished run. Its `test.start` node emits `input`. */
export async function runWorkflow(options: RunOptions): Promise<IRun> {
	const nodeTypes = new TestNodeTypes({ 'test.start': new TestStart(), ...options.nodeTypes });
	const workflowData: IWorkflowBase = {
		id: 'workflow-test',
		name: 'workflow test',
		active: false,
		isArchived: false,
		createdAt: new Date(),
		updatedAt: new Date(),
		nodes: options.workflow.nodes,
		connections: options.workflow.connections,
		settings: { executionOrder: options.executionOrder ?? 'v1' },
	} as IWorkflowBase;
	const workflow = new Workflow({
		id: workflowData.id,
		nodes: workflowData.nodes,
		connections: workflowData.connections,
		nodeTypes,
		active: false,
		settings: workflowData.settings,
	});

	const hooks = new ExecutionLifecycleHooks('manual', 'execution-test', workflowData);
	const additionalData = {
		hooks,
		credentialsHelper: new TestCredentialsHelper(options.credentials ?? {}),
		currentNodeExecutionIndex: 0,
		restApiUrl: 'http://127.0.0.1/rest',
		instanceBaseUrl: 'http://127.0.0.1/',
		webhookBaseUrl: 'http://127.0.0.1/webhook',
		webhookWaitingBaseUrl: 'http://127.0.0.1/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1/webhook-test',
		formBaseUrl: 'http://127.0.0.1/form',
		formWaitingBaseUrl: 'http://127.0.0.1/form-waiting',
		formTestBaseUrl: 'http://127.0.0.1/form-test',
		variables: {},
	} as unknown as IWorkflowExecuteAdditionalData;

	const startName = options.startAt?.node;
	const startNode = workflowData.nodes.find((node) =>
		startName === undefined ? node.type === 'test.start' : node.name === startName,
	);
	if (!startNode) throw new Error(`The workflow has no start node ${startName ?? 'of type test.start'}`);
	const main = options.startAt?.main ?? [options.input ?? []];
	const runExecutionData = createRunExecutionData({
		executionData: { nodeExecutionStack: [{ node: startNode, data: { main }, source: null }] },
	});

	return await new WorkflowExecute(additionalData, 'manual', runExecutionData).processRunExecutionData(workflow);
}

/** The items a node emitted on each of its outputs in its first run. */
export function outputsOf(run: IRun, nodeName: string): INodeExecutionData[][] {
	const task = run.data.resultData.runData[nodeName]?.[0];
	if (!task) throw new Error(`Node "${nodeName}" did not run: ${run.data.resultData.error?.message ?? 'no error'}`);
	if (task.error) throw task.error;
	return (task.data?.main ?? []).map((items) => items ?? []);
}
