import {
	FAILURE_MESSAGES,
	resolvePreset,
	signRequest,
	verifySignature,
	type HeaderBag,
	type VerificationConfig,
	type VerifyFailureReason,
	type VerifyInput,
} from '../../../nodes/core/verification';
import { input, newStandardSecret, NOW_S } from './support';

const body = Buffer.from('{}');

describe('verifySignature', () => {
	it('accepts anything for "none", with no secret and no body', () => {
		expect(verifySignature({ method: 'none' }, input(undefined, {}, { current: '' }))).toEqual({
			ok: true,
			method: 'none',
			secret: 'none',
		});
	});

	it.each<[string, VerificationConfig]>([
		['hmac', resolvePreset('github')],
		['standardWebhooks', { method: 'standardWebhooks' }],
		['stripe', { method: 'stripe' }],
	])('fails %s closed without a raw body, even with a correct signature', (method, config) => {
		const secret = method === 'standardWebhooks' ? newStandardSecret() : 'secret';
		const headers = signRequest(config, secret, { body: Buffer.alloc(0), timestampSeconds: NOW_S });
		const secrets = { current: secret };
		expect(verifySignature(config, input(undefined, headers, secrets))).toEqual({
			ok: false,
			method,
			reason: 'missing_raw_body',
		});
		expect(verifySignature(config, input(Buffer.alloc(0), headers, secrets))).toEqual({
			ok: true,
			method,
			secret: 'current',
		});
	});

	it('does not take text for the raw body', () => {
		const config = resolvePreset('github');
		const headers = signRequest(config, 'secret', { body });
		const text = { rawBody: '{}', headers, secrets: { current: 'secret' } } as unknown as VerifyInput;
		expect(verifySignature(config, text)).toEqual({ ok: false, method: 'hmac', reason: 'missing_raw_body' });
	});

	it.each<VerificationConfig>([
		{ method: 'bearer' },
		{ method: 'headerToken', headerName: 'X-Key' },
		resolvePreset('oneManage'),
		{ method: 'standardWebhooks' },
		{ method: 'stripe' },
	])('refuses $method without a secret before anything else', (config) => {
		expect(verifySignature(config, input(undefined, {}, { current: '', previous: 'old' }))).toEqual({
			ok: false,
			method: config.method,
			reason: 'missing_secret',
		});
	});

	describe('never throws', () => {
		const config = resolvePreset('github');
		const throwingHeaders = new Proxy({} as HeaderBag, {
			ownKeys() {
				throw new Error('boom');
			},
		});

		it('turns an exception inside a scheme into malformed_header', () => {
			expect(() => verifySignature(config, input(body, throwingHeaders, { current: 'secret' }))).not.toThrow();
			expect(verifySignature(config, input(body, throwingHeaders, { current: 'secret' }))).toEqual({
				ok: false,
				method: 'hmac',
				reason: 'malformed_header',
			});
			expect(verifySignature({ method: 'bearer' }, input(body, throwingHeaders, { current: 'secret' }))).toEqual({
				ok: false,
				method: 'bearer',
				reason: 'malformed_header',
			});
		});

		it.each<[string, unknown, unknown, string]>([
			['a null config', null, input(body, {}, { current: 's' }), 'unknown'],
			['an unknown method', { method: 'rot13' }, input(body, {}, { current: 's' }), 'rot13'],
			['missing secrets', config, { rawBody: body, headers: {} }, 'hmac'],
			['null headers', config, { rawBody: body, headers: null, secrets: { current: 's' } }, 'hmac'],
			[
				'a header value that is an object',
				config,
				input(body, { 'x-hub-signature-256': [{}] } as never, { current: 's' }),
				'hmac',
			],
		])('for %s', (_label, badConfig, badInput, method) => {
			const result = verifySignature(badConfig as VerificationConfig, badInput as VerifyInput);
			expect(result.ok).toBe(false);
			expect(result).toMatchObject({ method });
		});
	});
});

describe('FAILURE_MESSAGES', () => {
	it('explains every reason', () => {
		const reasons: VerifyFailureReason[] = [
			'missing_raw_body',
			'missing_secret',
			'invalid_secret',
			'missing_header',
			'duplicate_header',
			'malformed_header',
			'missing_timestamp',
			'invalid_timestamp',
			'timestamp_out_of_tolerance',
			'signature_mismatch',
			'claim_mismatch',
			'missing_key',
			'keys_unavailable',
			'unsupported_method',
			'missing_parameter',
			'duplicate_parameter',
			'missing_url',
			'malformed_body',
		];
		expect(Object.keys(FAILURE_MESSAGES).sort()).toEqual([...reasons].sort());
		for (const reason of reasons) expect(FAILURE_MESSAGES[reason]).toMatch(/^[A-Z].{10,}[^.]$/);
	});
});
