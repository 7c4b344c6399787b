import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { AlertItem, AlertService } from '../../core/alerts';

/** One output item of an operation and the output it goes to (Raise: 0 New alert, 1 Repeated alert). */
export interface OperationItem {
	output: number;
	json: IDataObject;
}

/** The alert service, opened on first use: Send never touches the store. */
export interface AlertSession {
	alerts(): Promise<AlertService>;
}

export type OperationExecute = (
	this: IExecuteFunctions,
	itemIndex: number,
	session: AlertSession,
) => Promise<OperationItem[]>;

/** The alert item as n8n item JSON (its metadata is a plain JSON object). */
export const alertJson = (alert: AlertItem): IDataObject => ({ ...alert }) as IDataObject;
