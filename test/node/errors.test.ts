import type { INode } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { fieldError, userError } from '../../nodes/n8n/errors';

const node: INode = {
	id: 'node-1',
	name: 'Hookline Test',
	type: 'n8n-nodes-hookline.test',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};
const ctx = { getNode: () => node };

describe('userError', () => {
	it('raises a NodeOperationError for the node with the message, description and item', () => {
		const error = userError(ctx, 'No alert ID given', { itemIndex: 2, description: 'Map the alertId' });
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.node).toBe(node);
		expect(error.message).toBe('No alert ID given');
		expect(error.description).toBe('Map the alertId');
		expect(error.context.itemIndex).toBe(2);
		expect(error.context.details).toBeUndefined();
	});

	it('keeps a message that names a network error code, which n8n would swap for a generic sentence', () => {
		const message = 'Redis store at 127.0.0.1:6379 is unavailable (connect ECONNREFUSED 127.0.0.1:6379)';
		expect(new NodeOperationError(node, message).message).not.toBe(message);
		expect(userError(ctx, message).message).toBe(message);
		expect(userError(ctx, new Error(message), { itemIndex: 0 }).message).toBe(message);
	});

	it('keeps the structured details on the error for Continue On Fail', () => {
		const error = userError(ctx, 'Invalid alert: title: required', { details: ['title: required'] });
		expect(error.context.details).toEqual(['title: required']);
	});

	it('passes a NodeOperationError on as it is, so the item it named stays', () => {
		const first = userError(ctx, 'The "Payload" parameter is empty [item 1]', { itemIndex: 1 });
		expect(userError(ctx, first, { itemIndex: 5 })).toBe(first);
		expect(first.context.itemIndex).toBe(1);
	});

	it('wraps any other error, a node API error or a thrown non-error, in a NodeOperationError', () => {
		const api = new NodeApiError(node, { message: 'Bad gateway', httpCode: '502' });
		expect(userError(ctx, api, { itemIndex: 0 })).toBeInstanceOf(NodeOperationError);
		expect(userError(ctx, 'plain').message).toBe('plain');
		expect(userError(ctx, 42).message).toBe('42');
	});
});

describe('fieldError', () => {
	it('names the field as the user sees it and the item', () => {
		const error = fieldError(ctx, 3, 'Event Name', 'is empty', 'Type the event name');
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe('The "Event Name" parameter is empty [item 3]');
		expect(error.description).toBe('Type the event name');
		expect(error.context.itemIndex).toBe(3);
	});
});
