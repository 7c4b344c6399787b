import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { lookupProperties } from './fields';
import { actOnAlert } from './lookup';
import type { AlertSession, OperationItem } from './types';

export const description: INodeProperties[] = lookupProperties('resolve');

/** Resolve: the alert is closed and its dedupe key freed, so the next raise with that key opens a new alert (a
 * new outage, a new ticket). A resolved alert is output unchanged. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	session: AlertSession,
): Promise<OperationItem[]> {
	return actOnAlert(this, itemIndex, session, (alerts, namespace, alertId) => alerts.resolve(namespace, alertId));
}
