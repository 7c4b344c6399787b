import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { parseRaisedAlert } from '../../core/alerts';
import {
	alertFieldProperties,
	invalidAlertError,
	raiseTenantsProperty,
	readAlertFields,
	readNamespace,
	readTenants,
} from './fields';
import { alertJson, type AlertSession, type OperationItem } from './types';

export const description: INodeProperties[] = [...alertFieldProperties('raise'), raiseTenantsProperty];

/** Raise: opens an alert (New alert output), or counts a repeat of the open alert with the same dedupe key and
 * tenant (Repeated alert output), by the same rules and in the same store as the Alert Trigger. So a detector
 * that fires every few minutes during an outage starts its ticket flow once. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	session: AlertSession,
): Promise<OperationItem[]> {
	const parsed = parseRaisedAlert(readAlertFields(this, itemIndex), readTenants(this, itemIndex));
	if (!parsed.ok) throw invalidAlertError(this, itemIndex, parsed.details);
	const alerts = await session.alerts();
	const { alert, isNew } = await alerts.raise(readNamespace(this, itemIndex), parsed.alert);
	return [{ output: isNew ? 0 : 1, json: alertJson(alert) }];
}
