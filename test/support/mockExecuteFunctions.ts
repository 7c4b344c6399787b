import type {
	ICredentialDataDecryptedObject,
	IExecuteFunctions,
	INode,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

export interface ExecuteMockOptions {
	/** The node description's properties: parameters not given fall back to their defaults, as in n8n. */
	properties: INodeProperties[];
	parameters?: Record<string, unknown>;
	items?: INodeExecutionData[];
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	continueOnFail?: boolean;
	nodeType?: string;
	/** What getExecutionCancelSignal() gives: n8n aborts it when the execution is stopped. */
	cancelSignal?: AbortSignal;
}

type ExecuteMock = Pick<
	IExecuteFunctions,
	'getInputData' | 'getNodeParameter' | 'getCredentials' | 'getNode' | 'continueOnFail' | 'getExecutionCancelSignal'
> & { helpers: Pick<IExecuteFunctions['helpers'], 'getBinaryDataBuffer'> };

/** A typed stand-in for n8n's execute context: exactly the members Hookline nodes call, behaving as n8n does
 * (missing parameters resolve to defaults, unknown credentials and parameters throw). */
export function mockExecuteFunctions(options: ExecuteMockOptions): IExecuteFunctions {
	const items: INodeExecutionData[] = options.items ?? [{ json: {} }];
	const parameters = options.parameters ?? {};
	const node: INode = {
		id: 'node-under-test',
		name: 'Node Under Test',
		type: options.nodeType ?? 'n8n-nodes-hookline.test',
		typeVersion: 1,
		position: [0, 0],
		parameters: parameters as INode['parameters'],
	};

	const mock: ExecuteMock = {
		getInputData: () => items,
		getNode: () => node,
		continueOnFail: () => options.continueOnFail ?? false,
		getExecutionCancelSignal: () => options.cancelSignal,
		getNodeParameter: ((name: string, _itemIndex: number, fallback?: unknown) => {
			if (Object.hasOwn(parameters, name)) return parameters[name];
			const property = options.properties.find((p) => p.name === name);
			if (property) return property.default;
			if (fallback !== undefined) return fallback;
			throw new Error(`Could not get parameter "${name}"`);
		}) as IExecuteFunctions['getNodeParameter'],
		getCredentials: (async (type: string) => {
			const found = options.credentials?.[type];
			if (!found) throw new Error(`Node does not have any credentials set for "${type}"`);
			return found;
		}) as IExecuteFunctions['getCredentials'],
		helpers: {
			getBinaryDataBuffer: async (itemIndex: number, property: string) => {
				const binary = items[itemIndex]?.binary?.[property];
				if (!binary) throw new Error(`No binary data property "${property}" on item ${itemIndex}`);
				return Buffer.from(binary.data, 'base64');
			},
		},
	};
	return mock as unknown as IExecuteFunctions;
}
