import type {
	ICredentialDataDecryptedObject,
	INodeCredentials,
	INodeProperties,
	IWebhookFunctions,
} from 'n8n-workflow';

export interface WebhookRequestInit {
	/** The bytes on the wire: a string is sent as UTF-8. */
	body?: string | Buffer;
	headers?: Record<string, string | string[]>;
	query?: Record<string, string>;
	/** Content parsed as n8n would (JSON by default); undefined leaves `req.body` empty. */
	parsedBody?: unknown;
}

export interface CapturedResponse {
	status?: number;
	headers: Record<string, string>;
	body?: unknown;
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
}

type WebhookMock = Pick<
	IWebhookFunctions,
	'getNodeParameter' | 'getCredentials' | 'getNode' | 'getWorkflow' | 'getRequestObject' | 'getResponseObject'
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
	};
	return { ctx: mock as unknown as IWebhookFunctions, response };
}
