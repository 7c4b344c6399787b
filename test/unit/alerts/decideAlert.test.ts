import { AlertService } from '../../../nodes/core/alerts/alertService';
import { answerForAlert, decideAlert, type AlertTriggerConfig } from '../../../nodes/core/alerts/decideAlert';
import { ALERT_LIMITS } from '../../../nodes/core/schemas/alert';
import { MemoryStore } from '../../../nodes/core/stores/memoryStore';
import { StoreUnavailableError } from '../../../nodes/core/stores/storeUnavailableError';

const CONTOSO = '0f8fad5b-d9cb-469f-a165-70867728950e';
const TOKEN = 'm365_hook_3f9a8b7c6d5e4f30';

const config: AlertTriggerConfig = {
	secrets: { current: TOKEN, previous: 'm365_hook_old' },
	tenants: [{ domain: 'contoso.com', id: CONTOSO }],
	namespace: 'default',
	credentialId: 'cred-contoso-rmm',
};

const body = {
	title: 'Server down',
	description: 'SRV-01 is not responding to ping',
	severity: 'critical',
	category: 'system',
	customerTenantDomain: 'contoso.com',
	dedupeKey: 'srv-01-down',
	metadata: { source: 'PRTG' },
};

const request = (overrides: { body?: unknown; authorization?: string | null; bodyBytes?: number } = {}) => {
	const authorization = overrides.authorization === undefined ? `Bearer ${TOKEN}` : overrides.authorization;
	const sent = 'body' in overrides ? overrides.body : body;
	return {
		headers: { 'content-type': 'application/json', ...(authorization === null ? {} : { authorization }) },
		body: sent,
		bodyBytes: overrides.bodyBytes ?? Buffer.byteLength(JSON.stringify(sent) ?? ''),
		nowMs: Date.now(),
	};
};

const service = () => new AlertService(new MemoryStore());

describe('decideAlert', () => {
	it('raises a Manage365 alert and answers 202 with its id, the same id for a repeat', async () => {
		const alerts = service();
		const first = await decideAlert(config, request(), alerts);
		expect(first).toMatchObject({
			outcome: 'accepted',
			isNew: true,
			alert: { status: 'open', customerTenantId: CONTOSO, customerTenantDomain: 'contoso.com', occurrences: 1 },
		});
		if (first.outcome !== 'accepted') throw new Error('not accepted');
		expect(answerForAlert(first, 202)).toEqual({
			status: 202,
			headers: {},
			body: { ok: true, alertId: first.alert.alertId },
		});

		const second = await decideAlert(config, request(), alerts);
		expect(second).toMatchObject({
			outcome: 'accepted',
			isNew: false,
			alert: { alertId: first.alert.alertId, occurrences: 2 },
		});
		expect(answerForAlert(second, 201).body).toEqual({ ok: true, alertId: first.alert.alertId });
	});

	it('accepts the previous token during a rotation', async () => {
		expect((await decideAlert(config, request({ authorization: 'Bearer m365_hook_old' }), service())).outcome).toBe(
			'accepted',
		);
	});

	it.each([
		['no Authorization header', null],
		['a wrong token', 'Bearer m365_hook_wrong'],
		['another scheme', `Basic ${TOKEN}`],
		['the bare token', TOKEN],
	])('refuses %s with a bare 401 and raises nothing', async (_case, authorization) => {
		const alerts = service();
		const decision = await decideAlert(config, request({ authorization }), alerts);
		expect(decision).toMatchObject({ outcome: 'rejected', reason: 'unauthorized' });
		expect(answerForAlert(decision, 202)).toEqual({
			status: 401,
			headers: {},
			body: { ok: false, error: 'unauthorized' },
		});
		expect(await alerts.list('default')).toEqual([]);
	});

	it('answers 400 with details for a body that breaks the contract, naming only the fields in the health line', async () => {
		const decision = await decideAlert(
			config,
			request({ body: { description: 'x', severity: 'urgent', customerTenantId: 'nope' } }),
			service(),
		);
		expect(decision).toMatchObject({ outcome: 'rejected', reason: 'invalid_payload' });
		const answer = answerForAlert(decision, 202);
		expect(answer.status).toBe(400);
		expect(answer.body).toEqual({
			ok: false,
			error: 'invalid_payload',
			details: [
				expect.stringMatching(/^title: /),
				expect.stringMatching(/^severity: /),
				'customerTenantId: Must be a UUID',
			],
		});
		expect(decision).toMatchObject({ detail: 'Invalid alert: title, severity, customerTenantId' });
	});

	it('answers 400 for a domain that is not in the tenant table', async () => {
		const decision = await decideAlert(
			config,
			request({ body: { ...body, customerTenantDomain: 'fabrikam.com' } }),
			service(),
		);
		expect(answerForAlert(decision, 202).body).toEqual({
			ok: false,
			error: 'invalid_payload',
			details: ['customerTenantDomain: Unknown tenant domain "fabrikam.com"'],
		});
	});

	it('answers 400 for a customerTenantId outside the tenant table, as for an unknown domain', async () => {
		const stranger = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
		const alerts = service();
		const { customerTenantDomain: _domain, ...withoutDomain } = body;
		const decision = await decideAlert(
			config,
			request({ body: { ...withoutDomain, customerTenantId: stranger } }),
			alerts,
		);
		expect(answerForAlert(decision, 202)).toEqual({
			status: 400,
			headers: {},
			body: { ok: false, error: 'invalid_payload', details: [`customerTenantId: Unknown tenant id "${stranger}"`] },
		});
		expect(await alerts.list('default')).toEqual([]);
		const listed = await decideAlert(
			config,
			request({ body: { ...withoutDomain, customerTenantId: CONTOSO } }),
			alerts,
		);
		expect(listed.outcome).toBe('accepted');
	});

	it('answers 413 for a body past the cap once the token is good, before reading or storing anything', async () => {
		const store = new MemoryStore();
		const set = jest.spyOn(store, 'set');
		const claim = jest.spyOn(store, 'claim');
		const alerts = new AlertService(store);
		const decision = await decideAlert(config, request({ bodyBytes: ALERT_LIMITS.bodyBytes + 1 }), alerts);
		expect(answerForAlert(decision, 202)).toEqual({
			status: 413,
			headers: {},
			body: {
				ok: false,
				error: 'payload_too_large',
				message: `The alert body is ${ALERT_LIMITS.bodyBytes + 1} bytes; at most ${ALERT_LIMITS.bodyBytes} are accepted`,
			},
		});
		expect(set).not.toHaveBeenCalled();
		expect(claim).not.toHaveBeenCalled();
		// A forger learns nothing of the cap: the token is checked first.
		const forged = await decideAlert(
			config,
			request({ authorization: 'Bearer m365_hook_wrong', bodyBytes: 10 * ALERT_LIMITS.bodyBytes }),
			alerts,
		);
		expect(answerForAlert(forged, 202).status).toBe(401);
		// At the cap exactly, the body is read as an alert.
		expect((await decideAlert(config, request({ bodyBytes: ALERT_LIMITS.bodyBytes }), alerts)).outcome).toBe(
			'accepted',
		);
	});

	it('dedupes per credential in the default namespace, and across credentials in a named one', async () => {
		const alerts = service();
		const other = { ...config, credentialId: 'cred-other-rmm' };
		const first = await decideAlert(config, request(), alerts);
		const fromOther = await decideAlert(other, request(), alerts);
		const again = await decideAlert(config, request(), alerts);
		if (first.outcome !== 'accepted' || fromOther.outcome !== 'accepted' || again.outcome !== 'accepted')
			throw new Error('not accepted');
		expect(fromOther.isNew).toBe(true);
		expect(fromOther.alert.alertId).not.toBe(first.alert.alertId);
		expect(again.alert).toMatchObject({ alertId: first.alert.alertId, occurrences: 2 });
		expect(await alerts.list('default')).toHaveLength(2);

		const shared = { ...config, namespace: 'msp-shared' };
		const a = await decideAlert(shared, request(), alerts);
		const b = await decideAlert({ ...shared, credentialId: 'cred-other-rmm' }, request(), alerts);
		if (a.outcome !== 'accepted' || b.outcome !== 'accepted') throw new Error('not accepted');
		expect(b).toMatchObject({ isNew: false, alert: { alertId: a.alert.alertId, occurrences: 2 } });
	});

	it('answers 400 for a body that is not an object', async () => {
		const decision = await decideAlert(config, request({ body: 'Server down' }), service());
		expect(answerForAlert(decision, 202).status).toBe(400);
	});

	it('answers 503 when the store cannot record the alert', async () => {
		const store = new MemoryStore();
		jest
			.spyOn(store, 'claim')
			.mockRejectedValue(new StoreUnavailableError('Redis store at 127.0.0.1:6399 is unavailable'));
		const decision = await decideAlert(config, request(), new AlertService(store));
		expect(decision).toMatchObject({ outcome: 'rejected', reason: 'store_unavailable' });
		expect(answerForAlert(decision, 202)).toEqual({
			status: 503,
			headers: {},
			body: { ok: false, error: 'store_unavailable' },
		});
		expect(decision).toMatchObject({
			detail: 'The StoreUnavailableError could not record the alert: Redis store at 127.0.0.1:6399 is unavailable',
		});
	});
});
