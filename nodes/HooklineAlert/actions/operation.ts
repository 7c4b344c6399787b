import type { INodeProperties } from 'n8n-workflow';

export type AlertOperation = 'raise' | 'acknowledge' | 'resolve' | 'get' | 'list' | 'send';

export const operationProperty: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	options: [
		{
			name: 'Acknowledge',
			value: 'acknowledge',
			description: 'Mark an open alert as being worked on; repeats keep counting on it',
			action: 'Acknowledge an alert',
		},
		{
			name: 'Get',
			value: 'get',
			description: 'Get one alert by its ID or its dedupe key, with the escalation levels it has reached',
			action: 'Get an alert',
		},
		{
			name: 'List',
			value: 'list',
			description: 'List the alerts of a namespace, newest first, each with the escalation levels it has reached',
			action: 'List alerts',
		},
		{
			name: 'Raise',
			value: 'raise',
			description: 'Open an alert, or count a repeat of the open alert with the same dedupe key',
			action: 'Raise an alert',
		},
		{
			name: 'Resolve',
			value: 'resolve',
			description: 'Close an alert: the next raise with its dedupe key opens a new alert',
			action: 'Resolve an alert',
		},
		{
			name: 'Send',
			value: 'send',
			description: 'POST an alert to a remote Manage365-style alert endpoint',
			action: 'Send an alert to an alert endpoint',
		},
	],
	default: 'raise',
	description: 'Raise has two outputs, New alert and Repeated alert; the other operations have one',
};
