/** Every preset of the core's table agrees across the layers: the Verification option both inbound nodes
 * show, the parameters n8n resolves for it (the tolerance field exactly when the sender signs a timestamp),
 * the configuration readVerificationConfig reads from them, verifying in the core what the sender signs, and the
 * nodes themselves. Each sender signs as its documentation says (test/support/senderSigners.ts), never with
 * Hookline's own signing code. A preset added to the table needs only its sender there.
 *
 * Google Pub/Sub: Google's key set cannot be fetched here, so the nodes' key-set fetch (jwksProviderFor) is replaced
 * by one that serves a local RSA key as Google's set; everything else (issuer, audience, service account, algorithm)
 * is the preset's own. The guarded fetch itself is tested with a JWKS on 127.0.0.1 in senders.test.ts. */
import { randomUUID } from 'node:crypto';

import type { INodeProperties, INodePropertyOptions, INodeType } from 'n8n-workflow';

import {
	credentialKindOf,
	isPresetName,
	PRESET_NAMES,
	PRESETS,
	verifyRequest,
	type PresetName,
	type VerificationConfig,
} from '../../nodes/core/verification';
import { HooklineTrigger } from '../../nodes/HooklineTrigger/HooklineTrigger.node';
import { HooklineVerify } from '../../nodes/HooklineVerify/HooklineVerify.node';
import * as jwksFetch from '../../nodes/n8n/verification/jwksFetch';
import { readVerificationConfig } from '../../nodes/n8n/verification/verificationConfig';
import { mockExecuteFunctions } from '../support/mockExecuteFunctions';
import { mockWebhookFunctions, runWebhook } from '../support/mockWebhookFunctions';
import { resolveParameters } from '../support/nodeParameters';
import { coreInput, senderFor, tampered, type SenderSigner, type SignedDelivery } from '../support/senderSigners';
import { useThrowawayUserFolder } from '../support/userFolder';

const BODY = Buffer.from('{"event":"preset.check","note":"Grüße ✓"}');
const AT = 1_700_000_000;
const GENERIC_METHODS = [
	'basicAuth',
	'bearer',
	'ecdsa',
	'ed25519',
	'headerToken',
	'hmac',
	'jwt',
	'none',
	'queryToken',
	'standardWebhooks',
];

useThrowawayUserFolder('hookline-presets-');

beforeAll(() => {
	jest.spyOn(jwksFetch, 'jwksProviderFor').mockReturnValue(senderFor('googlePubSub').jwks!);
});
afterAll(() => jest.restoreAllMocks());

const trigger = new HooklineTrigger();
const verify = new HooklineVerify();
const NODES: Array<[string, INodeType]> = [
	['Hookline Trigger', trigger],
	['Hookline Verify', verify],
];

const verificationOptions = (properties: INodeProperties[]) =>
	properties.find((property) => property.name === 'verification')!.options as INodePropertyOptions[];

/** The configuration a node reads when n8n hands it these parameters, defaults filled in as n8n does. */
function configFor(properties: INodeProperties[], given: Record<string, unknown>): VerificationConfig {
	const parameters = resolveParameters(properties, given);
	return readVerificationConfig((name, fallback) => (Object.hasOwn(parameters, name) ? parameters[name] : fallback));
}

/** What the core answers for the delivery at the receiver's clock. */
const at = (config: VerificationConfig, sender: SenderSigner, request: SignedDelivery, nowSeconds: number) =>
	verifyRequest(config, coreInput(sender, request, nowSeconds), { jwks: sender.jwks });

/** A JWT checked against a key set names no secret; every other scheme the credential's current one. */
const accepted = (name: PresetName) => ({
	ok: true,
	method: PRESETS[name].config.method,
	secret: credentialKindOf(PRESETS[name].config) === 'none' ? 'none' : 'current',
});

describe.each(NODES)('%s', (_name, node) => {
	const properties = node.description.properties;
	const options = verificationOptions(properties);

	it('offers every preset of the table, and no other besides the generic methods', () => {
		const values = options.map((option) => String(option.value));
		expect(values.filter(isPresetName).sort()).toEqual([...PRESET_NAMES].sort());
		expect(values.filter((value) => !isPresetName(value))).toEqual(GENERIC_METHODS);
	});

	describe.each(PRESET_NAMES)('preset %s', (name: PresetName) => {
		const preset = PRESETS[name];

		it("shows the table's name and option description", () => {
			expect(options.find((option) => option.value === name)).toEqual({
				name: preset.displayName,
				value: name,
				description: preset.optionDescription,
			});
		});

		it('shows the tolerance field exactly when the sender signs a timestamp', () => {
			expect(Object.hasOwn(resolveParameters(properties, { verification: name }), 'toleranceSeconds')).toBe(
				preset.timestamped,
			);
		});

		it("reads the table's configuration, with the user's tolerance when one applies", () => {
			expect(configFor(properties, { verification: name })).toEqual(
				preset.timestamped ? { ...preset.config, toleranceSeconds: 300 } : preset.config,
			);
			expect(configFor(properties, { verification: name, toleranceSeconds: 10 })).toEqual(
				preset.timestamped ? { ...preset.config, toleranceSeconds: 10 } : preset.config,
			);
		});

		it("verifies what its sender signs; refuses a forger, a changed body if the sender's proof covers it, and (if timestamped) a late request", async () => {
			const sender = senderFor(name);
			const config = configFor(properties, { verification: name, toleranceSeconds: 10, ...sender.parameters });
			const genuine = await sender.sign(BODY, { nowSeconds: AT });
			expect(await at(config, sender, genuine, AT)).toEqual(accepted(name));
			expect(await at(config, sender, tampered(genuine, '✓', '✗'), AT)).toEqual(
				sender.coversBody ? { ok: false, method: preset.config.method, reason: 'signature_mismatch' } : accepted(name),
			);
			const forged = await sender.sign(BODY, { nowSeconds: AT, forger: true });
			expect(await at(config, sender, forged, AT)).toMatchObject({ ok: false, reason: 'signature_mismatch' });
			expect(await at(config, sender, genuine, AT + 10)).toEqual(accepted(name));
			expect(await at(config, sender, genuine, AT + 11)).toEqual(
				preset.timestamped
					? { ok: false, method: preset.config.method, reason: 'timestamp_out_of_tolerance' }
					: accepted(name),
			);
		});
	});
});

describe.each(PRESET_NAMES)('the nodes with preset %s', (name) => {
	const sender = senderFor(name);
	const parameters = { verification: name, ...sender.parameters };
	/** The deliveries either node must refuse: a forger's, and a changed one when the sender's proof covers the body. */
	const refusedDeliveries = async () => {
		const genuine = await sender.sign(BODY);
		const forged = await sender.sign(BODY, { forger: true });
		return sender.coversBody ? [forged, tampered(genuine, 'check', 'chekc')] : [forged];
	};

	it('Hookline Verify routes a genuine item to Valid and a forged or changed one to Invalid', async () => {
		const item = (request: SignedDelivery) => ({
			json: { headers: request.headers, query: request.query, body: request.parsedBody as object },
			binary: { data: { data: request.body.toString('base64'), mimeType: 'application/json' } },
		});
		const refused = await refusedDeliveries();
		const genuine = await sender.sign(BODY);
		const ctx = mockExecuteFunctions({
			properties: verify.description.properties,
			// Twilio signs the public URL; the Webhook node's item does not carry it, so the user gives it.
			parameters: { ...parameters, requestUrl: genuine.url },
			items: [item(genuine), ...refused.map(item)],
			credentials: sender.credentials,
		});
		const [valid, invalid] = (await verify.execute!.call(ctx)) as [Array<{ json: object }>, Array<{ json: object }>];
		const { method, secret } = accepted(name);
		expect(valid.map((entry) => entry.json)).toEqual([
			expect.objectContaining({ verification: { valid: true, method, secret } }),
		]);
		expect(invalid.map((entry) => entry.json)).toEqual(
			refused.map(() =>
				expect.objectContaining({
					verification: expect.objectContaining({ valid: false, reason: 'signature_mismatch' }),
				}),
			),
		);
	});

	it('Hookline Trigger accepts a genuine delivery and refuses a forged or changed one', async () => {
		const deliver = async (request: SignedDelivery) => {
			const { ctx, response } = mockWebhookFunctions({
				properties: trigger.description.properties,
				parameters: { path: 'hook', ...parameters },
				credentials: sender.credentials,
				request: {
					body: request.body,
					headers: request.headers,
					parsedBody: request.parsedBody,
					query: request.query,
					originalUrl: request.originalUrl,
				},
				workflowId: randomUUID(),
			});
			await runWebhook(trigger, ctx, response);
			return response.status;
		};
		expect(await deliver(await sender.sign(BODY))).toBe(202);
		for (const request of await refusedDeliveries()) expect(await deliver(request)).toBe(401);
	});
});
