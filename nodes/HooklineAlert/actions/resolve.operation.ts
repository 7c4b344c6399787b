import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { lookupProperties } from './fields';
import { actOnAlert } from './lookup';
import { alertJson, type AlertSession, type OperationItem } from './types';

export const description: INodeProperties[] = lookupProperties('resolve');

/** Resolve: the alert is closed and its dedupe key freed, so the next raise with that key opens a new alert (a
 * new outage, a new ticket). A resolved alert is output unchanged. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	session: AlertSession,
): Promise<OperationItem[]> {
	const alerts = await session.alerts();
	const found = await actOnAlert(this, itemIndex, alerts, (namespace, alertId) => alerts.resolve(namespace, alertId));
	return found.map((alert) => ({ output: 0, json: alertJson(alert) }));
}
