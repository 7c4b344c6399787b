import { deliver } from '../../../nodes/core/delivery/engine';
import type { DeliveryRecord } from '../../../nodes/core/delivery/types';
import { deliveryRecordSchema } from '../../../nodes/core/schemas/deliveryRecord';

describe('deliveryRecordSchema', () => {
	const record: DeliveryRecord = {
		delivered: false,
		eventId: 'evt_1',
		url: 'https://receiver.example/hook',
		status: null,
		attempts: [
			{ n: 1, status: 503, error: 'HTTP 503', durationMs: 12 },
			{ n: 2, status: null, error: 'ETIMEDOUT: No complete response within 10000 ms', durationMs: 10_001 },
		],
		responseBody: '',
	};

	it('accepts what the engine produces', async () => {
		const produced = await deliver(
			{ url: 'https://receiver.example/hook', body: Buffer.from('{}'), headers: {}, eventId: 'evt_2', timeoutMs: 1000 },
			{ http: async () => ({ status: 200, headers: {}, body: Buffer.from('ok') }) },
		);
		expect(deliveryRecordSchema.parse(produced)).toEqual(produced);
		expect(deliveryRecordSchema.parse(record)).toEqual(record);
	});

	it('accepts a delivery cancelled before its first attempt, and only such a one without attempts', () => {
		const cancelled = { ...record, attempts: [], cancelled: true };
		expect(deliveryRecordSchema.parse(cancelled)).toEqual(cancelled);
		expect(deliveryRecordSchema.safeParse({ ...cancelled, cancelled: false }).success).toBe(false);
	});

	it.each([
		['delivered', 'yes'],
		['status', '200'],
		['attempts', []],
		['attempts', [{ n: 0, status: 200, error: null, durationMs: 1 }]],
		['attempts', [{ n: 1, status: 200, error: null, durationMs: -1 }]],
		['attempts', [{ n: 1, status: 200, durationMs: 1 }]],
		['responseBody', null],
	])('refuses %s = %p', (field, value) => {
		expect(deliveryRecordSchema.safeParse({ ...record, [field]: value }).success).toBe(false);
	});
});
