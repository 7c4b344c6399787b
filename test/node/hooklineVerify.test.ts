import { createHmac } from 'node:crypto';
import type { INodeExecutionData, INodeTypeDescription } from 'n8n-workflow';
import { Webhook } from 'standardwebhooks';

import { HooklineVerify } from '../../nodes/HooklineVerify/HooklineVerify.node';
import { mockExecuteFunctions } from '../support/mockExecuteFunctions';

const node = new HooklineVerify();
const description = node.description as INodeTypeDescription;
const SECRET = "It's a Secret to Everybody";

function webhookItem(body: string, headers: Record<string, string>): INodeExecutionData {
	return {
		json: { headers, body: JSON.parse(body || 'null'), rawBody: body },
		binary: { data: { data: Buffer.from(body).toString('base64'), mimeType: 'application/json' } },
	};
}

async function run(
	parameters: Record<string, unknown>,
	items: INodeExecutionData[],
	previousSecret = '',
	secret = SECRET,
) {
	const ctx = mockExecuteFunctions({
		properties: description.properties,
		parameters,
		items,
		credentials: { hooklineSecretApi: { secret, previousSecret } },
	});
	const [valid, invalid] = await node.execute!.call(ctx);
	return { valid, invalid };
}

const hmac = (algorithm: string, key: string, content: string, encoding: 'hex' | 'base64') =>
	createHmac(algorithm, key).update(content).digest(encoding);

describe('Hookline Verify node', () => {
	it('declares Valid and Invalid outputs and the secret credential', () => {
		expect(description.outputNames).toEqual(['Valid', 'Invalid']);
		expect(description.credentials?.[0].name).toBe('hooklineSecretApi');
		expect(description.properties.every((p) => p.type === 'notice' || p.description)).toBe(true);
	});

	it('accepts the GitHub documentation vector from binary raw body', async () => {
		const item = {
			json: {
				headers: { 'x-hub-signature-256': 'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17' },
			},
			binary: { data: { data: Buffer.from('Hello, World!').toString('base64'), mimeType: 'text/plain' } },
		};
		const { valid, invalid } = await run({ verification: 'github' }, [item]);
		expect(invalid).toHaveLength(0);
		expect(valid[0].json.verification).toEqual({ valid: true, method: 'hmac', secret: 'current' });
		expect(valid[0].binary).toBe(item.binary);
		expect(valid[0].pairedItem).toEqual({ item: 0 });
	});

	it('routes a forged, a tampered and a genuine item each to the right output, in order', async () => {
		const body = '{"event":"ticket.created","id":42}';
		const good = hmac('sha256', SECRET, body, 'base64');
		const items = [
			webhookItem(body, { 'X-Webhook-Signature': good }),
			webhookItem(body, { 'X-Webhook-Signature': hmac('sha256', 'wrong', body, 'base64') }),
			webhookItem('{"event":"ticket.created","id":43}', { 'X-Webhook-Signature': good }),
		];
		const { valid, invalid } = await run({ verification: 'mspManager' }, items);
		expect(valid.map((i) => i.pairedItem)).toEqual([{ item: 0 }]);
		expect(invalid.map((i) => i.pairedItem)).toEqual([{ item: 1 }, { item: 2 }]);
		expect(invalid[0].json.verification).toMatchObject({ valid: false, reason: 'signature_mismatch' });
		expect(JSON.stringify(invalid)).not.toContain(SECRET);
	});

	it('reports the previous secret during a rotation', async () => {
		const body = '{"a":1}';
		const items = [webhookItem(body, { 'x-onemanage-signature': hmac('sha256', 'old-secret', body, 'hex') })];
		const { valid } = await run({ verification: 'oneManage' }, items, 'old-secret');
		expect(valid[0].json.verification).toMatchObject({ valid: true, secret: 'previous' });
	});

	it('verifies Standard Webhooks signed by the official library, from a JSON text field', async () => {
		const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
		const body = '{"type":"invoice.paid","amount":12}';
		const id = 'msg_2b3c';
		const now = new Date();
		const signature = new Webhook(secret).sign(id, now, body);
		const item: INodeExecutionData = {
			json: {
				request: {
					headers: {
						'webhook-id': id,
						'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
						'webhook-signature': signature,
					},
					text: body,
				},
			},
		};
		const ctx = mockExecuteFunctions({
			properties: description.properties,
			parameters: {
				verification: 'standardWebhooks',
				rawBodySource: 'field',
				rawBodyField: 'request.text',
				headersField: 'request.headers',
			},
			items: [item],
			credentials: { hooklineSecretApi: { secret } },
		});
		const [valid] = await node.execute!.call(ctx);
		expect(valid[0].json.verification).toEqual({ valid: true, method: 'standardWebhooks', secret: 'current' });
	});

	it('fails closed when the raw body is missing or was parsed into an object', async () => {
		const signature = hmac('sha256', SECRET, '{"a":1}', 'hex');
		const noBinary: INodeExecutionData = { json: { headers: { 'x-signature': signature }, body: { a: 1 } } };
		const { invalid } = await run({ verification: 'hmac' }, [noBinary]);
		expect(invalid[0].json.verification).toMatchObject({ reason: 'missing_raw_body' });

		const parsed = await run({ verification: 'hmac', rawBodySource: 'field', rawBodyField: 'body' }, [noBinary]);
		expect(parsed.invalid[0].json.verification).toMatchObject({ reason: 'missing_raw_body' });
	});

	it('checks a bearer token without needing a body', async () => {
		const token = 'm365_hook_4f9c2d';
		const ok = await run(
			{ verification: 'bearer' },
			[{ json: { headers: { authorization: `Bearer ${token}` } } }],
			'',
			token,
		);
		expect(ok.valid).toHaveLength(1);
		const bad = await run(
			{ verification: 'bearer' },
			[{ json: { headers: { authorization: 'Bearer nope' } } }],
			'',
			token,
		);
		expect(bad.invalid[0].json.verification).toMatchObject({ valid: false, reason: 'signature_mismatch' });
		const spaced = await run(
			{ verification: 'bearer' },
			[{ json: { headers: { authorization: `Bearer ${token} x` } } }],
			'',
			token,
		);
		expect(spaced.invalid[0].json.verification).toMatchObject({ reason: 'malformed_header' });
	});

	it('uses a custom HMAC scheme with timestamp template and refuses a stale timestamp', async () => {
		const body = '{"x":true}';
		const fresh = String(Math.floor(Date.now() / 1000));
		const stale = String(Math.floor(Date.now() / 1000) - 3600);
		const parameters = {
			verification: 'hmac',
			algorithm: 'sha512',
			signatureEncoding: 'base64',
			signatureHeader: 'X-Sig',
			signaturePrefix: 'v1=',
			signedContent: '{timestamp}.{body}',
			timestampHeader: 'X-Ts',
		};
		const sign = (ts: string) => `v1=${hmac('sha512', SECRET, `${ts}.${body}`, 'base64')}`;
		const { valid, invalid } = await run(parameters, [
			webhookItem(body, { 'x-sig': sign(fresh), 'x-ts': fresh }),
			webhookItem(body, { 'x-sig': sign(stale), 'x-ts': stale }),
		]);
		expect(valid).toHaveLength(1);
		expect(invalid[0].json.verification).toMatchObject({ reason: 'timestamp_out_of_tolerance' });
	});

	it('throws a node error without a credential unless Continue On Fail is on', async () => {
		const item = webhookItem('{}', {});
		const failing = mockExecuteFunctions({
			properties: description.properties,
			parameters: { verification: 'github' },
			items: [item],
		});
		await expect(node.execute!.call(failing)).rejects.toThrow('hooklineSecretApi');

		const tolerant = mockExecuteFunctions({
			properties: description.properties,
			parameters: { verification: 'github' },
			items: [item],
			continueOnFail: true,
		});
		const [valid, invalid] = await node.execute!.call(tolerant);
		expect(valid).toHaveLength(0);
		expect(invalid[0].json.verification).toMatchObject({ valid: false });
	});
});
