import type { IPollFunctions } from 'n8n-workflow';

import { AlertService } from '../../nodes/core/alerts';
import { openStore } from '../../nodes/n8n/stores/stores';
import { HooklineEscalationTrigger } from '../../nodes/HooklineEscalationTrigger/HooklineEscalationTrigger.node';
import { useThrowawayUserFolder } from '../support/userFolder';

useThrowawayUserFolder('hookline-escalation-');

const trigger = new HooklineEscalationTrigger();

/** n8n's poll context as the trigger reads it: parameters (defaults from the description) and the node. */
function pollContext(parameters: Record<string, unknown> = {}): IPollFunctions {
	const properties = trigger.description.properties;
	return {
		getNodeParameter: (name: string, fallback?: unknown) => {
			if (Object.hasOwn(parameters, name)) return parameters[name];
			const property = properties.find((p) => p.name === name);
			return property ? property.default : fallback;
		},
		getNode: () => ({ id: 'esc', name: 'Escalate', type: 'x', typeVersion: 1, position: [0, 0], parameters: {} }),
	} as unknown as IPollFunctions;
}

const poll = (parameters?: Record<string, unknown>) => trigger.poll.call(pollContext(parameters));

describe('Hookline Escalation Trigger', () => {
	it('starts with the ladder of the design: L1 at once for critical, L2 at 15 and L3 at 30 minutes', () => {
		const levels = trigger.description.properties.find((p) => p.name === 'levels')!.default as {
			level: Array<{ name: string; afterMinutes: number }>;
		};
		expect(levels.level.map(({ name, afterMinutes }) => [name, afterMinutes])).toEqual([
			['L1', 0],
			['L2', 15],
			['L3', 30],
		]);
		expect(trigger.description.polling).toBe(true);
	});

	it('emits a critical alert once at L1, with the level in the item, and nothing at the next poll', async () => {
		const namespace = `esc-${Date.now()}`;
		const { alert } = await new AlertService(await openStore(pollContext(), 'local')).raise(namespace, {
			title: 'SRV-01 down',
			description: 'no ping',
			severity: 'critical',
			dedupeKey: 'srv-01-down',
		});
		const first = await poll({ namespace });
		expect(first).toHaveLength(1);
		expect(first![0]).toHaveLength(1);
		expect(first![0][0].json).toMatchObject({
			alertId: alert.alertId,
			status: 'open',
			escalation: { level: 'L1', afterMinutes: 0, dueAt: alert.firstSeenAt },
			escalations: [{ level: 'L1' }],
		});
		expect(await poll({ namespace })).toBeNull();
	});

	it('leaves an acknowledged alert and an alert of another category alone', async () => {
		const namespace = `esc-${Date.now()}-ack`;
		const service = new AlertService(await openStore(pollContext(), 'local'));
		const { alert } = await service.raise(namespace, { title: 'A', description: 'x', severity: 'critical' });
		await service.acknowledge(namespace, alert.alertId);
		await service.raise(namespace, { title: 'B', description: 'x', severity: 'critical', category: 'billing' });
		expect(await poll({ namespace, category: 'security' })).toBeNull();
		expect(await poll({ namespace })).toEqual([
			[expect.objectContaining({ json: expect.objectContaining({ title: 'B' }) })],
		]);
	});

	it('refuses a ladder that cannot work, naming the level', async () => {
		await expect(
			poll({ levels: { level: [{ name: 'L1', afterMinutes: -5, severities: ['critical'] }] } }),
		).rejects.toThrow('The escalation levels cannot be used: Level "L1": After (Minutes) must be 0 or more, not -5');
	});
});
