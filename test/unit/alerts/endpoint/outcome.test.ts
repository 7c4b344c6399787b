import { acceptedAlertId, failureForStatus, remoteMessages } from '../../../../nodes/core/alerts/endpoint';

const TOKEN = 'm365_hook_secret';

describe('remoteMessages', () => {
	it('reads details, then message, then error, then short plain text; never an HTML page', () => {
		expect(remoteMessages('{"ok":false,"error":"invalid_payload","details":["title: Required",7]}', TOKEN)).toEqual([
			'title: Required',
		]);
		expect(remoteMessages('{"message":"customerTenantDomain not found"}', TOKEN)).toEqual([
			'customerTenantDomain not found',
		]);
		expect(remoteMessages('{"error":"missing title"}', TOKEN)).toEqual(['missing title']);
		expect(remoteMessages('title is required\n', TOKEN)).toEqual(['title is required']);
		expect(remoteMessages('<html><body>Bad Request</body></html>', TOKEN)).toEqual([]);
		expect(remoteMessages('', TOKEN)).toEqual([]);
	});

	it('bounds what it keeps and blanks the token', () => {
		const details = Array.from({ length: 20 }, (_, i) => `field${i}: ${'x'.repeat(500)}`);
		const messages = remoteMessages(JSON.stringify({ details }), TOKEN);
		expect(messages).toHaveLength(10);
		expect(messages.every((message) => message.length <= 300)).toBe(true);
		expect(remoteMessages(`{"error":"bad token ${TOKEN}"}`, TOKEN)).toEqual(['bad token [redacted]']);
	});
});

describe('acceptedAlertId', () => {
	it('reads the alertId of the 202 body', () => {
		expect(acceptedAlertId('{"ok":true,"alertId":"a-1"}')).toBe('a-1');
		expect(acceptedAlertId('{"ok":true,"alertId":42}')).toBe('42');
		expect(acceptedAlertId('{"ok":true}')).toBeUndefined();
		expect(acceptedAlertId('accepted')).toBeUndefined();
		expect(acceptedAlertId('null')).toBeUndefined();
	});
});

describe('failureForStatus', () => {
	it('names each Manage365 failure mode', () => {
		expect(failureForStatus(400, '{"details":["title: Required"]}', TOKEN)).toMatchObject({
			reason: 'invalid_alert',
			message: 'The alert endpoint rejected the alert as invalid (400): title: Required',
			validation: ['title: Required'],
			status: 400,
		});
		expect(failureForStatus(401, '{"ok":false,"error":"unauthorized"}', TOKEN)).toMatchObject({
			reason: 'unauthorized',
			message: 'The alert endpoint refused the token (401)',
		});
		expect(failureForStatus(404, '', TOKEN)).toMatchObject({
			reason: 'not_found',
			message: expect.stringMatching(/^No such alert endpoint \(404\)/),
		});
	});

	it('names redirects, server failures with their attempts, and other refusals', () => {
		expect(failureForStatus(302, '', TOKEN).reason).toBe('redirected');
		expect(failureForStatus(503, '', TOKEN, 3)).toMatchObject({
			reason: 'server_error',
			message: 'The alert endpoint failed with HTTP 503 after 3 attempts',
		});
		expect(failureForStatus(429, '', TOKEN).message).toBe('The alert endpoint failed with HTTP 429');
		expect(failureForStatus(422, '{"error":"nope"}', TOKEN)).toMatchObject({
			reason: 'refused',
			message: 'The alert endpoint refused the alert with HTTP 422: nope',
		});
	});
});
