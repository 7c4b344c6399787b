import type {
	ICredentialDataDecryptedObject,
	IExecuteFunctions,
	INodeCredentials,
	INodeExecutionData,
	INodeProperties,
	INodeType,
	IWebhookFunctions,
	NodeTypeAndVersion,
	IWebhookResponseData,
} from 'n8n-workflow';

export interface WebhookRequestInit {
	/** The bytes on the wire: a string is sent as UTF-8. */
	body?: string | Buffer;
	headers?: Record<string, string | string[]>;
	query?: Record<string, unknown>;
	/** Content parsed as n8n would (JSON by default); undefined leaves `req.body` empty. */
	parsedBody?: unknown;
	/** POST unless set. */
	method?: string;
	/** The caller's address as n8n's Express reports it (`req.ip`); 127.0.0.1 unless set. */
	ip?: string;
	/** The request's path and query as received (`req.originalUrl`). */
	originalUrl?: string;
}

export interface CapturedResponse {
	status?: number;
	headers: Record<string, string>;
	body?: unknown;
	/** The execution the webhook started, if any: the trigger step's outputs and the execution's custom data. */
	execution?: { outputs: INodeExecutionData[][]; tags: Record<string, string> };
}

export interface WebhookMockOptions {
	properties: INodeProperties[];
	parameters?: Record<string, unknown>;
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	/** The node's credential references (id and name per type), as the workflow JSON names them. */
	nodeCredentials?: INodeCredentials;
	request: WebhookRequestInit;
	workflowId?: string;
	nodeId?: string;
	/** The nodes after the trigger, as getChildNodes reports them. */
	childNodes?: NodeTypeAndVersion[];
	/** The webhook URL n8n publishes for the node (test or production). */
	webhookUrl?: string;
}

type WebhookMock = Pick<
	IWebhookFunctions,
	| 'getNodeParameter'
	| 'getCredentials'
	| 'getNode'
	| 'getWorkflow'
	| 'getRequestObject'
	| 'getResponseObject'
	| 'getChildNodes'
	| 'getNodeWebhookUrl'
	| 'getWebhookResourceUrl'
>;

/** A typed stand-in for n8n's webhook context: the request as n8n prepares it (lower-case headers, the exact
 * raw body, the parsed body) and a response that records what the node answered. */
export function mockWebhookFunctions(options: WebhookMockOptions): {
	ctx: IWebhookFunctions;
	response: CapturedResponse;
} {
	const parameters = options.parameters ?? {};
	const raw = options.request.body;
	const headers = Object.fromEntries(
		Object.entries(options.request.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]),
	);
	let parsedBody = options.request.parsedBody;
	if (parsedBody === undefined && raw !== undefined) {
		try {
			parsedBody = JSON.parse(raw.toString());
		} catch {
			parsedBody = {};
		}
	}
	const request = {
		method: options.request.method ?? 'POST',
		ip: options.request.ip ?? '127.0.0.1',
		originalUrl: options.request.originalUrl ?? '/webhook/hook',
		headers,
		body: parsedBody ?? {},
		query: options.request.query ?? {},
		params: {},
		rawBody: raw === undefined ? undefined : Buffer.from(raw),
	};
	const response: CapturedResponse = { headers: {} };
	const res = {
		status(code: number) {
			response.status = code;
			return res;
		},
		setHeader(name: string, value: string) {
			response.headers[name.toLowerCase()] = value;
			return res;
		},
		json(body: unknown) {
			response.body = body;
			return res;
		},
		end(body?: string) {
			response.body = body;
			return res;
		},
	};

	const mock: WebhookMock = {
		getNodeParameter: ((name: string, fallback?: unknown) => {
			if (Object.hasOwn(parameters, name)) return parameters[name];
			const property = options.properties.find((p) => p.name === name);
			if (property) return property.default;
			if (fallback !== undefined) return fallback;
			throw new Error(`Could not get parameter "${name}"`);
		}) as IWebhookFunctions['getNodeParameter'],
		getCredentials: (async (type: string) => {
			const found = options.credentials?.[type];
			if (!found) throw new Error(`Node does not have any credentials set for "${type}"`);
			return found;
		}) as IWebhookFunctions['getCredentials'],
		getNode: () => ({
			id: options.nodeId ?? 'trigger-node',
			name: 'Trigger',
			type: 'n8n-nodes-hookline.test',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
			...(options.nodeCredentials ? { credentials: options.nodeCredentials } : {}),
		}),
		getWorkflow: () => ({ id: options.workflowId ?? 'workflow-1', name: 'test', active: true }),
		getRequestObject: (() => request) as unknown as IWebhookFunctions['getRequestObject'],
		getResponseObject: (() => res) as unknown as IWebhookFunctions['getResponseObject'],
		getChildNodes: () => options.childNodes ?? [],
		getNodeWebhookUrl: () => options.webhookUrl ?? 'https://n8n.example.com/webhook/hook',
		getWebhookResourceUrl: () => options.webhookUrl ?? 'https://n8n.example.com/webhook/hook',
	};
	return { ctx: mock as unknown as IWebhookFunctions, response };
}

/** An execute context over the webhook's: what n8n gives the trigger's execute() when the execution starts, with
 * the webhook's outputs as input. */
function startContext(ctx: IWebhookFunctions, inputs: INodeExecutionData[][], customData: Map<string, string>) {
	return {
		getInputData: (output = 0) => inputs[output],
		getNodeParameter: (name: string, _itemIndex: number, fallback?: unknown) => ctx.getNodeParameter(name, fallback),
		getCredentials: ctx.getCredentials.bind(ctx),
		getNode: ctx.getNode.bind(ctx),
		getWorkflow: ctx.getWorkflow.bind(ctx),
		customData: { set: (key: string, value: string) => customData.set(key, value) },
	} as unknown as IExecuteFunctions;
}

/** Runs a node's webhook() in a mock context as n8n 2.40 does for `onReceived`: a result without
 * `noWebhookResponse` is answered with its `webhookResponse` and the node's Response Code, and its execution is
 * started: the trigger's execute() runs with the webhook's outputs (its outputs and tags land in `response`). */
export async function runWebhook(
	node: Pick<INodeType, 'webhook' | 'execute'>,
	ctx: IWebhookFunctions,
	response: CapturedResponse,
): Promise<IWebhookResponseData> {
	const result = await node.webhook!.call(ctx);
	if (result.noWebhookResponse !== true) {
		response.status = Number(ctx.getNodeParameter('responseCode', 200));
		response.body = result.webhookResponse;
	}
	if (result.workflowData !== undefined && node.execute !== undefined) {
		const tags = new Map<string, string>();
		response.execution = {
			outputs: (await node.execute.call(startContext(ctx, result.workflowData, tags))) as INodeExecutionData[][],
			tags: Object.fromEntries(tags),
		};
	}
	return result;
}
