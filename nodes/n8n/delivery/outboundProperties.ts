import type { INodeProperties } from 'n8n-workflow';

/** Parameters every sending node shares, so Hookline PSA Event and Hookline Send deliver the same way. */

export const urlProperty: INodeProperties = {
	displayName: 'URL',
	name: 'url',
	type: 'string',
	default: '',
	required: true,
	placeholder: 'https://receiver.example.com/webhooks/hookline',
	description: "The receiver's webhook endpoint (http or https). Redirects are not followed.",
};

export const deliveryProperties: INodeProperties[] = [
	{
		displayName: 'Allow Private Network Addresses',
		name: 'allowPrivateNetwork',
		type: 'boolean',
		default: false,
		description:
			"Whether requests may go to loopback, private, link-local and other non-public addresses. Off, such destinations are refused before anything is sent, whatever the URL's host name resolves to.",
		hint: "Turn on only for receivers on your own network: otherwise a URL could reach internal services. With n8n's SSRF protection on, its blocked ranges hold either way; an administrator allows a receiver with N8N_SSRF_ALLOWED_IP_RANGES or N8N_SSRF_ALLOWED_HOSTNAMES",
	},
	{
		displayName: 'Timeout (Seconds)',
		name: 'timeoutSeconds',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 300 },
		default: 10,
		description: 'How long one attempt may take, from connecting to the last byte of the answer',
	},
	{
		displayName: 'Max Attempts',
		name: 'maxAttempts',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 20 },
		default: 5,
		description:
			'Attempts in total, the first included. Network errors, timeouts, 408, 429 and 5xx answers are retried with exponential backoff; other answers are final.',
	},
	{
		displayName: 'Retry Schedule',
		name: 'retrySchedule',
		type: 'string',
		default: '',
		placeholder: '1m, 5m, 15m, 1h, 1h',
		description:
			'The waits between attempts, as a sender publishes them: numbers with a unit s, m, h or d, separated by commas. When set it replaces Max Attempts (attempts = delays + 1) and the exponential backoff; a 429 or 503 Retry-After may lengthen a wait up to the longest delay. Empty: Max Attempts with exponential backoff.',
		hint: 'Waits of a minute or more are durable: the execution waits in n8n (status Waiting) without holding a worker, and survives restarts',
	},
	{
		displayName: 'Endpoint Health Store',
		name: 'store',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Local',
				value: 'local',
				description: 'Kept by this n8n process, with nothing to install; shared by all its workflows',
			},
			{
				name: 'Redis',
				value: 'redis',
				description: 'Shared by every n8n process: use it in queue mode, with the Redis that n8n already uses',
			},
		],
		default: 'local',
		description:
			"Where each receiver's health is kept (deliveries, failures in a row, last success and error) and whether it is paused, per URL origin",
	},
	{
		displayName: 'Concurrency',
		name: 'concurrency',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 50 },
		default: 5,
		description: 'How many items are delivered at the same time. Outputs keep the input order either way.',
	},
];

/** Entries of each sending node's Options collection. */
const deliveryOptions: INodeProperties[] = [
	{
		displayName: 'Event ID',
		name: 'eventId',
		type: 'string',
		default: '',
		placeholder: '={{ $json.eventId }}',
		description:
			"The event's unique ID, the same on every attempt so the receiver can drop repeats. Empty generates a UUID; set an expression to keep the ID when the workflow is run again.",
	},
	{
		displayName: 'Initial Retry Delay (Ms)',
		name: 'retryDelayMs',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 1000,
		description:
			'Wait before the first retry; it doubles for every further retry (with jitter, up to 60 s). A 429 or 503 Retry-After header is honoured up to 60 s.',
	},
	{
		displayName: 'Pause After Failures',
		name: 'pauseAfterFailures',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 0,
		description:
			'Pause a receiver (URL origin) after this many deliveries in a row ended Failed for a retryable reason (network, timeout, 408, 429, 5xx). 0 never pauses. While paused, new deliveries are held as When Paused says; after the cool-down one delivery probes the receiver, and its success reopens it.',
	},
	{
		displayName: 'Pause Cool-Down',
		name: 'pauseCooldown',
		type: 'string',
		default: '5m',
		placeholder: '5m',
		description: 'How long a paused receiver gets no new deliveries before one probe: a number and a unit s, m, h or d',
	},
	{
		displayName: 'When Paused',
		name: 'whenPaused',
		type: 'options',
		options: [
			{
				name: 'Fail Fast',
				value: 'fail',
				description: 'The delivery goes to Failed at once with error endpoint_paused, and nothing is sent',
			},
			{
				name: 'Wait',
				value: 'wait',
				description: 'The delivery waits (durably) until the receiver reopens, then is sent',
			},
		],
		default: 'fail',
		description: 'What a new delivery to a paused receiver does',
	},
	{
		displayName: 'Wait Durably From (Seconds)',
		name: 'durableFromSeconds',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 60 },
		default: 60,
		description:
			"Waits between attempts at least this long are not held in memory: the deliveries are kept in the outbox in n8n's folder and the execution waits (status Waiting) until the next attempt is due, then continues where it stopped. Shorter waits happen inside the running execution.",
	},
];

/** A sending node's Options collection: the delivery settings, then the node's own (`extra`). */
export const deliveryOptionsCollection = (extra: INodeProperties[] = []): INodeProperties => ({
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	description: 'Less common delivery settings',
	options: [...deliveryOptions, ...extra],
});
