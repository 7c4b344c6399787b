import type { IExecuteFunctions } from 'n8n-workflow';

import type { AlertItem, AlertService } from '../../core/alerts';
import { parseDedupeScope } from '../../core/alerts';
import { userError } from '../../n8n/errors';
import { invalidAlertError, readNamespace, readTenants } from './fields';
import { alertJson, type AlertSession, type OperationItem } from './types';

const MAX_SHOWN_ID = 100;

/** Acknowledge, resolve and get, as one shape: `act` runs on an alert ID and returns the alert after it, or
 * undefined when no alert has that ID; the alert found is the operation's one item on its first output. By ID,
 * an unknown alert is an error (a flow that names one expects it); by dedupe key, no open alert is no item, so
 * a recovery branch may resolve on every healthy check. */
export async function actOnAlert(
	ctx: IExecuteFunctions,
	itemIndex: number,
	session: AlertSession,
	act: (alerts: AlertService, namespace: string, alertId: string) => Promise<AlertItem | undefined>,
): Promise<OperationItem[]> {
	const found = await findAndAct(ctx, itemIndex, await session.alerts(), act);
	return found.map((alert) => ({ output: 0, json: alertJson(alert) }));
}

async function findAndAct(
	ctx: IExecuteFunctions,
	itemIndex: number,
	alerts: AlertService,
	act: (alerts: AlertService, namespace: string, alertId: string) => Promise<AlertItem | undefined>,
): Promise<AlertItem[]> {
	const namespace = readNamespace(ctx, itemIndex);
	if (ctx.getNodeParameter('findBy', itemIndex, 'alertId') === 'dedupeKey') {
		const scope = parseDedupeScope(
			{
				dedupeKey: ctx.getNodeParameter('dedupeKey', itemIndex, ''),
				customerTenantId: ctx.getNodeParameter('customerTenantId', itemIndex, ''),
				customerTenantDomain: ctx.getNodeParameter('customerTenantDomain', itemIndex, ''),
			},
			readTenants(ctx, itemIndex),
		);
		if (!scope.ok) throw invalidAlertError(ctx, itemIndex, scope.details);
		const open = await alerts.findOpen(namespace, scope.dedupeKey, scope.customerTenantId);
		const alert = open && (await act(alerts, namespace, open.alertId));
		return alert ? [alert] : [];
	}

	const alertId = String(ctx.getNodeParameter('alertId', itemIndex, '') ?? '').trim();
	if (alertId === '') {
		throw userError(ctx, 'No alert ID given', {
			itemIndex,
			description: 'Map the alertId of a Raise output, e.g. {{ $json.alertId }}, or find the alert by its dedupe key',
		});
	}
	const alert = await act(alerts, namespace, alertId);
	if (alert === undefined) {
		const shown = alertId.length > MAX_SHOWN_ID ? `${alertId.slice(0, MAX_SHOWN_ID)}…` : alertId;
		throw userError(ctx, `No alert with ID "${shown}" in namespace "${namespace.trim() || 'default'}"`, {
			itemIndex,
			description:
				'Alerts are kept per store and namespace: use the same Store and Namespace as the node that raised it. Alerts are forgotten 30 days after their last activity.',
		});
	}
	return [alert];
}
