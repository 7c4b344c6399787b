import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { lookupProperties } from './fields';
import { actOnAlert } from './lookup';
import type { AlertSession, OperationItem } from './types';

export const description: INodeProperties[] = lookupProperties('get');

/** Get: one alert as it is now. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	session: AlertSession,
): Promise<OperationItem[]> {
	return actOnAlert(this, itemIndex, session, (alerts, namespace, alertId) => alerts.get(namespace, alertId));
}
