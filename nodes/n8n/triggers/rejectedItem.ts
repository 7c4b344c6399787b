import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { rejectionRecord, type RecordedRefusal } from '../../core/triggers';

/** A refused request as a trigger's Rejected output item: why, the answer's status, the headers (without
 * credentials, stripped by the caller) and what the trigger adds (`extra`: receivedAt, a warning, …). */
export function rejectedItem(
	decision: RecordedRefusal,
	status: number,
	headers: IDataObject,
	extra: IDataObject,
): INodeExecutionData {
	return { json: { ...(rejectionRecord(decision) as IDataObject), status, headers, ...extra } };
}
