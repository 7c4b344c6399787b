import type { INodeProperties } from 'n8n-workflow';

export type SendOperation = 'send' | 'getEndpointHealth';

export const operationProperty: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	options: [
		{
			name: 'Get Endpoint Health',
			value: 'getEndpointHealth',
			description:
				"Read a receiver's health, per URL origin: deliveries, failures in a row, last success and error, whether it is paused",
			action: 'Get endpoint health',
		},
		{
			name: 'Send',
			value: 'send',
			description: 'Send an event as a signed webhook, retried and recorded',
			action: 'Send an event',
		},
	],
	default: 'send',
	description: "Send an event, or read how a receiver's deliveries have been going",
};

/** Parameters both operations use: the receiver's URL and where its health is kept. */
const SHARED = new Set(['url', 'store']);

/** The Send operation's parameters, shown for it only (existing workflows have no operation: they send). */
export function forSendOnly(properties: INodeProperties[]): INodeProperties[] {
	return properties.map((property) =>
		SHARED.has(property.name)
			? property
			: {
					...property,
					displayOptions: {
						...property.displayOptions,
						show: { ...property.displayOptions?.show, operation: ['send'] },
					},
				},
	);
}
