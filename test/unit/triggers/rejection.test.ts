import { rejectionRecord } from '../../../nodes/core/triggers';

describe('rejectionRecord', () => {
	it('records a refusal by reason and detail, with details only when there are some', () => {
		expect(rejectionRecord({ outcome: 'rejected', reason: 'unauthorized', detail: 'Signature mismatch' })).toEqual({
			reason: 'unauthorized',
			detail: 'Signature mismatch',
		});
		expect(
			rejectionRecord({
				outcome: 'rejected',
				reason: 'invalid_payload',
				detail: 'Invalid alert',
				details: ['title: required'],
				retryAfterSeconds: 5,
			}),
		).toEqual({ reason: 'invalid_payload', detail: 'Invalid alert', details: ['title: required'] });
	});

	it('records a duplicate with the delivery it repeats', () => {
		expect(rejectionRecord({ outcome: 'duplicate', deliveryId: 'd-1', idempotencyKey: 'k-1' })).toEqual({
			reason: 'duplicate',
			deliveryId: 'd-1',
			idempotencyKey: 'k-1',
		});
	});
});
