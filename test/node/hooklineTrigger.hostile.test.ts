import { createHmac, randomUUID } from 'node:crypto';

import type { INodeTypeDescription } from 'n8n-workflow';
import Stripe from 'stripe';
import { Webhook } from 'standardwebhooks';

import { HooklineTrigger } from '../../nodes/HooklineTrigger/HooklineTrigger.node';
import { mockWebhookFunctions, runWebhook } from '../support/mockWebhookFunctions';
import type { WebhookRequestInit } from '../support/mockWebhookFunctions';
import { useThrowawayUserFolder } from '../support/userFolder';

/** Hostile and malformed requests against every preset: each gets a clear status, never an exception, and a
 * genuine request next to it still passes. Signatures are made as each sender documents, not by Hookline. */

const node = new HooklineTrigger();
const description = node.description as INodeTypeDescription;
const SECRET = `whsec_${Buffer.from('hostile-input-test-secret-32-bytes').toString('base64')}`;
useThrowawayUserFolder('hookline-hostile-');

const hmac = (content: string | Buffer, encoding: 'hex' | 'base64', algorithm = 'sha256') =>
	createHmac(algorithm, SECRET).update(content).digest(encoding);
const nowSeconds = () => Math.floor(Date.now() / 1000);

type Headers = Record<string, string | string[]>;
interface Preset {
	verification: string;
	/** The signature header(s) a sender sets for these bytes at this time. */
	sign(body: string | Buffer, at: number): Record<string, string>;
	/** The header holding the signature itself, for mutations. */
	signatureHeader: string;
	timestampHeader?: string;
}

const PRESETS: Record<string, Preset> = {
	github: {
		verification: 'github',
		sign: (body) => ({ 'x-hub-signature-256': `sha256=${hmac(body, 'hex')}` }),
		signatureHeader: 'x-hub-signature-256',
	},
	shopify: {
		verification: 'shopify',
		sign: (body) => ({ 'x-shopify-hmac-sha256': hmac(body, 'base64') }),
		signatureHeader: 'x-shopify-hmac-sha256',
	},
	mspManager: {
		verification: 'mspManager',
		sign: (body) => ({ 'x-webhook-signature': hmac(body, 'base64') }),
		signatureHeader: 'x-webhook-signature',
	},
	oneManage: {
		verification: 'oneManage',
		sign: (body) => ({ 'x-onemanage-signature': hmac(body, 'hex') }),
		signatureHeader: 'x-onemanage-signature',
	},
	slack: {
		verification: 'slack',
		sign: (body, at) => ({
			'x-slack-request-timestamp': String(at),
			'x-slack-signature': `v0=${hmac(`v0:${at}:${body}`, 'hex')}`,
		}),
		signatureHeader: 'x-slack-signature',
		timestampHeader: 'x-slack-request-timestamp',
	},
	stripe: {
		verification: 'stripe',
		sign: (body, at) => ({
			'stripe-signature': new Stripe('sk_test_x').webhooks.generateTestHeaderString({
				payload: body.toString(),
				secret: SECRET,
				timestamp: at,
			}),
		}),
		signatureHeader: 'stripe-signature',
	},
	standardWebhooks: {
		verification: 'standardWebhooks',
		sign: (body, at) => ({
			'webhook-id': `msg_${at}`,
			'webhook-timestamp': String(at),
			'webhook-signature': new Webhook(SECRET).sign(`msg_${at}`, new Date(at * 1000), body.toString()),
		}),
		signatureHeader: 'webhook-signature',
		timestampHeader: 'webhook-timestamp',
	},
};

async function deliver(verification: string, request: WebhookRequestInit) {
	const { ctx, response } = mockWebhookFunctions({
		properties: description.properties,
		parameters: { path: 'hostile', verification },
		credentials: { hooklineSecretApi: { secret: SECRET } },
		request,
		workflowId: randomUUID(),
	});
	const result = await runWebhook(node, ctx, response);
	return { status: response.status, body: response.body, started: result.workflowData !== undefined };
}

const BODY = '{"event":"hostile","n":1}';
const mutate = (value: string, how: (v: string) => string) => how(value);

describe.each(Object.entries(PRESETS))('Hookline Trigger, %s preset, under hostile input', (_name, preset) => {
	const signed = (body: string | Buffer = BODY, at = nowSeconds()) => preset.sign(body, at);
	const refusedWith401 = async (headers: Headers, body: string | Buffer = BODY) => {
		const answer = await deliver(preset.verification, { body, headers });
		expect(answer).toEqual({ status: 401, body: { ok: false, error: 'unauthorized' }, started: false });
	};

	it('accepts the genuine request (the control case)', async () => {
		expect(await deliver(preset.verification, { body: BODY, headers: signed() })).toMatchObject({
			status: 202,
			started: true,
		});
	});

	it('refuses a request without its signature header', async () => {
		const headers = signed();
		delete headers[preset.signatureHeader];
		await refusedWith401(headers);
	});

	it('refuses a duplicated signature header, even when one copy is genuine', async () => {
		const headers: Headers = signed();
		headers[preset.signatureHeader] = [
			String(headers[preset.signatureHeader]),
			String(headers[preset.signatureHeader]),
		];
		await refusedWith401(headers);
	});

	it.each([
		['truncated', (v: string) => v.slice(0, -4)],
		['empty', () => ''],
		['only white space', () => '   '],
		['one character changed', (v: string) => v.slice(0, -2) + (v.at(-2) === 'a' ? 'b' : 'a') + v.at(-1)],
		['not in any encoding', (v: string) => v.replace(/.$/, '%')],
		['followed by junk', (v: string) => `${v}${'A'.repeat(4096)}`],
	])('refuses a signature that is %s', async (_case, how) => {
		const headers = signed();
		headers[preset.signatureHeader] = mutate(headers[preset.signatureHeader], how);
		await refusedWith401(headers);
	});

	it('refuses a body signed, then re-serialised on the way', async () => {
		const pretty = JSON.stringify(JSON.parse(BODY), null, 2);
		await refusedWith401(signed(pretty), BODY);
	});

	it('refuses a body signed as UTF-8 but sent in another encoding', async () => {
		const text = '{"name":"Grüße"}';
		await refusedWith401(signed(text), Buffer.from(text, 'latin1'));
	});

	it('accepts empty, unicode and 1 MB bodies that are genuinely signed', async () => {
		for (const body of ['', '{"name":"Grüße ✓ 🚀 日本"}', JSON.stringify({ blob: 'x'.repeat(1024 * 1024) })]) {
			expect(await deliver(preset.verification, { body, headers: signed(body) })).toMatchObject({
				status: 202,
				started: true,
			});
		}
	});

	if (preset.verification === 'stripe' || preset.timestampHeader) {
		it.each([
			['an hour old', () => nowSeconds() - 3600],
			['an hour ahead', () => nowSeconds() + 3600],
		])('refuses a timestamp %s, even when signed with it', async (_case, at) => {
			await refusedWith401(signed(BODY, at()));
		});
	}

	if (preset.timestampHeader) {
		it.each(['abc', '', '1e3', '-1', '9'.repeat(40), '12.5'])(
			'refuses the non-numeric or absurd timestamp %j',
			async (value) => {
				const headers = signed();
				headers[preset.timestampHeader!] = value;
				await refusedWith401(headers);
			},
		);
	}
});

describe('Hookline Trigger with a bearer token under hostile input', () => {
	it.each<[string, Headers]>([
		['no Authorization header', {}],
		['a Basic scheme', { authorization: `Basic ${Buffer.from(`user:${SECRET}`).toString('base64')}` }],
		['Bearer without a token', { authorization: 'Bearer ' }],
		['a token with a suffix', { authorization: `Bearer ${SECRET}x` }],
		['a prefix of the token', { authorization: `Bearer ${SECRET.slice(0, -1)}` }],
		['two Authorization headers', { authorization: [`Bearer ${SECRET}`, `Bearer ${SECRET}`] }],
	])('refuses %s with 401', async (_case, headers) => {
		expect(await deliver('bearer', { body: BODY, headers })).toEqual({
			status: 401,
			body: { ok: false, error: 'unauthorized' },
			started: false,
		});
	});
});
