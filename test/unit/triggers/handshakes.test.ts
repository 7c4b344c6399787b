import { createHmac } from 'node:crypto';

import {
	handshakeAfterVerification,
	handshakeBeforeVerification,
	HANDSHAKE_GET_PRESETS,
	type HandshakeRequest,
} from '../../../nodes/core/triggers';

const FORBIDDEN = { status: 403, contentType: 'application/json', body: '{"ok":false,"error":"forbidden"}' };

const request = (overrides: Partial<HandshakeRequest> = {}): HandshakeRequest => ({
	method: 'POST',
	query: {},
	body: {},
	...overrides,
});

/** A query as n8n's extended parser (qs) leaves it: `hub.mode` stays a flat key unless dots are read as
 * nesting (`allowDots`), repeated parameters become arrays and brackets objects. */
type Query = Record<string, unknown>;

describe('HANDSHAKE_GET_PRESETS', () => {
	it('names the senders that handshake with GET', () => {
		expect(HANDSHAKE_GET_PRESETS).toEqual(['meta', 'microsoftGraph']);
	});
});

describe('handshakeBeforeVerification: meta', () => {
	// Meta's documented example request, in both shapes a query parser gives it.
	const flat = { 'hub.mode': 'subscribe', 'hub.challenge': '1158201444', 'hub.verify_token': 'meatyhamhock' };
	const nested = { hub: { mode: 'subscribe', challenge: '1158201444', verify_token: 'meatyhamhock' } };
	const meta = (query: Query, verifyToken: string | undefined, method = 'GET') =>
		handshakeBeforeVerification('meta', request({ method, query }), verifyToken);

	it('echoes the challenge as plain text when the verify token matches, in either query shape', () => {
		const reply = { status: 200, contentType: 'text/plain', body: '1158201444' };
		expect(meta(flat, 'meatyhamhock')).toEqual(reply);
		expect(meta(nested, 'meatyhamhock')).toEqual(reply);
		expect(meta(flat, 'meatyhamhock', 'get')).toEqual(reply);
	});

	it('refuses a wrong, empty or unset verify token', () => {
		expect(meta(flat, 'meatyhamhocks')).toEqual(FORBIDDEN);
		expect(meta(flat, 'meatyhamhoc')).toEqual(FORBIDDEN);
		expect(meta(flat, undefined)).toEqual(FORBIDDEN);
		expect(meta({ ...flat, 'hub.verify_token': '' }, '')).toEqual(FORBIDDEN);
		expect(meta({ ...flat, 'hub.verify_token': '' }, undefined)).toEqual(FORBIDDEN);
	});

	it('refuses any other GET: Meta sends its events by POST', () => {
		for (const query of [
			{},
			{ ...flat, 'hub.mode': 'unsubscribe' },
			{ 'hub.mode': 'subscribe', 'hub.verify_token': 'meatyhamhock' },
			{ 'hub.mode': 'subscribe', 'hub.challenge': '1' },
			{ ...flat, 'hub.challenge': { a: '1' } },
			// Repeated, or spelled both ways: no copy is picked.
			{ ...flat, 'hub.challenge': ['1158201444', '2'] },
			{ ...flat, hub: { challenge: '2' } },
		]) {
			expect(meta(query, 'meatyhamhock')).toEqual(FORBIDDEN);
		}
	});

	it('leaves every other method to verification', () => {
		expect(meta(flat, 'meatyhamhock', 'POST')).toBeUndefined();
		expect(meta(flat, 'meatyhamhock', 'HEAD')).toBeUndefined();
	});
});

describe('handshakeBeforeVerification: microsoftGraph', () => {
	const graph = (method: string, query: Query) =>
		handshakeBeforeVerification('microsoftGraph', request({ method, query }), undefined);
	const validationToken = 'Validation: Testing client application reachability for subscription Request-Id: 1c9b-4b7a';

	it('echoes the validationToken, as the query parser decoded it, as plain text by POST or GET', () => {
		const reply = { status: 200, contentType: 'text/plain', body: validationToken };
		expect(graph('POST', { validationToken })).toEqual(reply);
		expect(graph('GET', { validationToken })).toEqual(reply);
		expect(graph('post', { validationToken: 'a b+c&d<' })).toEqual({
			status: 200,
			contentType: 'text/plain',
			body: 'a b+c&d<',
		});
	});

	it('echoes at most 1024 characters', () => {
		expect(graph('POST', { validationToken: 'x'.repeat(1024) })?.body).toBe('x'.repeat(1024));
		expect(graph('POST', { validationToken: 'x'.repeat(1025) })).toEqual({
			status: 400,
			contentType: 'application/json',
			body: '{"ok":false,"error":"invalid_payload","details":["validationToken is longer than 1024 characters"]}',
		});
	});

	it('refuses a repeated or nested validationToken', () => {
		const reply = {
			status: 400,
			contentType: 'application/json',
			body: '{"ok":false,"error":"invalid_payload","details":["validationToken must occur once, as text"]}',
		};
		expect(graph('POST', { validationToken: ['a', 'b'] })).toEqual(reply);
		expect(graph('GET', { validationToken: { a: 'b' } })).toEqual(reply);
	});

	it('leaves a POST without a token to verification, and refuses such a GET', () => {
		expect(graph('POST', {})).toBeUndefined();
		expect(graph('GET', { other: '1' })).toEqual(FORBIDDEN);
	});

	it('answers no other method', () => {
		expect(graph('PUT', { validationToken })).toBeUndefined();
		expect(graph('DELETE', { validationToken })).toBeUndefined();
	});
});

describe('handshakeBeforeVerification: other presets', () => {
	it('answers nothing for senders whose handshakes are signed, or who have none', () => {
		const handshake = request({
			method: 'GET',
			query: { 'hub.mode': 'subscribe', 'hub.challenge': '1', 'hub.verify_token': 't', validationToken: 'v' },
			body: { type: 'url_verification', challenge: 'c' },
		});
		for (const preset of ['slack', 'zoom', 'discord', 'github', 'none', '']) {
			expect(handshakeBeforeVerification(preset, handshake, 't')).toBeUndefined();
		}
	});
});

describe('handshakeAfterVerification', () => {
	const after = (preset: string, body: unknown, secret = 'secret') =>
		handshakeAfterVerification(preset, request({ body }), secret);

	it('slack: answers url_verification with the challenge as JSON', () => {
		// Slack's documented example.
		const body = {
			token: 'Jhj5dZrVaK7ZwHHjRyZWjbDl',
			challenge: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P',
			type: 'url_verification',
		};
		expect(after('slack', body)).toEqual({
			status: 200,
			contentType: 'application/json',
			body: '{"challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"}',
		});
		expect(after('slack', { type: 'url_verification', challenge: 'a"\\b' })?.body).toBe('{"challenge":"a\\"\\\\b"}');
	});

	it('slack: anything else is a delivery', () => {
		for (const body of [
			{ type: 'event_callback', challenge: 'c' },
			{ type: 'url_verification' },
			{ type: 'url_verification', challenge: 42 },
			{ type: 'url_verification', challenge: ['c'] },
			{ type: 'url_verification', challenge: '' },
		]) {
			expect(after('slack', body)).toBeUndefined();
		}
	});

	it('zoom: answers endpoint.url_validation with the token and its HMAC-SHA256 under the secret', () => {
		// The plainToken of Zoom's documented example; the expected MAC is computed here independently.
		const plainToken = 'qgg8vlvZRS6UYooatFL8Aw';
		const secret = 'zoom-webhook-secret-token';
		const encryptedToken = createHmac('sha256', secret).update(plainToken).digest('hex');
		const body = { payload: { plainToken }, event_ts: 1654503849680, event: 'endpoint.url_validation' };
		expect(after('zoom', body, secret)).toEqual({
			status: 200,
			contentType: 'application/json',
			body: `{"plainToken":"qgg8vlvZRS6UYooatFL8Aw","encryptedToken":"${encryptedToken}"}`,
		});
	});

	it('zoom: anything else is a delivery', () => {
		for (const body of [
			{ event: 'meeting.started', payload: { plainToken: 'p' } },
			{ event: 'endpoint.url_validation' },
			{ event: 'endpoint.url_validation', payload: {} },
			{ event: 'endpoint.url_validation', payload: { plainToken: 7 } },
			{ event: 'endpoint.url_validation', payload: 'p' },
			{ event: 'endpoint.url_validation', plainToken: 'p' },
		]) {
			expect(after('zoom', body)).toBeUndefined();
		}
	});

	it('discord: answers a PING with a PONG', () => {
		const ping = { id: '1', application_id: '2', type: 1, token: 't', version: 1 };
		expect(after('discord', ping)).toEqual({ status: 200, contentType: 'application/json', body: '{"type":1}' });
	});

	it('discord: interactions of other types, or a type that is not the number 1, are deliveries', () => {
		for (const body of [{ type: 2 }, { type: '1' }, { type: true }, {}]) {
			expect(after('discord', body)).toBeUndefined();
		}
	});

	it('answers nothing for a body that is not an object, or a preset without a signed handshake', () => {
		for (const body of [undefined, null, 'type=1', [{ type: 1 }], 1]) {
			for (const preset of ['slack', 'zoom', 'discord']) expect(after(preset, body)).toBeUndefined();
		}
		for (const preset of ['meta', 'microsoftGraph', 'github', 'none']) {
			expect(after(preset, { type: 'url_verification', challenge: 'c' })).toBeUndefined();
			expect(after(preset, { type: 1 })).toBeUndefined();
		}
	});
});
