import { createHmac } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

import { buildSignedRequest, mergeHeaders, serialiseJson } from '../../../nodes/core/delivery/signedRequest';

const SECRET = 'outbound-secret-value';
const WHSEC = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const base = { url: 'https://receiver.example/hook', eventId: 'evt_1', timeoutMs: 10_000, secret: SECRET };
const headersOf = (request: ReturnType<typeof buildSignedRequest>, attempt = 1) =>
	typeof request.headers === 'function' ? request.headers(attempt) : request.headers;

describe('serialiseJson', () => {
	it('writes compact UTF-8 JSON that survives a parse and re-serialise unchanged', () => {
		const value = { title: 'Crash — ünïcode ✓', n: 1.5, list: [1, null, true], nested: { a: '</script>' } };
		const bytes = serialiseJson(value);
		expect(bytes.toString('utf8')).toBe(JSON.stringify(value));
		expect(JSON.stringify(JSON.parse(bytes.toString('utf8')))).toBe(bytes.toString('utf8'));
	});

	it('refuses what JSON cannot carry', () => {
		expect(() => serialiseJson(undefined)).toThrow(TypeError);
		expect(() => serialiseJson(() => 1)).toThrow(TypeError);
		const circular: Record<string, unknown> = {};
		circular.self = circular;
		expect(() => serialiseJson(circular)).toThrow(TypeError);
	});
});

describe('mergeHeaders', () => {
	it('lets later layers win whatever the case, keeping one entry per name', () => {
		expect(
			mergeHeaders(
				{ 'Content-Type': 'application/json', 'X-A': '1' },
				{ 'content-type': 'text/plain' },
				{ 'x-a': '2', 'X-B': '3' },
			),
		).toEqual({ 'content-type': 'text/plain', 'x-a': '2', 'X-B': '3' });
	});
});

describe('buildSignedRequest', () => {
	it('signs the exact body bytes with HMAC, and the signature wins over a same-named extra header', () => {
		const request = buildSignedRequest({
			...base,
			value: { a: 'é' },
			signing: { method: 'hmac', algorithm: 'sha256', encoding: 'base64', signatureHeader: 'X-Webhook-Signature' },
			headers: { 'x-webhook-signature': 'forged', 'Content-Type': 'application/json' },
		});
		expect(request.body.toString('utf8')).toBe('{"a":"é"}');
		expect(headersOf(request)).toEqual({
			'Content-Type': 'application/json',
			'X-Webhook-Signature': createHmac('sha256', SECRET).update(request.body).digest('base64'),
		});
		expect(request).toMatchObject({ url: base.url, eventId: 'evt_1', timeoutMs: 10_000 });
	});

	it('Standard Webhooks: the event ID is webhook-id, and every attempt is signed at its own time', () => {
		let clock = 1_700_000_000_000;
		const request = buildSignedRequest({
			...base,
			secret: WHSEC,
			value: { x: 1 },
			signing: { method: 'standardWebhooks' },
			now: () => clock,
		});
		const first = headersOf(request, 1);
		clock += 90_000;
		const later = headersOf(request, 2);
		expect(first['webhook-id']).toBe('evt_1');
		expect(later['webhook-id']).toBe('evt_1');
		expect(Number(later['webhook-timestamp']) - Number(first['webhook-timestamp'])).toBe(90);
		const expected = new Webhook(WHSEC).sign('evt_1', new Date(clock), request.body);
		expect(later['webhook-signature']).toBe(expected);
	});

	it('numbers the attempts in the attempt header, with the same event ID and a fresh signature on each', () => {
		let clock = 1_700_000_000_000;
		const request = buildSignedRequest({
			...base,
			secret: WHSEC,
			value: { x: 1 },
			signing: { method: 'standardWebhooks' },
			headers: { 'X-Webhook-Id': 'evt_1', 'x-webhook-attempt': 'from the user' },
			attemptHeader: ' X-Webhook-Attempt ',
			now: () => clock,
		});
		const times: number[] = [];
		const attempts = [1, 2, 3].map((n) => {
			clock += 3_600_000;
			times.push(clock);
			return headersOf(request, n);
		});
		expect(attempts.map((headers) => headers['X-Webhook-Attempt'])).toEqual(['1', '2', '3']);
		expect(attempts.every((headers) => headers['X-Webhook-Id'] === 'evt_1')).toBe(true);
		expect(attempts.every((headers) => !('x-webhook-attempt' in headers))).toBe(true);
		// An attempt an hour later is signed at its own time: a receiver's 5-minute tolerance holds for each.
		const wh = new Webhook(WHSEC);
		expect(attempts.map((headers) => headers['webhook-signature'])).toEqual(
			times.map((at) => wh.sign('evt_1', new Date(at), request.body)),
		);
		expect(new Set(attempts.map((headers) => headers['webhook-signature'])).size).toBe(3);
	});

	it('sends no attempt header when none is named', () => {
		const request = buildSignedRequest({ ...base, value: [], signing: { method: 'none' }, attemptHeader: '' });
		expect(headersOf(request, 2)).toEqual({});
	});

	it('unsigned requests carry only the given headers', () => {
		const request = buildSignedRequest({ ...base, value: [], signing: { method: 'none' }, headers: { 'X-A': '1' } });
		expect(headersOf(request)).toEqual({ 'X-A': '1' });
	});

	it('reports a signing mistake when built, not in the middle of a delivery', () => {
		expect(() =>
			buildSignedRequest({
				...base,
				value: {},
				signing: {
					method: 'hmac',
					algorithm: 'sha256',
					encoding: 'hex',
					signatureHeader: 'X-S',
					signedContent: '{timestamp}.{body}',
				},
			}),
		).toThrow('no timestamp header is set');
		expect(() =>
			buildSignedRequest({ ...base, secret: 'not base64!', value: {}, signing: { method: 'standardWebhooks' } }),
		).toThrow('not a Standard Webhooks secret');
		expect(() =>
			buildSignedRequest({
				...base,
				secret: '',
				value: {},
				signing: { method: 'hmac', algorithm: 'sha1', encoding: 'hex', signatureHeader: 'X-S' },
			}),
		).toThrow('A secret is needed to sign');
	});
});
