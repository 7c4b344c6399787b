import { AlertService } from '../../../nodes/core/alerts/alertService';
import { decideAlert } from '../../../nodes/core/alerts/decideAlert';
import { HookHealth } from '../../../nodes/core/alerts/hookHealth';
import { recordOutcome } from '../../../nodes/core/alerts/recordOutcome';
import { MemoryStore } from '../../../nodes/core/stores/memoryStore';
import { StoreUnavailableError } from '../../../nodes/core/stores/storeUnavailableError';
import { StoreFullError } from '../../../nodes/core/stores/storeFullError';

const config = { secrets: { current: 'm365_hook_token' }, tenants: [], namespace: 'default', credentialId: 'c1' };
const sized = (sent: unknown) => Buffer.byteLength(JSON.stringify(sent));
const headers = (token: string) => ({ authorization: `Bearer ${token}` });
const body = { title: 'Server down', description: 'SRV-01 is down, password hunter2 in the body' };

describe('recordOutcome', () => {
	it('counts accepted and refused requests and keeps the reason of the last refusal, never the body', async () => {
		const store = new MemoryStore();
		const alerts = new AlertService(store);
		const health = new HookHealth(store);
		const accepted = await decideAlert(
			config,
			{ headers: headers('m365_hook_token'), body, bodyBytes: sized(body), nowMs: Date.now() },
			alerts,
		);
		expect(await recordOutcome(health, 'wf:n', accepted)).toMatchObject({
			successCount: 1,
			failureCount: 0,
			lastError: null,
		});

		const forged = await decideAlert(
			config,
			{ headers: headers('guess'), body, bodyBytes: sized(body), nowMs: Date.now() },
			alerts,
		);
		expect(await recordOutcome(health, 'wf:n', forged)).toMatchObject({
			successCount: 1,
			failureCount: 1,
			lastError: 'unauthorized: The signature or token does not match the secret',
		});

		const invalid = await decideAlert(
			config,
			{ headers: headers('m365_hook_token'), body: { ...body, title: 7 }, bodyBytes: sized(body), nowMs: Date.now() },
			alerts,
		);
		const after = await recordOutcome(health, 'wf:n', invalid);
		expect(after).toMatchObject({ failureCount: 2, lastError: 'invalid_payload: Invalid alert: title' });
		expect(JSON.stringify(after)).not.toContain('hunter2');
	});

	it('answers null instead of failing when the store cannot keep the health', async () => {
		const store = new MemoryStore();
		jest.spyOn(store, 'increment').mockRejectedValue(new StoreUnavailableError('down'));
		const decision = { outcome: 'rejected', reason: 'store_unavailable', detail: 'down' } as const;
		expect(await recordOutcome(new HookHealth(store), 'wf:n', decision)).toBeNull();
	});

	it('still reads the health of a store too full to write it, which then says it is full', async () => {
		const store = new MemoryStore({ maxEntries: 1 });
		await store.set('taken', 'x', 60_000);
		const decision = {
			outcome: 'rejected',
			reason: 'store_unavailable',
			detail: new StoreFullError('1 live entries', 60).message,
		} as const;
		expect(await recordOutcome(new HookHealth(store), 'wf:n', decision)).toMatchObject({
			failureCount: 1,
			lastError: expect.stringContaining('The store holds its maximum of 1 live entries'),
			store: { kind: 'local', entries: 1, maxEntries: 1, full: true },
		});
	});
});
