import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { lookupProperties } from './fields';
import { actOnAlert } from './lookup';
import type { AlertSession, OperationItem } from './types';

export const description: INodeProperties[] = lookupProperties('acknowledge');

/** Acknowledge: the alert stays and keeps counting repeats, but people can see that it is being worked on. An
 * acknowledged or resolved alert is output unchanged. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	session: AlertSession,
): Promise<OperationItem[]> {
	return actOnAlert(this, itemIndex, session, (alerts, namespace, alertId) => alerts.acknowledge(namespace, alertId));
}
