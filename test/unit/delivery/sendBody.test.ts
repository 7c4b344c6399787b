import { readJsonParameter } from '../../../nodes/core/delivery/jsonParameter';
import { buildSendBody, eventHeaders } from '../../../nodes/core/delivery/sendBody';

const event = {
	eventName: 'BUG_REPORT_CREATED',
	timestamp: '2025-03-01T12:00:00.000Z',
	payload: { id: '60d5ec', event: 'own field' },
};

describe('buildSendBody', () => {
	it('payload: the payload itself, untouched', () => {
		expect(buildSendBody('payload', event)).toBe(event.payload);
	});

	it('envelope: the Standard Webhooks shape, in its key order', () => {
		const body = buildSendBody('envelope', event);
		expect(body).toEqual({ type: 'BUG_REPORT_CREATED', timestamp: '2025-03-01T12:00:00.000Z', data: event.payload });
		expect(Object.keys(body as object)).toEqual(['type', 'timestamp', 'data']);
	});
});

describe('eventHeaders', () => {
	it('names the event and its ID, and leaves out a header whose name is empty', () => {
		expect(
			eventHeaders({ eventHeader: 'X-Webhook-Event', eventIdHeader: 'X-Webhook-Id' }, 'CRITICAL_LOG', 'evt_1'),
		).toEqual({
			'X-Webhook-Event': 'CRITICAL_LOG',
			'X-Webhook-Id': 'evt_1',
		});
		expect(eventHeaders({ eventHeader: '', eventIdHeader: 'X-Id' }, 'a', 'evt_1')).toEqual({ 'X-Id': 'evt_1' });
	});
});

describe('readJsonParameter', () => {
	it('parses typed text and takes values from expressions as they are', () => {
		expect(readJsonParameter('{ "a": [1, 2] }')).toEqual({ ok: true, value: { a: [1, 2] } });
		expect(readJsonParameter('"text"')).toEqual({ ok: true, value: 'text' });
		const value = { a: 1 };
		expect(readJsonParameter(value)).toEqual({ ok: true, value });
		expect(readJsonParameter(0)).toEqual({ ok: true, value: 0 });
	});

	it('says what is wrong with empty or broken text', () => {
		expect(readJsonParameter('  ')).toEqual({ ok: false, message: 'is empty' });
		expect(readJsonParameter(undefined)).toEqual({ ok: false, message: 'is empty' });
		expect(readJsonParameter('{"a":')).toEqual({
			ok: false,
			message: expect.stringMatching(/^is not valid JSON \(.+\)$/),
		});
	});
});
