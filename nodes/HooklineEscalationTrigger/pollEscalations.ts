import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';

import { AlertService, escalateDue, levelProblems, normaliseNamespace } from '../core/alerts';
import { fallbackWarning } from '../core/stores/fallbackStore';
import { userError } from '../n8n/errors';
import { openStore, type StoreKind, type UnavailableMode } from '../n8n/stores/stores';
import { readLevels } from './readLevels';

/** One poll: the levels reached since the last one, each claimed in the store so that it fires once whoever polls
 * (see escalateDue). Nothing due: null, so n8n starts no execution. */
export async function pollEscalations(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
	const levels = readLevels(this);
	const problems = levelProblems(levels);
	if (problems.length > 0) {
		throw userError(this, `The escalation levels cannot be used: ${problems.join('; ')}`, {
			description: 'Fix the levels named above.',
		});
	}
	const store = await openStore(
		this,
		this.getNodeParameter('store', 'local') as StoreKind,
		this.getNodeParameter('redisUnavailable', 'fail') as UnavailableMode,
	);
	const customerTenantId = String(this.getNodeParameter('customerTenantId', '') ?? '').trim();
	const category = String(this.getNodeParameter('category', '') ?? '');
	const escalated = await escalateDue(
		new AlertService(store),
		normaliseNamespace(String(this.getNodeParameter('namespace', 'default') ?? '')),
		levels,
		{
			nowMs: Date.now(),
			filter: { ...(customerTenantId ? { customerTenantId } : {}), ...(category ? { category } : {}) },
		},
	);
	if (escalated.length === 0) return null;
	const warning = fallbackWarning(store);
	return [
		escalated.map((item) => ({
			json: { ...(item as unknown as IDataObject), ...(warning === undefined ? {} : { warning }) },
		})),
	];
}
