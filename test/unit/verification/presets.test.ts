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

	it('describes every preset for a UI', () => {
		expect(PRESET_NAMES).toEqual(['github', 'stripe', 'shopify', 'slack', 'mspManager', 'oneManage']);
		for (const name of PRESET_NAMES) {
			expect(PRESETS[name].displayName).toMatch(/\S/);
			expect(PRESETS[name].description.length).toBeGreaterThan(20);
		}
	});

	it("knows which senders sign a timestamp, so that only their tolerance is the user's", () => {
		expect(PRESET_NAMES.filter((name) => PRESETS[name].timestamped)).toEqual(['stripe', 'slack']);
	});

	it('names only its own entries as presets', () => {
		expect(PRESET_NAMES.every(isPresetName)).toBe(true);
		expect(isPresetName('gitlab')).toBe(false);
		expect(isPresetName('toString')).toBe(false);
		expect(isPresetName('hmac')).toBe(false);
	});

	it('hands out copies, so adjusting one cannot change the preset', () => {
		const slack = resolvePreset('slack');
		Object.assign(slack, { toleranceSeconds: 9999, signatureHeader: 'X-Changed' });
		expect(resolvePreset('slack')).toMatchObject({ toleranceSeconds: 300, signatureHeader: 'X-Slack-Signature' });
	});

	it('throws on an unknown name', () => {
		expect(() => resolvePreset('gitlab' as PresetName)).toThrow('Unknown verification preset "gitlab"');
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
