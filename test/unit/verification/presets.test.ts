import {
	isPresetName,
	PRESET_NAMES,
	PRESETS,
	resolvePreset,
	signRequest,
	verifySignature,
	type PresetName,
} from '../../../nodes/core/verification';
import { input } from './support';

describe('presets', () => {
	it('fills the documented settings of each sender', () => {
		expect(resolvePreset('github')).toEqual({
			method: 'hmac',
			algorithm: 'sha256',
			encoding: 'hex',
			signatureHeader: 'X-Hub-Signature-256',
			signaturePrefix: 'sha256=',
		});
		expect(resolvePreset('stripe')).toEqual({ method: 'stripe' });
		expect(resolvePreset('shopify')).toEqual({
			method: 'hmac',
			algorithm: 'sha256',
			encoding: 'base64',
			signatureHeader: 'X-Shopify-Hmac-Sha256',
		});
		expect(resolvePreset('slack')).toEqual({
			method: 'hmac',
			algorithm: 'sha256',
			encoding: 'hex',
			signatureHeader: 'X-Slack-Signature',
			signaturePrefix: 'v0=',
			signedContent: 'v0:{timestamp}:{body}',
			timestampHeader: 'X-Slack-Request-Timestamp',
			toleranceSeconds: 300,
		});
		expect(resolvePreset('mspManager')).toEqual({
			method: 'hmac',
			algorithm: 'sha256',
			encoding: 'base64',
			signatureHeader: 'X-Webhook-Signature',
		});
		expect(resolvePreset('oneManage')).toEqual({
			method: 'hmac',
			algorithm: 'sha256',
			encoding: 'hex',
			signatureHeader: 'X-OneManage-Signature',
		});
	});

	it("fills the second release's senders as the design's wire table says", () => {
		expect(resolvePreset('zoom')).toEqual({
			method: 'hmac',
			algorithm: 'sha256',
			encoding: 'hex',
			signatureHeader: 'x-zm-signature',
			signaturePrefix: 'v0=',
			signedContent: 'v0:{timestamp}:{body}',
			timestampHeader: 'x-zm-request-timestamp',
			toleranceSeconds: 300,
		});
		expect(resolvePreset('discord')).toEqual({
			method: 'ed25519',
			encoding: 'hex',
			signatureHeader: 'X-Signature-Ed25519',
			signedContent: '{timestamp}{body}',
			timestampHeader: 'X-Signature-Timestamp',
			toleranceSeconds: 300,
		});
		expect(resolvePreset('meta')).toEqual(resolvePreset('github'));
		expect(resolvePreset('microsoftGraph')).toEqual({ method: 'microsoftGraph' });
		expect(resolvePreset('twilio')).toEqual({ method: 'twilio' });
		expect(resolvePreset('sendgrid')).toEqual({
			method: 'ecdsa',
			encoding: 'base64',
			signatureHeader: 'X-Twilio-Email-Event-Webhook-Signature',
			signedContent: '{timestamp}{body}',
			timestampHeader: 'X-Twilio-Email-Event-Webhook-Timestamp',
			toleranceSeconds: 300,
		});
		expect(resolvePreset('googlePubSub')).toEqual({
			method: 'jwt',
			jwksUrl: 'https://www.googleapis.com/oauth2/v3/certs',
			issuers: ['accounts.google.com', 'https://accounts.google.com'],
			algorithms: ['RS256'],
		});
		expect(resolvePreset('pagerDuty')).toEqual({
			method: 'hmac',
			algorithm: 'sha256',
			encoding: 'hex',
			signatureHeader: 'X-PagerDuty-Signature',
			signaturePrefix: 'v1=',
			signatureSeparator: ',',
		});
		expect(resolvePreset('gitlab')).toEqual({ method: 'headerToken', headerName: 'X-Gitlab-Token' });
		expect(resolvePreset('autotask')).toEqual({
			method: 'hmac',
			algorithm: 'sha1',
			encoding: 'base64',
			signatureHeader: 'X-Hook-Signature',
			signaturePrefix: 'sha1=',
		});
		expect(resolvePreset('haloPsa')).toEqual({ method: 'basicAuth' });
	});

	it('describes every preset for a UI', () => {
		expect(PRESET_NAMES).toEqual([
			'github',
			'stripe',
			'shopify',
			'slack',
			'mspManager',
			'oneManage',
			'zoom',
			'discord',
			'meta',
			'microsoftGraph',
			'twilio',
			'sendgrid',
			'googlePubSub',
			'pagerDuty',
			'gitlab',
			'autotask',
			'haloPsa',
		]);
		for (const name of PRESET_NAMES) {
			expect(PRESETS[name].displayName).toMatch(/\S/);
			expect(PRESETS[name].description.length).toBeGreaterThan(20);
		}
	});

	it("knows which senders sign a timestamp, so that only their tolerance is the user's", () => {
		expect(PRESET_NAMES.filter((name) => PRESETS[name].timestamped)).toEqual([
			'stripe',
			'slack',
			'zoom',
			'discord',
			'sendgrid',
		]);
	});

	it('names only its own entries as presets', () => {
		expect(PRESET_NAMES.every(isPresetName)).toBe(true);
		expect(isPresetName('gitea')).toBe(false);
		expect(isPresetName('toString')).toBe(false);
		expect(isPresetName('hmac')).toBe(false);
	});

	it('hands out copies, so adjusting one cannot change the preset', () => {
		const slack = resolvePreset('slack');
		Object.assign(slack, { toleranceSeconds: 9999, signatureHeader: 'X-Changed' });
		expect(resolvePreset('slack')).toMatchObject({ toleranceSeconds: 300, signatureHeader: 'X-Slack-Signature' });
	});

	it('throws on an unknown name', () => {
		expect(() => resolvePreset('gitea' as PresetName)).toThrow('Unknown verification preset "gitea"');
		expect(() => resolvePreset('toString' as PresetName)).toThrow('Unknown verification preset');
	});

	// The example of https://api.slack.com/authentication/verifying-requests-from-slack ("a2114d57…").
	it("accepts Slack's documented example and reproduces its signature", () => {
		const secret = '8f742231b10e8888abcd99yyyzzz85a5';
		const timestamp = 1531420618;
		const body = Buffer.from(
			'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&' +
				'channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&' +
				'response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&' +
				'trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c',
		);
		const signature = 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503';
		const headers = { 'X-Slack-Signature': signature, 'X-Slack-Request-Timestamp': String(timestamp) };
		expect(signRequest(resolvePreset('slack'), secret, { body, timestampSeconds: timestamp })).toEqual(headers);
		expect(
			verifySignature(resolvePreset('slack'), input(body, headers, { current: secret }, timestamp * 1000)),
		).toEqual({
			ok: true,
			method: 'hmac',
			secret: 'current',
		});
		expect(
			verifySignature(resolvePreset('slack'), input(body, headers, { current: secret }, (timestamp + 301) * 1000)),
		).toEqual({
			ok: false,
			method: 'hmac',
			reason: 'timestamp_out_of_tolerance',
		});
	});
});
